"""An agreement of the advies (R-VG-6) links an offer on the sociale kaart (R-WT-7): the
editor offers the region's offers, the service fills offer, provider and waiting time from
it, and the advies and the letter show it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

import pytest

from tests.networks.factories import RegionFactory
from tests.wachttijden.factories import AanbodFactory
from verkennend_gesprek.constants import AdviesStatus
from verkennend_gesprek.forms.advies import AFSPRAKEN_PREFIX, AfspraakFormSet, aanbod_choices
from verkennend_gesprek.models import AdviesBrief, Afspraak
from verkennend_gesprek.services.advies import advies_correct, advies_finalise, advies_save_draft
from verkennend_gesprek.services.brief import brief_data
from wachttijden.constants import AanbodDomain, Category

from .test_advies import ADVIES, editor_post, held_vg
from .test_brief import pdf_text, stored


@pytest.fixture
def vg(vg_cast):
    return held_vg(vg_cast)


@pytest.fixture
def inloop(wt_cast):
    """An SD offer of the noord region with contact details and a declared waiting time."""
    return AanbodFactory(
        provider=wt_cast.other_provider,
        region=wt_cast.region,
        name="Inloop De Brug",
        domain=AanbodDomain.SD,
        category=Category.STEUNPUNT,
        contact="Wijkcentrum De Brug, 0522-123456",
        declared_wait_weeks=Decimal("2"),
    )


def linked(aanbod, **texts) -> dict:
    row = {"who": "Sanne Visser", "what": "Gaat naar de inloop op dinsdag", "aanbod": aanbod.pk}
    row.update(texts)
    return row


def save(vg_cast, vg, afspraken, user=None):
    return advies_save_draft(vg=vg, user=user or vg_cast.ggz.user, data=ADVIES, afspraken=afspraken)


def test_r_vg_6_a_linked_offer_fills_offer_provider_and_waiting_time(vg_cast, vg, inloop):
    advies = save(vg_cast, vg, [linked(inloop)])
    afspraak = advies.afspraken.get()
    assert afspraak.aanbod == inloop
    assert afspraak.offer == "Inloop De Brug"
    assert afspraak.provider == "GGZ Anders"
    assert afspraak.waiting_time == "2 weken"


def test_text_typed_beside_a_linked_offer_is_kept(vg_cast, vg, inloop):
    row = linked(inloop, offer="Inloop (dinsdag)", waiting_time="geen")
    afspraak = save(vg_cast, vg, [row]).afspraken.get()
    assert (afspraak.offer, afspraak.provider, afspraak.waiting_time) == (
        "Inloop (dinsdag)",
        "GGZ Anders",
        "geen",
    )


def test_a_row_with_only_an_offer_is_kept_and_finalising_still_asks_who_and_what(
    vg_cast, vg, inloop
):
    advies = save(vg_cast, vg, [{"aanbod": inloop.pk}])
    assert advies.afspraken.get().offer == "Inloop De Brug"
    with pytest.raises(ValidationError) as caught:
        advies_finalise(advies=advies, user=vg_cast.ggz.user)
    assert "afspraken" in caught.value.message_dict


def test_an_offer_outside_the_region_or_inactive_cannot_be_linked(vg_cast, vg, wt_cast, inloop):
    elsewhere = AanbodFactory(provider=wt_cast.provider, region=RegionFactory(), name="Ver weg")
    inactive = AanbodFactory(
        provider=wt_cast.other_provider, region=wt_cast.region, name="Gestopt", is_active=False
    )
    for aanbod in (elsewhere, inactive):
        with pytest.raises(ValidationError) as caught:
            save(vg_cast, vg, [linked(inloop), linked(aanbod)])
        assert caught.value.message_dict["afspraken"] == [
            "Afspraak 2: dit aanbod staat niet op de sociale kaart van uw regio."
        ]
    assert not Afspraak.objects.exists()


def test_an_offer_linked_earlier_stays_linked_after_it_is_deactivated(vg_cast, vg, inloop):
    save(vg_cast, vg, [linked(inloop)])
    inloop.is_active = False
    inloop.save()
    afspraak = save(vg_cast, vg, [linked(inloop)]).afspraken.get()
    assert afspraak.aanbod == inloop


def test_the_editor_offers_the_offers_of_the_requests_region_grouped_by_category(
    vg_cast, vg, wt_cast, inloop
):
    AanbodFactory(provider=wt_cast.provider, region=RegionFactory(), name="Ver weg")
    AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, name="Oud", is_active=False)
    choices = aanbod_choices(vg_cast.ggz.user, vg)
    groups = dict(choices)
    assert set(groups) == {"Laagdrempelig steunpunt", "Ggz-behandeling"}
    labels = [label for options in groups.values() for _pk, label in options]
    assert "Inloop De Brug – GGZ Anders" in labels
    assert not any("Ver weg" in label or "Oud" in label for label in labels)

    formset = AfspraakFormSet(
        initial=[linked(inloop)], prefix=AFSPRAKEN_PREFIX, aanbod_choices=choices
    )
    html = render_to_string(
        "verkennend_gesprek/_advies_afspraak_row.html", {"form": formset.forms[0], "index": 0}
    )
    assert '<select name="afspraken-0-aanbod"' in html
    assert '<optgroup label="Laagdrempelig steunpunt">' in html
    assert f'<option value="{inloop.pk}" selected>' in html
    assert 'aria-describedby="id_afspraken-0-aanbod_helptext"' in html
    assert reverse("wachttijden:aanbod_detail", args=[inloop.pk]) in html


def test_a_row_without_offers_in_the_region_shows_no_select(vg_cast, vg):
    formset = AfspraakFormSet(prefix=AFSPRAKEN_PREFIX, aanbod_choices=[])
    html = render_to_string(
        "verkennend_gesprek/_advies_afspraak_row.html", {"form": formset.forms[0], "index": 0}
    )
    assert "afspraken-0-aanbod" not in html


def test_the_editor_saves_the_chosen_offer(client, vg_cast, vg, inloop):
    client.force_login(vg_cast.ggz.user)
    post = editor_post(afspraken=[{**linked(inloop), "offer": ""}])
    response = client.post(reverse("verkennend_gesprek:advies", args=[vg.pk]), post)
    assert response.status_code == 302
    afspraak = vg.adviezen.get().afspraken.get()
    assert afspraak.aanbod == inloop and afspraak.provider == "GGZ Anders"


def test_the_editor_shows_the_select_of_the_regions_offers(client, vg_cast, vg, inloop):
    """Needs the view to pass ``aanbod_choices`` to the formset (see forms.advies)."""
    client.force_login(vg_cast.ggz.user)
    save(vg_cast, vg, [linked(inloop)])
    body = client.get(reverse("verkennend_gesprek:advies", args=[vg.pk])).content.decode()
    assert '<select name="afspraken-0-aanbod"' in body
    assert "Inloop De Brug – GGZ Anders" in body
    assert "Basis-ggz Noord" in body


def test_r_vg_6_the_advies_and_the_letter_show_the_linked_offer(
    client, vg_cast, vg, inloop, django_capture_on_commit_callbacks
):
    advies = save(vg_cast, vg, [linked(inloop, where="Wijkcentrum De Brug", when="dinsdag")])
    with django_capture_on_commit_callbacks(execute=True):
        advies_finalise(advies=advies, user=vg_cast.ggz.user)
    advies.refresh_from_db()
    assert advies.status == AdviesStatus.DEFINITIEF

    client.force_login(vg_cast.ggz.user)
    page = client.get(reverse("verkennend_gesprek:advies", args=[vg.pk])).content.decode()
    assert "Inloop De Brug" in page and "GGZ Anders" in page and "2 weken" in page

    data = brief_data(AdviesBrief.objects.get(advies=advies))
    (agreement,) = data.agreements
    assert agreement.offer == "Inloop De Brug"
    assert agreement.provider == "GGZ Anders – contact: Wijkcentrum De Brug, 0522-123456"
    text = " ".join(pdf_text(stored(AdviesBrief.objects.get(advies=advies))).split())
    assert "Inloop De Brug" in text
    assert "0522-123456" in text
    assert "2 weken" in text


def test_a_correction_keeps_the_linked_offer(
    vg_cast, vg, inloop, django_capture_on_commit_callbacks
):
    advies = save(vg_cast, vg, [linked(inloop)])
    with django_capture_on_commit_callbacks(execute=False):
        advies_finalise(advies=advies, user=vg_cast.ggz.user)
    advies.refresh_from_db()
    new = advies_correct(advies=advies, user=vg_cast.ggz.user, reason="Wachttijd")
    assert new.afspraken.get().aanbod == inloop


def test_a_removed_offer_leaves_the_agreement_text(vg_cast, vg, inloop):
    advies = save(vg_cast, vg, [linked(inloop)])
    inloop.delete()  # offers are deactivated, not deleted; but if one goes, the text stays
    afspraak = advies.afspraken.get()
    assert afspraak.aanbod is None
    assert afspraak.offer == "Inloop De Brug"
