"""R-NW-3: the regievoerder stays a formal (inner-ring) partner with role U as long as it is
regievoerder — in the services and in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from networks.constants import PartnerRole, Ring
from networks.models import Partnership
from networks.services.netwerken import (
    network_set_regievoerder,
    partnership_remove,
    partnership_set,
)
from tests.networks.factories import OrganisationFactory

CHANGE_LATER = "Maak eerst een andere partner regievoerder."


def _regie(network) -> Partnership:
    return network.partnerships.get(organisation=network.regievoerder)


def _rho(network) -> Partnership:
    return network.partnerships.get(organisation__kind="rho")


# Services -------------------------------------------------------------------------------------
def test_R_NW_3_the_regievoerder_is_not_moved_to_the_outer_ring(network):
    regie = network.regievoerder
    with pytest.raises(ValidationError) as excinfo:
        partnership_set(network=network, organisation=regie, ring=Ring.OUTER, roles=["U", "I"])
    assert CHANGE_LATER in excinfo.value.message_dict["ring"][0]
    assert regie.name in excinfo.value.message_dict["ring"][0]
    assert _regie(network).ring == Ring.INNER


def test_R_NW_3_the_regievoerder_keeps_role_u(network):
    regie = network.regievoerder
    with pytest.raises(ValidationError) as excinfo:
        partnership_set(network=network, organisation=regie, ring=Ring.INNER, roles=["B", "M"])
    assert "rol U" in excinfo.value.message_dict["roles"][0]
    assert _regie(network).role_uitvoering is True
    # Other roles may change, as long as U stays.
    partnership_set(network=network, organisation=regie, ring=Ring.INNER, roles=["U", "I"])
    assert _regie(network).roles == [PartnerRole.UITVOERING, PartnerRole.INFORMATIE]


def test_R_NW_3_the_regievoerders_partnership_is_not_removed(network):
    with pytest.raises(ValidationError) as excinfo:
        partnership_remove(network=network, organisation=network.regievoerder)
    assert CHANGE_LATER in excinfo.value.messages[0]
    assert network.partnerships.filter(organisation=network.regievoerder).exists()


def test_R_NW_3_demotion_and_removal_are_allowed_after_another_partner_becomes_regievoerder(
    network,
):
    old = network.regievoerder
    rho = _rho(network).organisation
    network_set_regievoerder(network=network, organisation=rho)
    partnership_set(network=network, organisation=old, ring=Ring.OUTER, roles=["R", "I"])
    assert network.partnerships.get(organisation=old).ring == Ring.OUTER
    partnership_remove(network=network, organisation=old)
    assert not network.partnerships.filter(organisation=old).exists()
    # ... and now the RHO is the one kept in place.
    with pytest.raises(ValidationError):
        partnership_set(network=network, organisation=rho, ring=Ring.INNER, roles=["B"])


def test_R_NW_3_only_an_inner_ring_partner_with_role_u_becomes_regievoerder(network):
    other = OrganisationFactory(rho=True)
    partnership_set(network=network, organisation=other, ring=Ring.INNER, roles=["B", "M"])
    with pytest.raises(ValidationError) as excinfo:
        network_set_regievoerder(network=network, organisation=other)  # no role U
    assert "rol U" in excinfo.value.message_dict["regievoerder"][0]
    outer = OrganisationFactory(rho=True)
    partnership_set(network=network, organisation=outer, ring=Ring.OUTER, roles=["R"])
    with pytest.raises(ValidationError):
        network_set_regievoerder(network=network, organisation=outer)
    network.refresh_from_db()
    assert network.regievoerder.kind == "ggz-kerninstelling"


def test_R_NW_3_other_partners_still_change_and_leave_freely(network):
    rho = _rho(network).organisation
    partnership_set(network=network, organisation=rho, ring=Ring.OUTER, roles=["R"])
    partnership_remove(network=network, organisation=rho)
    assert not network.partnerships.filter(organisation=rho).exists()


# The admin ------------------------------------------------------------------------------------
def _value(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | models.QuerySet):
        return [_value(v) for v in value]
    return "" if value is None else value


def _admin_post_data(response) -> dict:
    """The change page's forms as the browser would send them back unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = _value(form[name].value())
            if value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def _row(data: dict, organisation_id: int) -> str:
    """The inline prefix of the partnership row of an organisation."""
    for key, value in data.items():
        row = key.startswith("partnerships-") and key.endswith("-organisation")
        if row and str(value) == str(organisation_id):
            return key.removesuffix("-organisation")
    raise AssertionError("no row")


