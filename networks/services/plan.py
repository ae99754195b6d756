"""R-NW-6: the transformation plan's writes and rules. This module owns the phase
transitions; each refusal is a ``ValidationError`` with a Dutch message.

A → B  submission (a version shared with the reviewers is needed)
B → C  positive voorgenomen besluit;  B → D  negative
C → F  positive definitief besluit;   C → D  negative
D → E  the corrected plan is submitted again
E      positive voorgenomen besluit (herbeoordeling) stays in E (consultation);
       then the definitief besluit: positive → F, negative → D (another correction)
"""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn.accounts.constants import Role
from mgn.validators import check_pdf_upload
from networks.constants import Ring
from networks.models import (
    Aandachtspunt,
    Besluit,
    Instemming,
    Organisation,
    Partnership,
    PlanBeoordelaar,
    PlanVersie,
    Transformatiemiddel,
    Transformatieplan,
)
from networks.models.plan import (
    BESLISSENDE_SOORTEN,
    BesluitSoort,
    Fase,
    MiddelenStap,
    PuntStatus,
    Uitkomst,
)

VERSIE_PATTERN = re.compile(r"^(0\.[1-9]|1\.0)$")
UPLOAD_FASEN = frozenset({Fase.A, Fase.D})


def parse_versie(nummer: str) -> int:
    """'0.1' … '1.0' → tenths 1 … 10."""
    nummer = (nummer or "").strip().replace(",", ".")
    if not VERSIE_PATTERN.match(nummer):
        raise ValidationError(
            {"nummer": _("Een versienummer loopt van 0.1 tot en met 1.0 (bijvoorbeeld 0.3).")}
        )
    whole, tenth = nummer.split(".")
    return int(whole) * 10 + int(tenth)


def _formal_partner_ids(network) -> set[int]:
    return set(
        Partnership.objects.filter(network=network, ring=Ring.INNER).values_list(
            "organisation_id", flat=True
        )
    )


@transaction.atomic
def plan_create(*, network, ronde: int, titel: str, indienende_partners, created_by):
    partners = list(indienende_partners)
    errors = {}
    if not partners:
        errors["indienende_partners"] = _("Kies ten minste één indienende partner.")
    outside = sorted(o.name for o in partners if o.pk not in _formal_partner_ids(network))
    if outside:
        errors["indienende_partners"] = _(
            "Alleen formele partners van het netwerk dienen het plan in: %(names)s is dat niet."
        ) % {"names": ", ".join(outside)}
    if Transformatieplan.objects.filter(network=network, ronde=ronde).exists():
        errors["ronde"] = _("Dit netwerk heeft al een transformatieplan voor ronde %(ronde)s.") % {
            "ronde": ronde
        }
    if errors:
        raise ValidationError(errors)
    plan = Transformatieplan(
        network=network, ronde=ronde, titel=titel.strip(), created_by=created_by
    )
    plan.full_clean(exclude=["network", "created_by"])
    plan.save()
    plan.indienende_partners.set(partners)
    return plan


@transaction.atomic
def versie_upload(*, plan, nummer: str, document, uploaded_by) -> PlanVersie:
    plan = Transformatieplan.objects.select_for_update().get(pk=plan.pk)
    if plan.fase not in UPLOAD_FASEN:
        raise ValidationError(
            _(
                "Een nieuwe versie kan alleen in fase A (concept) of D (correctie) worden toegevoegd."
            )
        )
    tienden = parse_versie(nummer)
    latest = plan.versies.order_by("-tienden").first()
    if latest is not None and tienden <= latest.tienden:
        raise ValidationError(
            {
                "nummer": _("Versie %(new)s volgt niet op de laatste versie %(last)s.")
                % {"new": nummer.strip(), "last": latest.nummer}
            }
        )
    if document is None:
        raise ValidationError({"document": _("Voeg het plan toe (PDF).")})
    check_pdf_upload(document)
    versie = PlanVersie(
        plan=plan,
        tienden=tienden,
        document_name=(getattr(document, "name", "") or "")[-200:],
        uploaded_by=uploaded_by,
    )
    versie.document.save(f"transformatieplan-{versie.nummer}.pdf", document, save=False)
    versie.save()
    return versie


