"""The API schema tells the truth: schemathesis over every operation, as four callers.

The schema is the one the code generates (``docs/openapi.yaml`` is compared to it in
tests/networks/test_api.py). Every operation runs in-process through the WSGI app with the
API token of a netwerkcoördinator, a zorgverzekeraar, a huisarts and a provider's system,
on a network with offers, requests and sent declaration lines. Path keys are drawn both
from what schemathesis generates and from objects that exist, so the detail routes answer
200 as well as 404.

The checks are those about the server's answers: no 5xx, and every status code, content
type, header and body as documented. Whether the server is strict about every input the
schema calls invalid (``negative_data_rejection``) or accepts every input it calls valid
(``positive_data_acceptance``) is not checked here: business rules (a known CBS code, a
sent line) are in the services, not in the schema.

NUL characters are not generated yet (see CONFIG). Bounded for CI: a fixed seed, deterministic generation and a few examples per operation and
phase (examples, coverage, fuzzing), about two minutes on two cores.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import hypothesis
import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from bekostiging.models import Declaratieregel
from mgn.accounts.models import ApiToken
from mgn.wsgi import application
from networks.models import Organisation
from tests.bekostiging.test_api import make_lines
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import VerkennendGesprek
from wachttijden.models import Aanbod

ROLES = ["netwerkcoordinator", "zorgverzekeraar", "huisarts", "aanbieder"]
MAX_EXAMPLES = 8
SEED = 20261206

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
    }
)


def generated_schema() -> dict:
    """The schema as the code generates it (what /api/schema/ serves), as plain JSON."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(schema, cls=DjangoJSONEncoder))


schema = schemathesis.openapi.from_dict(generated_schema(), config=CONFIG)
schema.app = application

# Path parameters of objects that exist, per operation path; filled for each test.
EXISTING: dict[str, list[dict]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Either the generated keys or those of an object that exists."""
    existing = EXISTING.get(context.operation.path, [])
    return st.sampled_from([path_parameters, *existing])


@pytest.fixture
def wsgi_in_test_transaction():
    """Keep the test's database connection across requests, as Django's test client does:
    the WSGI handler otherwise closes it after each request, inside the test transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(role, wsgi_in_test_transaction, bk_cast, vg_factory):
    """The API key of the caller in ``role``, in a network with data to see."""
    lines = make_lines(bk_cast, bk_cast.insurer, bk_cast.insurer_two)
    vg_factory()
    vg_factory(Status.GEPLAND)
    user = {
        "netwerkcoordinator": bk_cast.coordinator,
        "zorgverzekeraar": bk_cast.insurer_user,
        "huisarts": bk_cast.vg_cast.huisarts.user,
        "aanbieder": bk_cast.provider_user,
    }[role]
    offers = [{"id": pk} for pk in Aanbod.objects.values_list("pk", flat=True)]
    EXISTING.clear()
    EXISTING.update(
        {
            "/api/v1/aanbod/{id}/": offers,
            "/api/v1/aanbod/{id}/wachtlijst/": offers,
            "/api/v1/aanbod/{id}/intakeplekken/": offers,
            "/api/v1/networks/{slug}/": [{"slug": "noord"}, {"slug": "zuid"}],
            "/api/v1/organisations/{id}/": [
                {"id": pk} for pk in Organisation.objects.values_list("pk", flat=True)
            ],
            "/api/v1/verkennende-gesprekken/{id}/": [
                {"id": pk} for pk in VerkennendGesprek.objects.values_list("pk", flat=True)
            ],
            "/api/v1/declaraties/{reference}/oordeel/": [
                {"reference": line.reference} for line in lines
            ]
            + [{"reference": Declaratieregel.objects.order_by("pk").last().reference}],
        }
    )
    _token, key = ApiToken.issue(user=user, name=f"schemathesis {role}")
    yield key
    EXISTING.clear()


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
# The data is built once per operation and role (the fixture), not per example; and a
# busy CI machine must not fail the run for slow generation (too_slow).
@hypothesis.settings(suppress_health_check=list(hypothesis.HealthCheck))
def test_the_api_answers_as_its_schema_says(case, token, role):
    response = case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
    assert response.status_code < 500
