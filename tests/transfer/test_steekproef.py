"""R-TR-6: the table orders a steekproef of a provider's waiting list; the platform chooses
the entries with a recorded seed; the provider checks them in its own records; the table
sees only the counts per result."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from networks.models import Organisation
from tests.transfer.factories import make_tafel, seat
from tests.wachttijden.factories import WachtplekFactory, pseudonym
from transfer.constants import GuestRole, MemberKind, SteekproefUitkomst
from transfer.models import Steekproef, SteekproefRegel
from transfer.selectors.steekproef import steekproef_lijst
from transfer.services.steekproef import (
    steekproef_bestellen,
    steekproef_kies,
    steekproef_resultaat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tafel(wt_cast):
    return make_tafel(wt_cast.network)


@pytest.fixture
def lijst(wt_cast):
    """Twelve waiting entries of the provider, three with a client reference; one entry of
    the other provider."""
    entries = [
        WachtplekFactory(
            aanbod=wt_cast.aanbod,
            pseudonym=pseudonym(f"p{i}"),
            client_reference=f"REF-{i:03d}" if i < 3 else "",
        )
        for i in range(12)
    ]
    WachtplekFactory(aanbod=wt_cast.other_aanbod, pseudonym=pseudonym("ander"))
    return entries


def _order(wt_cast, tafel, n=5, **kw):
    return steekproef_bestellen(tafel, wt_cast.provider, n, wt_cast.coordinator, **kw)


def test_R_TR_6_the_steekproef_is_reproducible_from_its_recorded_seed(wt_cast, tafel, lijst):
    steekproef = _order(wt_cast, tafel, n=5)
    chosen = sorted(steekproef.regels.values_list("wachtplek_id", flat=True))
    assert len(chosen) == 5 == steekproef.n and steekproef.list_size == 12
    # Re-run the choice with the stored seed over the same list: the same entries.
    pks = list(steekproef_lijst(tafel, wt_cast.provider).values_list("pk", flat=True))
    assert sorted(steekproef_kies(pks, steekproef.n, steekproef.seed)) == chosen
    # The same seed gives the same choice when ordered again; another seed (almost surely)
    # another one.
    again = _order(wt_cast, tafel, n=5, seed=steekproef.seed)
    assert sorted(again.regels.values_list("wachtplek_id", flat=True)) == chosen
    assert set(chosen) <= {e.pk for e in lijst}  # only the provider's own entries


def test_R_TR_6_refusals(wt_cast, tafel, lijst):
    with pytest.raises(ValidationError, match="hoogstens zoveel"):
        _order(wt_cast, tafel, n=13)
    with pytest.raises(ValidationError, match="ten minste één"):
        _order(wt_cast, tafel, n=0)
    empty = Organisation.objects.create(name="Zonder lijst", kind=wt_cast.provider.kind)
    with pytest.raises(ValidationError, match="geen wachtenden"):
        steekproef_bestellen(tafel, empty, 1, wt_cast.coordinator)
    member = seat(tafel, wt_cast.other_provider, user=wt_cast.other_provider_user)
    with pytest.raises(ValidationError, match="Alleen de regievoerder"):
        steekproef_bestellen(tafel, wt_cast.provider, 1, member.professional.user)
    assert not Steekproef.objects.exists()


def test_R_TR_6_only_the_provider_sees_its_sampled_entries(client, wt_cast, tafel, lijst, cast):
    steekproef = _order(wt_cast, tafel, n=12)
    url = reverse("transfer:steekproef_controleren", args=[steekproef.pk])
    client.force_login(wt_cast.provider_user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "REF-000" in html and "REF-002" in html
    for entry in lijst:
        assert entry.pseudonym[:8] not in html  # never a pseudonym
    # The provider records results; they are kept with who and when.
    regels = list(steekproef.regels.order_by("pk"))
    data = {f"result_{r.pk}": "" for r in regels}
    data[f"result_{regels[0].pk}"] = SteekproefUitkomst.WACHTEND
    data[f"result_{regels[1].pk}"] = SteekproefUitkomst.GEHOLPEN
    assert client.post(url, data).status_code == 302
    regels[0].refresh_from_db()
    assert regels[0].result == "wachtend" and regels[0].checked_by == wt_cast.provider_user
    assert regels[0].checked_at is not None
    # Everyone else: 404, the coordinator and the other provider included.
    for user in (wt_cast.other_provider_user, wt_cast.coordinator, cast["outsider"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
        listed = client.get(reverse("transfer:mijn_steekproeven")).content.decode()
        assert url not in listed


def test_R_TR_6_the_table_sees_only_the_results_per_provider(client, wt_cast, tafel, lijst):
    steekproef = _order(wt_cast, tafel, n=4)
    regels = list(steekproef.regels.order_by("pk"))
    steekproef_resultaat(regels[0], SteekproefUitkomst.WACHTEND, wt_cast.provider_user)
    steekproef_resultaat(regels[1], SteekproefUitkomst.VERTROKKEN, wt_cast.provider_user)
    guest_user = wt_cast.other_provider_user
    seat(
        tafel,
        wt_cast.other_provider,
        user=guest_user,
        kind=MemberKind.GAST,
        guest_role=GuestRole.CLIENTONDERSTEUNING,
    )
    url = reverse("transfer:steekproef_list", args=[tafel.pk])
    for user in (wt_cast.coordinator, guest_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert wt_cast.provider.name in html
        assert "50%" in html  # two of four checked
        for entry in lijst:
            assert entry.pseudonym[:8] not in html
        assert "REF-0" not in html
        assert reverse("transfer:steekproef_controleren", args=[steekproef.pk]) not in html
    # The guest sees the counts but cannot order.
    client.force_login(guest_user)
    assert "Steekproef bestellen" not in client.get(url).content.decode()
    response = client.post(url, {"provider": wt_cast.provider.pk, "n": 1})
    assert response.status_code == 403
    assert Steekproef.objects.count() == 1


def test_R_TR_6_the_coordinator_orders_through_the_page(client, wt_cast, tafel, lijst):
    client.force_login(wt_cast.coordinator)
    url = reverse("transfer:steekproef_list", args=[tafel.pk])
    refused = client.post(url, {"provider": wt_cast.provider.pk, "n": 40})
    assert refused.status_code == 200
    assert "hoogstens zoveel" in refused.content.decode()
    assert client.post(url, {"provider": wt_cast.provider.pk, "n": 3}).status_code == 302
    assert SteekproefRegel.objects.count() == 3


def test_R_TR_6_another_network_gets_404(client, wt_cast, tafel, lijst, cast):
    steekproef = _order(wt_cast, tafel, n=2)
    client.force_login(cast["outsider"])
    assert client.get(reverse("transfer:steekproef_list", args=[tafel.pk])).status_code == 404
    assert (
        client.get(reverse("transfer:steekproef_controleren", args=[steekproef.pk])).status_code
        == 404
    )
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    assert client.get(reverse("transfer:steekproef_list", args=[tafel.pk])).status_code == 200


def test_R_TR_6_a_sampled_entry_survives_the_next_upload_as_offer_and_date(wt_cast, tafel, lijst):
    steekproef = _order(wt_cast, tafel, n=2)
    for entry in lijst:
        entry.delete()  # the provider's next upload replaced the list
    regels = list(steekproef.regels.all())
    assert len(regels) == 2
    assert all(r.wachtplek_id is None and r.aanbod_id == wt_cast.aanbod.pk for r in regels)