def missing_instemmingen(versie) -> list[Organisation]:
    agreed = set(versie.instemmingen.values_list("organisation_id", flat=True))
    return [o for o in versie.plan.indienende_partners.order_by("name") if o.pk not in agreed]


@transaction.atomic
def instemming_record(*, versie, organisation, user) -> Instemming:
    """A submitting partner agrees to share the version (recorded by a coordinator on the
    partner's behalf, or by a user acting for it: the view checks who)."""
    if not versie.plan.indienende_partners.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {
                "organisation": _("%(org)s is geen indienende partner van dit plan.")
                % {"org": organisation.name}
            }
        )
    if versie.gedeeld_op is not None:
        raise ValidationError(_("Deze versie is al gedeeld met de beoordelaars."))
    instemming, _created = Instemming.objects.get_or_create(
        versie=versie, organisation=organisation, defaults={"recorded_by": user}
    )
    return instemming


@transaction.atomic
def versie_share(*, versie) -> PlanVersie:
    versie = PlanVersie.objects.select_for_update().get(pk=versie.pk)
    if versie.gedeeld_op is not None:
        return versie
    missing = missing_instemmingen(versie)
    if not versie.plan.indienende_partners.exists():
        raise ValidationError(_("Het plan noemt nog geen indienende partners."))
    if missing:
        raise ValidationError(
            _("Nog niet alle indienende partners stemden in met delen: %(names)s.")
            % {"names": ", ".join(o.name for o in missing)}
        )
    versie.gedeeld_op = timezone.now()
    versie.save(update_fields=["gedeeld_op"])
    return versie


@transaction.atomic
def plan_submit(*, plan, ingediend_op: date) -> Transformatieplan:
    """A → B with the submission date (the blokkenplanning starts there), or D → E with the
    corrected plan's submission date."""
    plan = Transformatieplan.objects.select_for_update().get(pk=plan.pk)
    if ingediend_op > timezone.localdate():
        raise ValidationError({"ingediend_op": _("De indiendatum ligt in de toekomst.")})
    if plan.fase not in (Fase.A, Fase.D):
        raise ValidationError(
            _("Het plan is al ingediend (fase %(fase)s); indienen kan in fase A of D.")
            % {"fase": plan.fase}
        )
    if not plan.versies.filter(gedeeld_op__isnull=False).exists():
        raise ValidationError(
            _("Deel eerst een versie met de beoordelaars (alle indienende partners stemmen in).")
        )
    if plan.fase == Fase.A:
        plan.ingediend_op = ingediend_op
        plan.fase = Fase.B
    else:
        last_negative = plan.besluiten.filter(uitkomst=Uitkomst.NEGATIEF).order_by("-pk").first()
        if last_negative and ingediend_op < last_negative.datum:
            raise ValidationError(
                {
                    "ingediend_op": _(
                        "Het gecorrigeerde plan kan niet vóór het negatieve besluit zijn ingediend."
                    )
                }
            )
        plan.correctie_ingediend_op = ingediend_op
        plan.fase = Fase.E
    plan.save(update_fields=["ingediend_op", "correctie_ingediend_op", "fase"])
    return plan


@transaction.atomic
def beoordelaar_assign(*, plan, user, soort: str, assigned_by) -> PlanBeoordelaar:
    if not user.has_role(Role.BEOORDELAAR):
        raise ValidationError(
            {"user": _("Alleen een beoordelaar transformatieplan kan worden toegewezen.")}
        )
    if plan.beoordelaars.filter(user=user).exists():
        raise ValidationError({"user": _("%(name)s beoordeelt dit plan al.") % {"name": user}})
    return PlanBeoordelaar.objects.create(
        plan=plan, user=user, soort=soort, assigned_by=assigned_by
    )


def _e_round(plan) -> list[Besluit]:
    """The besluiten of the current re-review (after the last negative one)."""
    last_negative = plan.besluiten.filter(uitkomst=Uitkomst.NEGATIEF).order_by("-pk").first()
    rest = plan.besluiten.filter(herbeoordeling=True)
    if last_negative is not None:
        rest = rest.filter(pk__gt=last_negative.pk)
    return list(rest.order_by("pk"))


