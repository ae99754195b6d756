"""Building a transformation plan (R-NW-6) for tests through the services."""

from datetime import date

from django.core.files.base import ContentFile

from mgn.accounts.constants import Role
from networks.constants import Ring
from networks.models.plan import BeoordelaarSoort, BesluitSoort, Uitkomst
from networks.services import plan as services
from tests.accounts.factories import UserFactory

PDF = b"%PDF-1.4\n%%EOF\n"


def pdf(name="plan.pdf"):
    return ContentFile(PDF, name=name)


def make_plan(network, coordinator, *, titel=None, ronde=2025, partners=2):
    chosen = [
        p.organisation
        for p in network.partnerships.filter(ring=Ring.INNER).order_by("organisation__name")
    ][:partners]
    return services.plan_create(
        network=network,
        ronde=ronde,
        titel=titel or f"Transformatieplan {network.name} {ronde}",
        indienende_partners=chosen,
        created_by=coordinator,
    )


def share(plan, coordinator, nummer="1.0"):
    versie = services.versie_upload(
        plan=plan, nummer=nummer, document=pdf(), uploaded_by=coordinator
    )
    for partner in plan.indienende_partners.all():
        services.instemming_record(versie=versie, organisation=partner, user=coordinator)
    return services.versie_share(versie=versie)


def reviewer(plan, coordinator, *, user=None, soort=BeoordelaarSoort.EERSTE):
    user = user or UserFactory(roles=[Role.BEOORDELAAR])
    services.beoordelaar_assign(plan=plan, user=user, soort=soort, assigned_by=coordinator)
    return user


def submitted_plan(network, coordinator, *, ingediend_op=date(2025, 11, 20), **kwargs):
    plan = make_plan(network, coordinator, **kwargs)
    share(plan, coordinator)
    return services.plan_submit(plan=plan, ingediend_op=ingediend_op)


def positive_voorgenomen(plan, user, *, punten=(), brief=None, datum=date(2025, 12, 18)):
    return services.besluit_record(
        plan=plan,
        soort=BesluitSoort.VOORGENOMEN,
        uitkomst=Uitkomst.POSITIEF,
        reden="Akkoord met aandachtspunten.",
        datum=datum,
        user=user,
        brief=brief,
        punten=punten,
    )