@pytest.fixture
def admin_change(client, cast, network):
    client.force_login(cast[Role.BEHEERDER])
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, _admin_post_data(response)


def _errors(response) -> str:
    assert response.status_code == 200  # the page again, with the errors
    return response.content.decode()


def test_R_NW_3_the_admin_refuses_to_demote_the_regievoerder(client, network, admin_change):
    url, data = admin_change
    row = _row(data, network.regievoerder_id)
    body = _errors(
        client.post(url, {**data, f"{row}-ring": Ring.OUTER, f"{row}-role_informatie": "on"})
    )
    assert CHANGE_LATER in body
    data.pop(f"{row}-role_uitvoering")
    body = _errors(client.post(url, data))
    assert "houdt daarom rol U" in body
    regie = _regie(network)
    assert (regie.ring, regie.role_uitvoering) == (Ring.INNER, True)


def test_R_NW_3_the_admin_refuses_to_remove_the_regievoerders_partnership(
    client, network, admin_change
):
    url, data = admin_change
    row = _row(data, network.regievoerder_id)
    body = _errors(client.post(url, {**data, f"{row}-DELETE": "on"}))
    assert "kan daarom niet worden beëindigd" in body
    assert network.partnerships.filter(organisation=network.regievoerder).exists()


def test_R_NW_3_the_admin_changes_regievoerder_and_demotes_the_old_one_in_one_save(
    client, network, admin_change
):
    url, data = admin_change
    old, rho = network.regievoerder, _rho(network).organisation
    row = _row(data, old.pk)
    data.pop(f"{row}-role_uitvoering")
    response = client.post(url, {**data, "regievoerder": rho.pk, f"{row}-DELETE": "on"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.regievoerder == rho
    assert not network.partnerships.filter(organisation=old).exists()


def test_R_NW_1_the_admin_refuses_role_u_for_an_insurer(client, network, admin_change):
    url, data = admin_change
    insurer = network.partnerships.get(organisation__kind="zorgverzekeraar")
    row = _row(data, insurer.organisation_id)
    body = _errors(client.post(url, {**data, f"{row}-role_uitvoering": "on"}))
    assert "Een zorgverzekeraar financiert alleen" in body
    insurer.refresh_from_db()
    assert insurer.role_uitvoering is False
    regievoerder = _errors(client.post(url, {**data, "regievoerder": insurer.organisation_id}))
    assert "kan geen regievoerder zijn" in regievoerder


def test_R_NW_1_the_admin_does_not_turn_an_executing_gemeente_into_an_insurer(
    client, cast, network
):
    gemeente = network.partnerships.get(organisation__kind="gemeente").organisation
    partnership_set(network=network, organisation=gemeente, ring=Ring.INNER, roles=["B", "U"])
    client.force_login(cast[Role.BEHEERDER])
    url = reverse("admin:networks_organisation_change", args=[gemeente.pk])
    data = {"name": gemeente.name, "kind": "zorgverzekeraar", "uzovi": "9876"}
    body = _errors(client.post(url, data))
    assert "kan daarom geen zorgverzekeraar worden" in body
    gemeente.refresh_from_db()
    assert gemeente.kind == "gemeente"


@pytest.mark.django_db(transaction=True)
def test_R_NW_3_a_demotion_waits_for_a_change_of_regievoerder_and_is_then_refused():
    """PostgreSQL: both services lock the network's row, so a demotion that started while
    another transaction made the partner regievoerder sees the new regievoerder."""
    import threading
    import time

    from django.db import connection, transaction

    from tests.networks.factories import NetworkFactory

    network = NetworkFactory(complete=True)
    rho = _rho(network).organisation
    outcome = {}

    def demote():
        try:
            partnership_set(network=network, organisation=rho, ring=Ring.OUTER, roles=["R"])
            outcome["result"] = "demoted"
        except ValidationError as error:
            outcome["result"] = error.message_dict
        finally:
            connection.close()

    with transaction.atomic():
        network_set_regievoerder(network=network, organisation=rho)
        other = threading.Thread(target=demote)
        other.start()
        time.sleep(0.5)
        assert other.is_alive()  # waiting for the network's row
    other.join(timeout=10)
    assert "ring" in outcome["result"]
    partnership = _rho(network)
    assert (partnership.ring, partnership.role_uitvoering) == (Ring.INNER, True)