def _refuse_besluit(plan, soort: str) -> str | None:
    """Why this besluit cannot be recorded in the plan's phase, or None."""
    fase = plan.fase
    if soort == BesluitSoort.VOORGENOMEN:
        if fase == Fase.B:
            return None
        if fase == Fase.E and not any(b.soort == soort for b in _e_round(plan)):
            return None
        return _(
            "Een voorgenomen besluit volgt op de beoordeling (fase B) of de herbeoordeling "
            "(fase E); het plan is in fase %(fase)s."
        ) % {"fase": fase}
    if fase == Fase.C:
        return None
    if fase == Fase.E and any(b.soort == BesluitSoort.VOORGENOMEN for b in _e_round(plan)):
        return None
    return _(
        "Een definitief besluit volgt op de consultatie (fase C, of in fase E na het "
        "voorgenomen besluit); het plan is in fase %(fase)s."
    ) % {"fase": fase}


NEXT_FASE = {
    (BesluitSoort.VOORGENOMEN, Uitkomst.POSITIEF, Fase.B): Fase.C,
    (BesluitSoort.VOORGENOMEN, Uitkomst.POSITIEF, Fase.E): Fase.E,
    (BesluitSoort.DEFINITIEF, Uitkomst.POSITIEF, Fase.C): Fase.F,
    (BesluitSoort.DEFINITIEF, Uitkomst.POSITIEF, Fase.E): Fase.F,
}


@transaction.atomic
def besluit_record(
    *,
    plan,
    soort: str,
    uitkomst: str,
    reden: str,
    datum: date,
    user,
    brief=None,
    punten=(),
) -> Besluit:
    """A reviewer records a besluit; ``punten`` are (text, eigenaar, uiterlijk) of the
    aandachtspuntenbrief (only with a positive besluit)."""
    plan = Transformatieplan.objects.select_for_update().get(pk=plan.pk)
    if not plan.beoordelaars.filter(user=user, soort__in=BESLISSENDE_SOORTEN).exists():
        raise ValidationError(
            _(
                "Alleen de eerste en tweede zorgverzekeraar of de onafhankelijke gemeente leggen een besluit vast."
            )
        )
    refusal = _refuse_besluit(plan, soort)
    if refusal:
        raise ValidationError(refusal)
    errors = {}
    if not (reden or "").strip():
        errors["reden"] = _("Geef de motivering van het besluit.")
    if datum > timezone.localdate():
        errors["datum"] = _("De datum van het besluit ligt in de toekomst.")
    elif plan.ingediend_op and datum < plan.ingediend_op:
        errors["datum"] = _("Het besluit kan niet vóór de indiening vallen.")
    if uitkomst == Uitkomst.NEGATIEF and (brief or punten):
        errors["brief"] = _("Een aandachtspuntenbrief hoort bij een positief besluit.")
    if brief:
        try:
            check_pdf_upload(brief, field="brief")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    partner_ids = set(
        Partnership.objects.filter(network=plan.network).values_list("organisation_id", flat=True)
    )
    for _text, eigenaar, _uiterlijk in punten:
        if eigenaar.pk not in partner_ids:
            errors["eigenaar"] = _(
                "De eigenaar van een aandachtspunt is een partner van het netwerk."
            )
    if errors:
        raise ValidationError(errors)
    besluit = Besluit(
        plan=plan,
        soort=soort,
        uitkomst=uitkomst,
        herbeoordeling=plan.fase == Fase.E,
        reden=reden.strip(),
        datum=datum,
        recorded_by=user,
    )
    besluit.full_clean(exclude=["plan", "recorded_by", "brief"])
    if brief:
        besluit.brief.save("aandachtspuntenbrief.pdf", brief, save=False)
    besluit.save()
    for text, eigenaar, uiterlijk in punten:
        _punt_create(plan=plan, besluit=besluit, text=text, eigenaar=eigenaar, uiterlijk=uiterlijk)
    plan.fase = Fase.D if uitkomst == Uitkomst.NEGATIEF else NEXT_FASE[(soort, uitkomst, plan.fase)]
    plan.save(update_fields=["fase"])
    return besluit


