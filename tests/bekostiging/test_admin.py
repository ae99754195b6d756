from django.urls import reverse

import pytest

from bekostiging.models import Declaratieregel
from bekostiging.services.declaraties import declaraties_generate
from bekostiging.services.lumpsum import lumpsum_generate
from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_r_pr_1_the_admin_lists_declaration_lines_read_only_and_logs_them(client, bk_cast):
    vg = bk_cast.held_vg()
    declaraties_generate(network=bk_cast.network)
    lumpsum_generate(network=bk_cast.network, year=2025)
    client.force_login(bk_cast.vg_cast.users[Role.BEHEERDER])
    changelist = reverse("admin:bekostiging_declaratieregel_changelist")
    assert client.get(changelist + "?soort=vg").status_code == 200
    logged = AccessLogEntry.objects.filter(event=Event.SEARCH)
    assert list(logged.values_list("person_identifier", flat=True)) == [vg.persoon.bsn]
    line = Declaratieregel.objects.get(soort="vg")
    url = reverse("admin:bekostiging_declaratieregel_change", args=[line.pk])
    client.post(url, {"amount": "1.00"})
    line.refresh_from_db()
    assert line.amount == bk_cast.vg_contract.tariff
    delete = reverse("admin:bekostiging_declaratieregel_delete", args=[line.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Declaratieregel.objects.filter(pk=line.pk).exists()
