"""R-DOC-2 … R-DOC-4: an anonymous case is registered for a coming meeting, discussed, given
an outcome, and closed.

Registration is refused without a current AVG agreement (R-DOC-1, ``afspraak_gaps``) and
without at least the person's consent (R-DOC-3). Every free text passes the identifier
guard (``mgn.identifier_guard``) before it is saved, from the web form and the API alike.
A case without an outcome cannot be closed; an open case returns on the agenda of the next
meeting until closed (``services.overleggen.cases_carry``)."""

from datetime import date
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casusoverleg.constants import Betrokkenheid, CasusStatus, OverlegStatus, Reden
from casusoverleg.models import Casus, CasusOverleg, Casusreeks, CasusUitkomst
from casusoverleg.services.afspraak import afspraak_gaps
from casusoverleg.services.teksten import texts_refusal
from networks.constants import LifeDomain
from networks.models import Gemeente, Organisation, Partnership
from networks.selectors.netwerken import network_serves_gemeente

CASE_TEXTS = ("situatie", "geprobeerd", "vraag")
OUTCOME_TEXTS = ("oplossing", "volgende_stap")


def casus_code(casus: Casus) -> str:
    return f"CO-{timezone.localtime(casus.registered_at).year}-{casus.pk:05d}"


@transaction.atomic
def casus_register(
    *,
    reeks: Casusreeks,
    organisation: Organisation,
    registered_by,
    reden: str,
    situatie: str,
    levensdomeinen,
    geprobeerd: str,
    vraag: str,
    leeftijdsgroep: str,
    gemeente: Gemeente,
    betrokkenheid: str,
    overleg: CasusOverleg | None = None,
) -> Casus:
    """Register a case for a coming meeting of the series (the next one by default). The
    caller checked that the user sits in the series for ``organisation``."""
    network = reeks.network
    gaps = afspraak_gaps(network)
    if gaps:
        raise ValidationError(gaps)
    errors: dict[str, str] = {}
    if betrokkenheid not in (Betrokkenheid.MEEGEDAAN, Betrokkenheid.TOESTEMMING):
        errors["betrokkenheid"] = _(
            "Een casus wordt alleen aangemeld als de persoon heeft meegedaan aan de aanmelding "
            "of ten minste toestemming heeft gegeven (R-DOC-3)."
        )
    if reden not in Reden.values:
        errors["reden"] = _("Kies de reden van aanmelden.")
    levensdomeinen = list(dict.fromkeys(levensdomeinen or []))
    if not levensdomeinen:
        errors["levensdomeinen"] = _("Kies ten minste één betrokken levensgebied.")
    elif any(d not in LifeDomain.values for d in levensdomeinen):
        errors["levensdomeinen"] = _("Onbekend levensgebied.")
    if not network_serves_gemeente(network, gemeente):
        errors["gemeente"] = _("%(name)s ligt niet in het werkgebied van het netwerk.") % {
            "name": gemeente.name
        }
    if not reeks.is_active:
        errors["reeks"] = _("Deze reeks is niet meer actief.")
    now = timezone.now()
    if overleg is None and not errors:
        from casusoverleg.services.overleggen import next_overleg

        overleg = next_overleg(reeks, after=now)
    elif overleg is not None and (
        overleg.reeks_id != reeks.pk
        or overleg.status != OverlegStatus.GEPLAND
        or overleg.ends_at <= now
    ):
        errors["overleg"] = _("Kies een komend overleg van deze reeks.")
    errors.update(
        texts_refusal(Casus, {"situatie": situatie, "geprobeerd": geprobeerd, "vraag": vraag})
    )
    if errors:
        raise ValidationError(errors)
    casus = Casus(
        reeks=reeks,
        organisation=organisation,
        registered_by=registered_by,
        overleg=overleg,
        reden=reden,
        situatie=situatie.strip(),
        levensdomeinen=levensdomeinen,
        geprobeerd=geprobeerd.strip(),
        vraag=vraag.strip(),
        leeftijdsgroep=leeftijdsgroep,
        gemeente=gemeente,
        betrokkenheid=betrokkenheid,
        code=f"tmp-{uuid4().hex[:16]}",
    )
    casus.full_clean(exclude=["reeks", "organisation", "registered_by", "overleg", "gemeente"])
    casus.save()
    casus.code = casus_code(casus)
    casus.save(update_fields=["code"])
    return casus


