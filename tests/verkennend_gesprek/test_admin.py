from django.urls import reverse

from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from verkennend_gesprek.constants import Status


def test_r_pr_1_the_admin_logs_every_person_it_lists_and_opens(client, cast, vg_factory):
    vgs = [vg_factory(), vg_factory(Status.GEHOUDEN)]
    client.force_login(cast[Role.BEHEERDER])
    assert (
        client.get(reverse("admin:verkennend_gesprek_verkennendgesprek_changelist")).status_code
        == 200
    )
    listed = AccessLogEntry.objects.filter(event=Event.SEARCH)
    assert sorted(listed.values_list("person_identifier", flat=True)) == sorted(
        v.persoon.bsn for v in vgs
    )
    url = reverse("admin:verkennend_gesprek_persoon_change", args=[vgs[0].persoon.pk])
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(
        event=Event.READ, person_identifier=vgs[0].persoon.bsn
    ).exists()


def test_the_admin_cannot_change_person_data(client, cast, vg_factory):
    vg = vg_factory()
    client.force_login(cast[Role.BEHEERDER])
    url = reverse("admin:verkennend_gesprek_persoon_change", args=[vg.persoon.pk])
    client.post(url, {"family_name": "Anders"})
    vg.persoon.refresh_from_db()
    assert vg.persoon.family_name != "Anders"
    assert client.get(reverse("admin:verkennend_gesprek_persoon_add")).status_code == 403