def _punt_create(*, plan, besluit, text, eigenaar, uiterlijk) -> Aandachtspunt:
    punt = Aandachtspunt(
        plan=plan, besluit=besluit, text=text.strip(), eigenaar=eigenaar, uiterlijk=uiterlijk
    )
    punt.full_clean(exclude=["plan", "besluit", "eigenaar"])
    punt.save()
    return punt


@transaction.atomic
def aandachtspunt_add(*, plan, text: str, eigenaar, uiterlijk: date) -> Aandachtspunt:
    """A coordinator adds a point of a positive besluit's brief."""
    besluit = plan.besluiten.filter(uitkomst=Uitkomst.POSITIEF).order_by("-pk").first()
    if besluit is None:
        raise ValidationError(
            _("Aandachtspunten horen bij een positief besluit; dat is er nog niet.")
        )
    if not Partnership.objects.filter(network=plan.network, organisation=eigenaar).exists():
        raise ValidationError(
            {"eigenaar": _("De eigenaar van een aandachtspunt is een partner van het netwerk.")}
        )
    return _punt_create(
        plan=plan, besluit=besluit, text=text, eigenaar=eigenaar, uiterlijk=uiterlijk
    )


@transaction.atomic
def aandachtspunt_afhandelen(*, punt, op: date) -> Aandachtspunt:
    punt = Aandachtspunt.objects.select_for_update().get(pk=punt.pk)
    if punt.status == PuntStatus.AFGEHANDELD:
        raise ValidationError(_("Dit aandachtspunt is al afgehandeld."))
    if op > timezone.localdate():
        raise ValidationError({"op": _("De datum van afhandeling ligt in de toekomst.")})
    punt.status = PuntStatus.AFGEHANDELD
    punt.afgehandeld_op = op
    punt.save(update_fields=["status", "afgehandeld_op"])
    return punt


PREVIOUS_STAP = {
    MiddelenStap.BESCHIKKING: MiddelenStap.RESERVERING,
    MiddelenStap.BETALING: MiddelenStap.BESCHIKKING,
}


@transaction.atomic
def middel_record(*, plan, stap: str, datum: date, bedrag: Decimal, user) -> Transformatiemiddel:
    """R-BK-3: reservering (once per plan) → NZa-beschikking (once) → betalingen, each after
    the previous step; the payments together never exceed the beschikking."""
    plan = Transformatieplan.objects.select_for_update().get(pk=plan.pk)
    steps = {s: list(plan.middelen.filter(stap=s)) for s in MiddelenStap.values}
    if bedrag is None or bedrag <= 0:
        raise ValidationError({"bedrag": _("Het bedrag is groter dan nul.")})
    if stap in (MiddelenStap.RESERVERING, MiddelenStap.BESCHIKKING) and steps[stap]:
        raise ValidationError(
            {
                "stap": _("De %(stap)s is al vastgelegd.")
                % {"stap": MiddelenStap(stap).label.lower()}
            }
        )
    previous = PREVIOUS_STAP.get(stap)
    if previous is not None:
        if not steps[previous]:
            raise ValidationError(
                {
                    "stap": _("Leg eerst de %(vorige)s vast.")
                    % {"vorige": MiddelenStap(previous).label}
                }
            )
        if datum < steps[previous][0].datum:
            raise ValidationError(
                {
                    "datum": _("De datum ligt vóór die van de %(vorige)s.")
                    % {"vorige": MiddelenStap(previous).label}
                }
            )
    if stap == MiddelenStap.BETALING:
        beschikt = steps[MiddelenStap.BESCHIKKING][0].bedrag
        betaald = plan.middelen.filter(stap=stap).aggregate(s=Sum("bedrag"))["s"] or Decimal(0)
        if betaald + bedrag > beschikt:
            raise ValidationError(
                {
                    "bedrag": _(
                        "De betalingen (samen € %(total)s) zouden de beschikking van € %(max)s overschrijden."
                    )
                    % {"total": betaald + bedrag, "max": beschikt}
                }
            )
    middel = Transformatiemiddel(plan=plan, stap=stap, datum=datum, bedrag=bedrag, recorded_by=user)
    middel.full_clean(exclude=["plan", "recorded_by"])
    middel.save()
    return middel
