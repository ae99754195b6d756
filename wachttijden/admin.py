from django import forms
from django.contrib import admin

from .models import (
    Aanbod,
    Hoofddiagnosegroep,
    IntakeSlots,
    OntbrekendAanbod,
    OverviewRun,
    ReportJob,
    WachtlijstUpload,
    WachttijdOpgave,
    Zorgvraagtype,
)
from .services.aanbod import offer_domain_refusal


@admin.register(Zorgvraagtype)
class ZorgvraagtypeAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "cluster"]
    list_filter = ["cluster"]


@admin.register(Hoofddiagnosegroep)
class HoofddiagnosegroepAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


class AanbodAdminForm(forms.ModelForm):
    """R-NW-1 in the admin too: an insurer offers nothing, a gemeente SD offers only (the
    admin adds the model and fields)."""

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("provider")
        if provider is not None:
            refusal = offer_domain_refusal(provider, cleaned.get("domain"))
            if refusal:
                self.add_error("domain", refusal)
        return cleaned


@admin.register(Aanbod)
class AanbodAdmin(admin.ModelAdmin):
    form = AanbodAdminForm
    list_display = ["name", "provider", "region", "domain", "category", "is_active"]
    list_filter = ["domain", "category", "is_active", "region"]
    list_select_related = ["provider", "region"]
    search_fields = ["name", "provider__name"]
    raw_id_fields = ["provider", "gemeente"]
    filter_horizontal = ["gemeenten_served", "zorgvraagtypes"]


@admin.register(OntbrekendAanbod)
class OntbrekendAanbodAdmin(admin.ModelAdmin):
    list_display = ["network", "category", "created_at", "resolved_at"]
    list_filter = ["category", "network"]
    raw_id_fields = ["created_by"]


@admin.register(IntakeSlots)
class IntakeSlotsAdmin(admin.ModelAdmin):
    list_display = ["aanbod", "week_start", "available"]
    list_select_related = ["aanbod"]
    raw_id_fields = ["aanbod"]


class ReadOnly(admin.ModelAdmin):
    """Deliveries and computed figures change only through their services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WachtlijstUpload)
class WachtlijstUploadAdmin(ReadOnly):
    list_display = ["aanbod", "provider", "uploaded_at", "source", "accepted", "rows_total"]
    list_filter = ["accepted", "source"]
    list_select_related = ["aanbod", "provider"]


# Wachtplekken (pseudonym, woongemeente, dates and urgency of one person's wait) are not
# in the admin (R-PR-2): the beheerder has no care relationship with the person.


@admin.register(WachttijdOpgave)
class WachttijdOpgaveAdmin(ReadOnly):
    list_display = [
        "provider",
        "location",
        "month",
        "hoofddiagnosegroep",
        "aanmeld_weeks",
        "behandel_weeks",
    ]
    list_select_related = ["provider", "hoofddiagnosegroep"]


@admin.register(OverviewRun)
class OverviewRunAdmin(ReadOnly):
    list_display = ["region", "snapshot_date", "status", "progress", "finished_at"]
    list_filter = ["status", "region"]


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnly):
    list_display = ["region", "snapshot_date", "status", "progress", "created_at"]
    exclude = ["file"]
