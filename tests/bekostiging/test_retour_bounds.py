"""Bounds on return messages (docs/input-limits.md): a reason or message reference with a
NUL or a bidi control is refused on its line, never a 500, and nothing changes."""

from django.core.exceptions import ValidationError

import pytest

from bekostiging.constants import RegelStatus
from bekostiging.models import Retourbericht
from bekostiging.services.retour import INVALID_TEXT, Verdict, VerdictsRefused

from .test_api import make_lines, token_client, verdict_url
from .test_retour import apply, exported_lines

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", ["Polis\x00 niet actief", "Polis \u202eniet actief", "a\nb"])
def test_a_reason_with_control_or_bidi_characters_is_refused_on_its_line(bk_cast, reason):
    one, two = exported_lines(bk_cast, bk_cast.insurer, bk_cast.insurer)
    with pytest.raises(VerdictsRefused) as raised:
        apply(
            bk_cast,
            [
                Verdict(one.reference, accepted=True),
                Verdict(two.reference, accepted=False, reason=reason),
            ],
        )
    assert [(p["line"], p["code"]) for p in raised.value.report] == [(2, INVALID_TEXT)]
    assert "stuurteken" in raised.value.report[0]["problem"] or (
        "leesrichting" in raised.value.report[0]["problem"]
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == two.status == RegelStatus.GEEXPORTEERD
    assert not Retourbericht.objects.exists()


def test_a_message_reference_with_a_nul_is_refused(bk_cast):
    (one,) = exported_lines(bk_cast, bk_cast.insurer)
    with pytest.raises(ValidationError) as raised:
        apply(bk_cast, [Verdict(one.reference, accepted=True)], reference="RET\x00-1")
    assert "reference" in raised.value.message_dict
    assert not Retourbericht.objects.exists()


def test_the_api_refuses_a_bidi_reason_with_a_400_on_the_reason(bk_cast):
    (sent,) = make_lines(bk_cast, bk_cast.insurer)
    client = token_client(bk_cast.insurer_user)
    response = client.post(
        verdict_url(sent.reference),
        {"geaccepteerd": False, "reden": "Polis \u2066niet actief"},
        format="json",
    )
    assert response.status_code == 400, response.content
    error = response.json()["errors"]["reden"][0]
    assert error["code"] == INVALID_TEXT and "leesrichting" in error["message"]
    sent.refresh_from_db()
    assert sent.status == RegelStatus.GEEXPORTEERD
