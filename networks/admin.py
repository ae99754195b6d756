from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guardian.admin import GuardedModelAdmin

from .constants import FINANCIER_ONLY_KINDS, ROLE_FIELDS, NationalPrinciple
from .models import (
    Gemeente,
    LeidendPrincipe,
    Network,
    Organisation,
    Partnership,
    Professional,
    Region,
)
from .services.netwerken import (
    regievoerder_removal_message,
    validate_partnership,
    validate_regievoerder,
)
from .validators import validate_network_slug


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "mandaatgemeente"]
    search_fields = ["name", "code"]
    inlines = [GemeenteInline]
    raw_id_fields = ["mandaatgemeente"]


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "cbs_code"]
    list_select_related = ["region"]


class OrganisationAdminForm(forms.ModelForm):
    """R-NW-1/R-NW-3: an organisation that executes in a network (role U, or regievoerder)
    does not become an insurer, which only finances (the admin adds model and fields)."""

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        organisation = self.instance
        if organisation.pk and kind in FINANCIER_ONLY_KINDS and kind != organisation.kind:
            executes = organisation.partnerships.filter(role_uitvoering=True).exists()
            if executes or organisation.networks_as_regievoerder.exists():
                raise ValidationError(
                    _(
                        "Deze organisatie voert uit in een netwerk (rol U of regievoerder) en "
                        "kan daarom geen zorgverzekeraar worden; een zorgverzekeraar "
                        "financiert alleen."
                    )
                )
        return kind


@admin.register(Organisation)
class OrganisationAdmin(GuardedModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "agb_code", "uzovi", "gemeente"]
    list_filter = ["kind", "vrijgevestigd"]
    search_fields = ["name", "agb_code", "uzovi"]
    list_select_related = ["gemeente"]
    raw_id_fields = ["gemeente"]


class NetworkAdminForm(forms.ModelForm):
    """The admin adds the model and fields; R-NW-3's regievoerder check as a form error."""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        validate_network_slug(slug)
        return slug

    def clean_regievoerder(self):
        regievoerder = self.cleaned_data["regievoerder"]
        try:
            validate_regievoerder(regievoerder)
        except ValidationError as error:
            raise ValidationError(error.message_dict["regievoerder"]) from error
        return regievoerder


class PartnershipInlineFormSet(BaseInlineFormSet):
    """The partnerships as the admin edits them follow the service's rules: R-NW-1/R-NW-2 per
    row, and R-NW-3: the regievoerder (as the network form now names it) stays an
    inner-ring partner with role U and is never removed."""

    def clean(self):
        super().clean()
        network = self.instance
        regievoerder_id = network.regievoerder_id
        regievoerder_row = None
        removed = False
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            organisation = data.get("organisation")
            was_regievoerder = (
                form.instance.pk is not None and form.initial.get("organisation") == regievoerder_id
            )
            if self.can_delete and self._should_delete_form(form):
                removed = removed or was_regievoerder
                continue
            if organisation is None:
                continue
            if was_regievoerder and organisation.pk != regievoerder_id:
                removed = True  # the row was moved to another organisation
            if organisation.pk == regievoerder_id:
                regievoerder_row = form
            roles = [code for code, field in ROLE_FIELDS.items() if data.get(field)]
            try:
                validate_partnership(
                    organisation=organisation,
                    ring=data.get("ring"),
                    roles=roles,
                    network=network,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error("ring" if field == "ring" else None, messages)
        if regievoerder_id is None or regievoerder_row is not None:
            return
        if removed:
            raise ValidationError(regievoerder_removal_message(network.regievoerder))
        raise ValidationError(
            _(
                "De regievoerder %(org)s moet een formele partner zijn: voeg haar toe in de "
                "binnenring met rol U (uitvoering)."
            )
            % {"org": network.regievoerder.name}
        )


class PartnershipInline(admin.TabularInline):
    model = Partnership
    formset = PartnershipInlineFormSet
    extra = 0
    raw_id_fields = ["organisation"]


class LeidendPrincipeAdminForm(forms.ModelForm):
    """R-NW-5: the national principles as checkboxes (stored as a JSON list)."""

    national_principles = forms.MultipleChoiceField(
        label=gettext_lazy("Landelijke principes"),
        choices=NationalPrinciple.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LeidendPrincipe
        fields = ["title", "national_principles", "text", "order"]


class LeidendPrincipeInline(admin.StackedInline):
    model = LeidendPrincipe
    form = LeidendPrincipeAdminForm
    extra = 0


@admin.register(Network)
class NetworkAdmin(GuardedModelAdmin):
    form = NetworkAdminForm
    list_display = ["name", "slug", "regievoerder"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "gemeenten"]
    raw_id_fields = ["regievoerder", "preferente_zorgverzekeraar"]
    inlines = [PartnershipInline, LeidendPrincipeInline]
    list_select_related = ["regievoerder"]


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["name", "discipline", "organisation", "agb_code", "user", "is_active"]
    list_filter = ["discipline", "is_active"]
    search_fields = ["name", "agb_code", "email"]
    raw_id_fields = ["organisation", "user"]
    list_select_related = ["organisation", "user"]
