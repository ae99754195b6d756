"""R-NW-1 on the sociale kaart: a gemeente that executes with its own staff (role U)
publishes SD offers, never ggz treatment; an insurer offers nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from networks.constants import OrganisationKind, Ring
from networks.services.netwerken import partnership_set
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.wachttijden.test_aanbod import form_data
from wachttijden.constants import AanbodDomain, Category
from wachttijden.models import Aanbod
from wachttijden.selectors.levering import is_provider_user, providers_for_user
from wachttijden.services import aanbod as services

CREATE = reverse("wachttijden:aanbod_create")


@pytest.fixture
def gemeente(wt_cast):
    return wt_cast.network.partnerships.get(
        organisation__kind=OrganisationKind.GEMEENTE
    ).organisation


@pytest.fixture
def gemeente_user(wt_cast, gemeente):
    user = UserFactory(email="wijkteam@gemeente.test", roles=[Role.GEMEENTE])
    organisation_grant(organisation=gemeente, user=user)
    return user


@pytest.fixture
def executing(wt_cast, gemeente):
    partnership_set(
        network=wt_cast.network, organisation=gemeente, ring=Ring.INNER, roles=["B", "U", "M"]
    )


def _sd_offer(wt_cast, gemeente, **overrides):
    values = {"provider": gemeente.pk, "name": "Wijkteam Noord", "category": Category.SOCIAAL_WERK}
    return form_data(wt_cast, **(values | overrides))


def test_R_NW_1_a_gemeente_with_role_u_publishes_an_sd_offer(
    client, wt_cast, gemeente, gemeente_user, executing
):
    assert is_provider_user(gemeente_user)
    assert list(providers_for_user(gemeente_user)) == [gemeente]
    client.force_login(gemeente_user)
    page = client.get(CREATE)
    assert page.status_code == 200
    assert page.context["form"].fields["domain"].choices == [
        (AanbodDomain.SD, AanbodDomain.SD.label)
    ]
    response = client.post(CREATE, _sd_offer(wt_cast, gemeente))
    assert response.status_code == 302
    aanbod = Aanbod.objects.get(name="Wijkteam Noord")
    assert (aanbod.provider, aanbod.domain) == (gemeente, AanbodDomain.SD)


def test_R_NW_1_a_gemeente_publishes_no_ggz_treatment(
    client, wt_cast, gemeente, gemeente_user, executing
):
    client.force_login(gemeente_user)
    response = client.post(
        CREATE,
        _sd_offer(wt_cast, gemeente, domain=AanbodDomain.GGZ, category=Category.GGZ_BEHANDELING),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["domain"] == [
        "Een gemeente zet alleen aanbod uit het sociaal domein op de sociale kaart."
    ]
    with pytest.raises(ValidationError) as excinfo:  # the service says it too
        services.aanbod_create(
            user=gemeente_user,
            provider=gemeente,
            region=wt_cast.region,
            data={"name": "Ggz", "domain": AanbodDomain.GGZ, "category": "ggz-behandeling"},
        )
    assert "geen ggz-behandeling" in excinfo.value.message_dict["domain"][0]
    assert not Aanbod.objects.filter(provider=gemeente).exists()


def test_R_NW_1_a_gemeente_that_only_finances_publishes_nothing(
    client, wt_cast, gemeente, gemeente_user
):
    assert not is_provider_user(gemeente_user)
    client.force_login(gemeente_user)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _sd_offer(wt_cast, gemeente)).status_code == 403
    assert not Aanbod.objects.filter(provider=gemeente).exists()


def test_R_NW_1_an_insurer_publishes_nothing(client, wt_cast, network):
    insurer = network.partnerships.get(
        organisation__kind=OrganisationKind.ZORGVERZEKERAAR
    ).organisation
    user = UserFactory(email="medewerker@verzekeraar.test", roles=[Role.ZORGVERZEKERAAR])
    organisation_grant(organisation=insurer, user=user)
    assert not is_provider_user(user)
    client.force_login(user)
    assert client.get(CREATE).status_code == 403
    with pytest.raises(PermissionDenied):
        services.aanbod_create(
            user=user,
            provider=insurer,
            region=wt_cast.region,
            data={"name": "X", "domain": AanbodDomain.SD, "category": Category.SOCIAAL_WERK},
        )
    assert "financiert alleen" in services.offer_domain_refusal(insurer, AanbodDomain.SD)
    assert not Aanbod.objects.filter(provider=insurer).exists()


def test_R_NW_1_the_admin_keeps_gemeenten_to_sd_offers_and_insurers_out(
    client, cast, wt_cast, gemeente
):
    client.force_login(cast[Role.BEHEERDER])
    url = reverse("admin:wachttijden_aanbod_add")
    data = {
        "name": "Ggz van de gemeente",
        "provider": gemeente.pk,
        "region": wt_cast.region.pk,
        "domain": AanbodDomain.GGZ,
        "category": Category.GGZ_BEHANDELING,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "geen ggz-behandeling" in response.content.decode()
    assert not Aanbod.objects.filter(provider=gemeente).exists()


def _menu_labels(client, user):
    client.force_login(user)
    response = client.get(reverse("wachttijden:sociale_kaart"))
    return [item["label"] for item in response.context["nav_items"]]


def test_R_NW_1_the_menu_offers_mijn_aanbod_to_an_executing_gemeente_only(
    client, wt_cast, gemeente, gemeente_user
):
    assert "Mijn aanbod" not in _menu_labels(client, gemeente_user)
    partnership_set(
        network=wt_cast.network, organisation=gemeente, ring=Ring.INNER, roles=["B", "U", "M"]
    )
    gemeente_user.refresh_from_db()
    assert "Mijn aanbod" in _menu_labels(client, gemeente_user)
