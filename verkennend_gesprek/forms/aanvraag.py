"""The huisarts's request form (R-VG-1/2). It parses; the rules live in services."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mgn.validators import (
    DATE_OF_BIRTH_EARLIEST,
    TEXT_REQUEST,
    clean_name,
    clean_text,
    validate_bsn,
    validate_date_of_birth,
    validate_line,
    validate_name,
    validate_plain_text,
)
from networks.constants import LifeDomain
from networks.models import Gemeente, Network, Organisation, Professional
from networks.selectors.netwerken import OrganisationKind, gemeenten_served
from verkennend_gesprek.constants import Expertise, Urgency
from verkennend_gesprek.selectors.aanvraag import request_networks_for_user
from verkennend_gesprek.services.aanvraag import PersoonData


class ErrorSummaryMixin:
    """Errors of visible fields as (anchor id, label, message) for the error summary; a
    checkbox or radio group is reached through its group, not its first option."""

    @property
    def summary_errors(self) -> list[tuple[str, str, str]]:
        return [
            (field.auto_id if field.use_fieldset else field.id_for_label, field.label, error)
            for field in self.visible_fields()
            for error in field.errors
        ]


def _required(message) -> dict:
    return {"required": message}


class PracticeChoiceField(forms.ModelChoiceField):
    """Choices are the user's huisarts records; the label is the practice."""

    def label_from_instance(self, obj: Professional) -> str:
        return obj.organisation.name


class InsurerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} (UZOVI {obj.uzovi})"


class RequestForm(ErrorSummaryMixin, forms.Form):
    huisarts = PracticeChoiceField(
        label=_("Praktijk"),
        queryset=Professional.objects.none(),
        empty_label=None,
        help_text=_("De praktijk waarvoor u deze aanvraag doet."),
    )
    network = forms.ModelChoiceField(
        label=_("Netwerk"),
        queryset=Network.objects.none(),
        empty_label=None,
        to_field_name="slug",
    )

    given_name = forms.CharField(
        label=_("Voornaam"),
        max_length=100,
        validators=[validate_name],
        error_messages=_required(_("Vul de voornaam van de persoon in.")),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    family_name_prefix = forms.CharField(
        label=_("Tussenvoegsel"),
        max_length=20,
        required=False,
        validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    family_name = forms.CharField(
        label=_("Achternaam"),
        max_length=150,
        validators=[validate_name],
        error_messages=_required(_("Vul de achternaam van de persoon in.")),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        help_text=_("Burgerservicenummer: 9 cijfers."),
        error_messages=_required(_("Vul het BSN van de persoon in.")),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"),
        validators=[validate_date_of_birth],
        error_messages={
            "required": _("Vul de geboortedatum in."),
            "invalid": _("Vul een geldige geboortedatum in (dag, maand en jaar)."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Woongemeente"),
        queryset=Gemeente.objects.none(),
        empty_label=_("Kies de woongemeente"),
        error_messages=_required(_("Kies de gemeente waar de persoon woont.")),
    )
    address = forms.CharField(
        label=_("Adres"),
        max_length=300,
        required=False,
        validators=[validate_line],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Telefoon"),
        max_length=30,
        required=False,
        validators=[validate_line],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    insurer = InsurerChoiceField(
        label=_("Zorgverzekeraar"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies de zorgverzekeraar"),
        help_text=_("Van de basisverzekering; nodig voor de declaratie."),
        error_messages=_required(_("Kies de zorgverzekeraar van de basisverzekering.")),
    )
    policy_number = forms.CharField(
        label=_("Polisnummer"),
        max_length=30,
        validators=[validate_line],
        error_messages=_required(_("Vul het polisnummer in; het is nodig voor de declaratie.")),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    hulpvraag = forms.CharField(
        label=_("Hulpvraag"),
        help_text=_("In de woorden van de persoon: waar loopt hij of zij tegenaan?"),
        max_length=TEXT_REQUEST,
        validators=[validate_plain_text],
        error_messages=_required(_("Beschrijf de hulpvraag.")),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    psychische_klachten = forms.BooleanField(
        label=_("De persoon heeft psychische klachten"), required=False, initial=True
    )
    life_domains = forms.MultipleChoiceField(
        label=_("Levensgebieden met problemen"),
        help_text=_("Kies minstens één."),
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(
            _("Kies minstens één ander levensgebied met problemen (geld, wonen, werk, …).")
        ),
    )
    expertise = forms.MultipleChoiceField(
        label=_("Gewenste specifieke expertise"),
        choices=Expertise.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    naaste_komt = forms.BooleanField(label=_("Er komt een naaste mee"), required=False)
    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=Urgency.choices,
        initial=Urgency.REGULIER,
        widget=forms.RadioSelect,
        error_messages=_required(_("Kies de urgentie.")),
    )
    consent = forms.BooleanField(
        label=_("De persoon geeft toestemming voor het verkennend gesprek"),
        help_text=_(
            "En om deze gegevens te delen met de professionals van het netwerk die het "
            "gesprek voeren."
        ),
        error_messages=_required(
            _("Zonder toestemming van de persoon kunt u geen verkennend gesprek aanvragen.")
        ),
    )
    # A double click or a resubmitted page sends the same key: the service then returns
    # the first request instead of creating a second.
    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, user, practices: list[Professional], **kwargs):
        super().__init__(*args, **kwargs)
        networks = list(request_networks_for_user(user, practices))
        self.networks = networks
        self.fields["huisarts"].queryset = Professional.objects.filter(
            pk__in=[p.pk for p in practices]
        ).select_related("organisation")
        self.fields["network"].queryset = Network.objects.filter(pk__in=[n.pk for n in networks])
        if len(practices) == 1:
            self.fields["huisarts"].widget = forms.HiddenInput()
            self.initial.setdefault("huisarts", practices[0].pk)
        if len(networks) <= 1:
            self.fields["network"].widget = forms.HiddenInput()
            if networks:
                self.initial.setdefault("network", networks[0].slug)
        self.fields["gemeente"].queryset = gemeenten_served([n.pk for n in networks])
        self.fields["insurer"].queryset = (
            Organisation.objects.filter(
                kind=OrganisationKind.ZORGVERZEKERAAR,
                partnerships__network__in=[n.pk for n in networks],
            )
            .distinct()
            .order_by("name")
        )
        self.fields["date_of_birth"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["date_of_birth"].widget.attrs["min"] = DATE_OF_BIRTH_EARLIEST.isoformat()
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean_bsn(self) -> str:
        return validate_bsn(self.cleaned_data["bsn"])

    def service_kwargs(self) -> dict:
        """Keyword arguments for gesprek_request (without requested_by)."""
        data = self.cleaned_data
        return {
            "network": data["network"],
            "huisarts": data["huisarts"],
            "persoon": PersoonData(
                bsn=data["bsn"],
                given_name=clean_name(data["given_name"]),
                family_name_prefix=clean_name(data["family_name_prefix"]),
                family_name=clean_name(data["family_name"]),
                date_of_birth=data["date_of_birth"],
                gemeente=data["gemeente"],
                insurer=data["insurer"],
                policy_number=data["policy_number"].strip(),
                address=data["address"].strip(),
                phone=data["phone"].strip(),
                email=data["email"],
            ),
            "hulpvraag": clean_text(data["hulpvraag"]),
            "psychische_klachten": data["psychische_klachten"],
            "life_domains": data["life_domains"],
            "expertise": data["expertise"],
            "naaste_komt": data["naaste_komt"],
            "urgency": data["urgency"],
            "consent": data["consent"],
            "idempotency_key": data["idempotency_key"],
        }
