"""A year of casusoverleg history in the demo region Veenland, for the network's board
(issue 15: a trend over the last four quarters). Runs after ``casusoverleg.demo``.

Before the eight meetings of ``casusoverleg.demo`` the series met every six weeks for more
than a year: eight earlier held meetings, each with one case registered six days before
it and closed with its outcome at the next, most with a signal. The agreement and the
members' start date are moved back before the first of them (R-DOC-1: no case before the
agreement). Dates are relative to the series' first planned meeting, as in the demo, so
seeding again on another day finds the same meetings; cases are found again by their
situation text. No person: the texts name no one."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from casusoverleg import demo
from casusoverleg.constants import (
    Leeftijdsgroep,
    OverlegStatus,
    Reden,
    SignaalCategorie,
)
from casusoverleg.demo import DemoCasus, DemoSignaal
from casusoverleg.models import (
    CasusAanwezigheid,
    CasusOverleg,
    Casusreeks,
    ReeksLid,
    Signaal,
    Verwerkingsafspraak,
)
from networks.models import Network

EARLIER_MEETINGS = 8  # every six weeks before the demo's first held meeting
SPACING_WEEKS = 6
NOTES = "Eerder overleg: casussen besproken volgens de vaste werkwijze."


def _case(index: int, situatie, reden, domeinen, leeftijd, gemeente, organisation, signaal=None):
    """The case registered for earlier meeting ``index`` and closed at the next."""
    return DemoCasus(
        situatie=situatie,
        reden=reden,
        levensdomeinen=domeinen,
        geprobeerd="Gesprekken bij de eigen organisatie en een verwijzing die niet aansloot.",
        vraag="Wie kan de hulp samen met ons oppakken?",
        leeftijdsgroep=leeftijd,
        gemeente=gemeente,
        organisation=organisation,
        outcomes=(index, index + 1),
        closed=True,
        signalen=(signaal,) if signaal else (),
    )


HA, GGZ, WELZIJN, GEMEENTE = (
    "Huisartsenpraktijk De Venen",
    "GGZ Veenland",
    "Welzijn Veenland",
    "Gemeente Veendam aan de Aa",
)
HISTORY = [
    _case(
        0,
        "Inwoner met somberheid na baanverlies; de schulden lopen op en de post blijft dicht.",
        Reden.NIET_ALLEEN,
        ("geld", "werk"),
        Leeftijdsgroep.L45_64,
        "GM9901",
        HA,
        DemoSignaal(
            SignaalCategorie.WACHTTIJD,
            "Schuldhulp heeft een wachttijd van meer dan twee maanden.",
            ("GM9901",),
        ),
    ),
    _case(
        1,
        "Jongere met eetproblemen die de behandeling afbrak; ouders weten niet waar ze terecht "
        "kunnen.",
        Reden.PAST_NIET_MEER,
        ("lichamelijk", "relaties"),
        Leeftijdsgroep.L18_26,
        "GM9902",
        GGZ,
    ),
    _case(
        2,
        "Mantelzorger van een partner met dementie, zelf angstig en slapeloos.",
        Reden.NIET_OP_TIJD,
        ("relaties", "sociaal-netwerk"),
        Leeftijdsgroep.L65_PLUS,
        "GM9903",
        WELZIJN,
        DemoSignaal(
            SignaalCategorie.AANBOD_PAST_NIET,
            "Respijtzorg is er alleen overdag; mantelzorgers vragen om avonden.",
            ("GM9903",),
        ),
    ),
    _case(
        3,
        "Statushouder met nachtmerries en spanningen in het gezin; de taal maakt de hulp moeizaam.",
        Reden.NIET,
        ("relaties", "werk"),
        Leeftijdsgroep.L27_44,
        "GM9906",
        GEMEENTE,
        DemoSignaal(
            SignaalCategorie.ONTBREKEND_AANBOD,
            "Traumabehandeling met tolk ontbreekt in de regio.",
            ("GM9906", "GM9901"),
        ),
    ),
    _case(
        4,
        "Inwoner met verslavingsproblemen en overlast; de woningcorporatie wil hulp vóór "
        "een nieuw contract.",
        Reden.NIET_ALLEEN,
        ("wonen", "veiligheid"),
        Leeftijdsgroep.L27_44,
        "GM9908",
        HA,
    ),
    _case(
        5,
        "Alleenstaande ouder met burn-outklachten en een kind op de wachtlijst van de jeugdhulp.",
        Reden.NIET_OP_TIJD,
        ("relaties", "werk"),
        Leeftijdsgroep.L27_44,
        "GM9901",
        WELZIJN,
        DemoSignaal(
            SignaalCategorie.SAMENWERKING,
            "Jeugdhulp en volwassenen-ggz stemmen hun wachtlijsten niet af.",
            ("GM9901",),
        ),
    ),
    _case(
        6,
        "Oudere met rouwklachten die zich terugtrekt; de dagbesteding past niet meer.",
        Reden.PAST_NIET_MEER,
        ("sociaal-netwerk", "lichamelijk"),
        Leeftijdsgroep.L65_PLUS,
        "GM9904",
        GGZ,
        DemoSignaal(
            SignaalCategorie.REGELS_BEKOSTIGING,
            "Dagbesteding stopt bij een indicatie voor behandeling; beide mag niet.",
            ("GM9904",),
        ),
    ),
]


def _earlier_meetings(reeks: Casusreeks) -> list[CasusOverleg]:
    """The earlier held meetings, oldest first (a fixed anchor: the series' first planned
    meeting, as ``demo._held_meetings``)."""
    first = reeks.overleggen.filter(generated=True).order_by("starts_at").first()
    tz = timezone.get_current_timezone()
    anchor = timezone.localtime(first.starts_at, tz).date() - timedelta(
        weeks=2 * demo.PAST_MEETINGS
    )
    members = list(reeks.leden.order_by("pk"))
    held = []
    for index in range(EARLIER_MEETINGS):
        day = anchor - timedelta(weeks=SPACING_WEEKS * (EARLIER_MEETINGS - index))
        starts_at = datetime.combine(day, reeks.default_time, tzinfo=tz)
        overleg, created = CasusOverleg.objects.get_or_create(
            reeks=reeks,
            starts_at=starts_at,
            defaults={
                "duration_minutes": reeks.duration_minutes,
                "status": OverlegStatus.GEHOUDEN,
                "notes": NOTES,
                "invitations_sent_at": starts_at - timedelta(days=14),
            },
        )
        if created:
            CasusAanwezigheid.objects.bulk_create(
                [
                    CasusAanwezigheid(overleg=overleg, lid=lid, present=(index + i) % 5 != 4)
                    for i, lid in enumerate(members)
                ]
            )
        held.append(overleg)
    return held


@transaction.atomic
def seed_demo() -> str:
    network = Network.objects.filter(slug=demo.NETWORK, offers_casusoverleg=True).first()
    reeks = Casusreeks.objects.filter(network=network, name=demo.REEKS).first()
    coordinator = demo._user(demo.COORDINATOR)
    if network is None or reeks is None or coordinator is None:
        return "geen demoreeks"
    held = _earlier_meetings(reeks)
    earliest = timezone.localtime(held[0].starts_at).date() - timedelta(days=30)
    # R-DOC-1: the agreement and the fixed composition were there before the first case.
    Verwerkingsafspraak.objects.filter(
        network=network, title=demo.AFSPRAAK, signed_on__gt=earliest
    ).update(signed_on=earliest)
    ReeksLid.objects.filter(reeks=reeks, joined_on__gt=earliest).update(joined_on=earliest)
    users = {demo.VOORZITTER.email: demo._user(demo.VOORZITTER.email)}
    for email, _organisation in demo.MEMBER_LOGINS:
        users[email] = demo._user(email)
    made = sum(
        demo._casus(spec, reeks, held, users, coordinator, None) is not None for spec in HISTORY
    )
    signals = Signaal.objects.filter(
        reeks=reeks, created_at__lt=held[-1].starts_at + timedelta(days=1)
    )
    return (
        f"{reeks.name}: {len(held)} eerdere overleggen, {made} nieuwe casussen in de "
        f"geschiedenis, {signals.count()} eerdere signalen"
    )
