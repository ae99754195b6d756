"""R-NW-1 in the VG: a gemeente's own SD professional (a wijkteam) may take the SD seat while
the gemeente holds role U; an insurer's staff never sit (service and planning form)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from networks.constants import Discipline, OrganisationKind, Ring
from networks.services.netwerken import partnership_set
from tests.networks.factories import ProfessionalFactory
from verkennend_gesprek.constants import ParticipantRole
from verkennend_gesprek.forms.planning import ScheduleForm, sd_professionals
from verkennend_gesprek.models import Deelnemer
from verkennend_gesprek.services.planning import gesprek_schedule


@pytest.fixture
def gemeente(vg_cast):
    return vg_cast.network.partnerships.get(organisation__kind=OrganisationKind.GEMEENTE)


@pytest.fixture
def wijkteam(gemeente):
    return ProfessionalFactory(
        organisation=gemeente.organisation,
        name="W. Wijkteam",
        discipline=Discipline.SD_PROFESSIONAL,
        email="wijkteam@noord.test",
    )


@pytest.fixture
def executing(gemeente, vg_cast):
    """The gemeente executes with its own staff: role U."""
    return partnership_set(
        network=vg_cast.network,
        organisation=gemeente.organisation,
        ring=Ring.INNER,
        roles=["B", "U", "M"],
    )


def _schedule(vg_cast, vg, sd):
    return gesprek_schedule(
        vg=vg,
        starts_at=timezone.now() + timedelta(days=5),
        ggz=vg_cast.ggz,
        sd=sd,
        location="Wijkcentrum, Dorpsstraat 1",
    )


def test_R_NW_1_a_gemeente_wijkteam_professional_takes_the_sd_seat(
    vg_cast, vg_factory, wijkteam, executing
):
    gesprek = _schedule(vg_cast, vg_factory(), wijkteam)
    seat = gesprek.deelnemers.get(role=ParticipantRole.SD)
    assert seat.professional == wijkteam
    assert seat.email == "wijkteam@noord.test"


def test_R_NW_1_a_gemeente_without_role_u_supplies_no_sd_professional(
    vg_cast, vg_factory, wijkteam
):
    vg = vg_factory()
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg, wijkteam)
    assert "geen rol U" in excinfo.value.message_dict["sd"][0]
    assert not Deelnemer.objects.filter(professional=wijkteam).exists()


def test_R_NW_1_a_gemeentes_financier_staff_do_not_take_the_sd_seat(
    vg_cast, vg_factory, gemeente, executing
):
    beleid = ProfessionalFactory(
        organisation=gemeente.organisation, discipline=Discipline.MEDEWERKER_GEMEENTE
    )
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg_factory(), beleid)
    assert "geen professional sociaal domein" in excinfo.value.message_dict["sd"][0]


def test_R_NW_1_an_insurers_staff_never_take_the_sd_seat(vg_cast, vg_factory):
    staff = ProfessionalFactory(organisation=vg_cast.insurer, discipline=Discipline.SD_PROFESSIONAL)
    vg = vg_factory()
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg, staff)
    assert "zorgverzekeraar" in excinfo.value.message_dict["sd"][0]
    with pytest.raises(ValidationError):  # nor the ggz seat
        gesprek_schedule(
            vg=vg,
            starts_at=timezone.now() + timedelta(days=5),
            ggz=staff,
            sd=vg_cast.sd,
            location="Wijkcentrum",
        )
    assert not Deelnemer.objects.filter(professional=staff).exists()


def test_R_NW_1_the_planning_form_offers_the_wijkteam_for_the_sd_seat(
    client, vg_cast, vg_factory, wijkteam, gemeente
):
    staff = ProfessionalFactory(organisation=vg_cast.insurer, discipline=Discipline.SD_PROFESSIONAL)
    assert wijkteam not in sd_professionals(vg_cast.network)
    partnership_set(
        network=vg_cast.network, organisation=gemeente.organisation, ring=Ring.INNER, roles=["U"]
    )
    choices = list(sd_professionals(vg_cast.network))
    assert wijkteam in choices and vg_cast.sd in choices
    assert staff not in choices
    vg = vg_factory()
    assert wijkteam in ScheduleForm(vg=vg).fields["sd"].queryset
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    url = reverse("verkennend_gesprek:schedule", args=[vg.pk])
    assert wijkteam.name in client.get(url).content.decode()
    starts = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "starts_at": starts,
        "duration_minutes": "60",
        "mode": "locatie",
        "location": "Wijkcentrum De Brug, Dorpsstraat 1",
        "ggz": vg_cast.ggz.pk,
        "sd": wijkteam.pk,
    }
    assert client.post(url, data).status_code == 302
    assert vg.gesprekken.get().deelnemers.get(role=ParticipantRole.SD).professional == wijkteam
    refused = client.post(url, {**data, "sd": staff.pk})  # not a choice
    assert "sd" in refused.context["form"].errors
