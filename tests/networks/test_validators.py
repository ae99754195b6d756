from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from networks.constants import OrganisationKind
from networks.services.organisaties import organisation_create
from networks.validators import validate_agb, validate_cbs_gemeentecode, validate_uzovi
from tests.networks.factories import OrganisationFactory, RegionFactory


@pytest.mark.parametrize("value", ["12345678", "01290007", "99999999"])
def test_it_accepts_a_well_formed_agb_code(value):
    validate_agb(value)


@pytest.mark.parametrize(
    "value", ["1234567", "123456789", "1234567a", " 12345678", "", "00000000", "12 345678"]
)
def test_it_rejects_a_malformed_agb_code(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_agb(value)
    assert excinfo.value.code == "invalid_agb"


@pytest.mark.parametrize("value", ["3311", "7095", "3332", "9901"])
def test_it_accepts_a_well_formed_uzovi_code(value):
    validate_uzovi(value)


@pytest.mark.parametrize("value", ["331", "33111", "33a1", "", "0000", "３３１１"])
def test_it_rejects_a_malformed_uzovi_code(value):
    with pytest.raises(ValidationError):
        validate_uzovi(value)


@pytest.mark.parametrize("value", ["GM0363", "GM9901", "GM0014"])
def test_it_accepts_a_cbs_gemeentecode(value):
    validate_cbs_gemeentecode(value)


@pytest.mark.parametrize("value", ["gm0363", "GM363", "GM03630", "0363", "GX0363", "GM03a3", ""])
def test_it_rejects_a_wrong_cbs_gemeentecode(value):
    with pytest.raises(ValidationError):
        validate_cbs_gemeentecode(value)


def test_the_organisation_service_refuses_a_bad_agb_code(db):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(
            name="Praktijk", kind=OrganisationKind.HUISARTSENPRAKTIJK, agb_code="1234"
        )
    assert "agb_code" in excinfo.value.message_dict


def test_an_insurer_needs_a_uzovi_code_and_others_may_not_have_one(db):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(name="Verzekeraar", kind=OrganisationKind.ZORGVERZEKERAAR)
    assert "uzovi" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        organisation_create(name="Welzijn", kind=OrganisationKind.SD_AANBIEDER, uzovi="3311")


def test_the_database_refuses_a_uzovi_code_on_a_non_insurer(db):
    with pytest.raises(IntegrityError):
        OrganisationFactory(kind=OrganisationKind.SD_AANBIEDER, uzovi="3311")


def test_the_database_refuses_an_agb_code_for_a_gemeente(db):
    with pytest.raises(IntegrityError):
        OrganisationFactory(kind=OrganisationKind.GEMEENTE, agb_code="12345678")


def test_the_database_refuses_a_malformed_cbs_code(db):
    from networks.models import Gemeente

    with pytest.raises(IntegrityError):
        Gemeente.objects.create(cbs_code="GM12", name="Fout", region=RegionFactory())