def _eigenaar_refusal(casus: Casus, eigenaar: Organisation) -> str | None:
    if Partnership.objects.filter(network=casus.reeks.network, organisation=eigenaar).exists():
        return None
    if casus.reeks.leden.filter(organisation=eigenaar).exists():
        return None
    return _("%(org)s is geen partner van het netwerk.") % {"org": eigenaar.name}


@transaction.atomic
def uitkomst_record(
    *,
    casus: Casus,
    overleg: CasusOverleg,
    oplossing: str,
    volgende_stap: str,
    eigenaar: Organisation,
    datum: date,
    recorded_by,
) -> CasusUitkomst:
    """R-DOC-4: the meeting's outcome for the case: the agreed solution, the next step, the
    organisation that takes the case, and by when. Recorded (or corrected) during or after
    the meeting the case is on; once per case and meeting."""
    errors: dict[str, str] = {}
    if casus.status == CasusStatus.GESLOTEN:
        raise ValidationError(_("Deze casus is gesloten."))
    if overleg.reeks_id != casus.reeks_id:
        raise ValidationError({"overleg": _("Dit overleg hoort niet bij de reeks van de casus.")})
    if overleg.status == OverlegStatus.GEANNULEERD:
        errors["overleg"] = _("Dit overleg is geannuleerd.")
    elif timezone.localtime(overleg.starts_at).date() > timezone.localdate():
        errors["overleg"] = _("De uitkomst leggen we vast tijdens of na het overleg.")
    is_on_agenda = (
        casus.overleg_id == overleg.pk or casus.uitkomsten.filter(overleg=overleg).exists()
    )
    if not is_on_agenda:
        errors["overleg"] = _("Deze casus stond niet op de agenda van dit overleg.")
    for name, value in (("oplossing", oplossing), ("volgende_stap", volgende_stap)):
        if not (value or "").strip():
            errors[name] = _("Dit veld is verplicht.")
    refusal = _eigenaar_refusal(casus, eigenaar)
    if refusal:
        errors["eigenaar"] = refusal
    if datum < timezone.localtime(overleg.starts_at).date():
        errors["datum"] = _("De datum ligt vóór het overleg.")
    errors.update(
        texts_refusal(CasusUitkomst, {"oplossing": oplossing, "volgende_stap": volgende_stap})
    )
    if errors:
        raise ValidationError(errors)
    uitkomst, _created = CasusUitkomst.objects.update_or_create(
        casus=casus,
        overleg=overleg,
        defaults={
            "oplossing": oplossing.strip(),
            "volgende_stap": volgende_stap.strip(),
            "eigenaar": eigenaar,
            "datum": datum,
            "recorded_by": recorded_by,
        },
    )
    uitkomst.full_clean(exclude=["casus", "overleg", "eigenaar", "recorded_by"])
    if casus.status == CasusStatus.AANGEMELD:
        casus.status = CasusStatus.BESPROKEN
        casus.save(update_fields=["status"])
    return uitkomst


@transaction.atomic
def casus_close(*, casus: Casus, closed_by) -> Casus:
    """Close a case: only with an outcome (R-DOC-4)."""
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    if casus.status == CasusStatus.GESLOTEN:
        return casus
    if not casus.uitkomsten.exists():
        raise ValidationError(
            _(
                "Een casus zonder uitkomst kan niet worden gesloten: leg eerst de afgesproken "
                "oplossing, de volgende stap, wie de casus oppakt en de datum vast (R-DOC-4)."
            )
        )
    casus.status = CasusStatus.GESLOTEN
    casus.closed_at = timezone.now()
    casus.closed_by = closed_by
    casus.save(update_fields=["status", "closed_at", "closed_by"])
    return casus


@transaction.atomic
def casus_reopen(*, casus: Casus) -> Casus:
    """A closed case comes back on the agenda of the next meeting (before its removal)."""
    from casusoverleg.services.overleggen import next_overleg

    if casus.status != CasusStatus.GESLOTEN:
        return casus
    casus.status = CasusStatus.BESPROKEN
    casus.closed_at = None
    casus.closed_by = None
    casus.overleg = next_overleg(casus.reeks, after=timezone.now())
    casus.save(update_fields=["status", "closed_at", "closed_by", "overleg"])
    return casus
