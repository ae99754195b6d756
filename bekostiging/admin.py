from django.contrib import admin

from bekostiging.models import (
    Begrotingspost,
    Contract,
    ContractDocumentBevestiging,
    ContractDocumentVersie,
    Export,
    FunctieKassier,
    GemeenteAfspraak,
    OverschrijdingBesluit,
    Prestatie,
    RegionaalBedrag,
    Retourbericht,
    Verdeelsleutel,
)


@admin.register(Verdeelsleutel)
class VerdeelsleutelAdmin(admin.ModelAdmin):
    list_display = ["network", "year", "insurer", "share", "set_at"]
    list_select_related = ["network", "insurer"]
    list_filter = ["year", "network"]
    raw_id_fields = ["insurer", "set_by"]


@admin.register(FunctieKassier)
class FunctieKassierAdmin(admin.ModelAdmin):
    """R-NW-3/R-NW-4: read here; recorded on the network's kassier page (its service
    checks partner, kind and overlap)."""

    list_display = ["network", "function", "organisation", "starts_on", "ends_on"]
    list_select_related = ["network", "organisation"]
    list_filter = ["function", "network"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RegionaalBedrag)
class RegionaalBedragAdmin(admin.ModelAdmin):
    list_display = ["network", "year", "function", "amount", "term_length"]
    list_select_related = ["network"]
    list_filter = ["year", "function", "network"]
    raw_id_fields = ["set_by"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "network",
        "function",
        "provider",
        "insurer",
        "starts_on",
        "ends_on",
        "declaring",
    ]
    list_select_related = ["network", "provider", "insurer"]
    list_filter = ["function", "declaring", "network"]
    raw_id_fields = ["provider", "insurer"]


@admin.register(Prestatie)
class PrestatieAdmin(admin.ModelAdmin):
    """Versioned codes (R-BK-5): end a row with valid_until and add the new code."""

    list_display = ["function", "route", "code", "description", "valid_from", "valid_until"]
    list_filter = ["function", "route"]


# Declaration lines, insurance periods and held-back conversations are person data (the
# BSN, policy number and date of birth, a person's insurer): not in the admin (R-PR-2).
# Coordinators, the declaring provider and the insurer read them in the application.


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "format", "line_count", "total_amount", "created_at", "marked_at"]
    list_select_related = ["insurer"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Retourbericht)
class RetourberichtAdmin(admin.ModelAdmin):
    list_display = ["__str__", "insurer", "uploaded_at", "accepted", "rejected"]
    list_select_related = ["insurer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GemeenteAfspraak)
class GemeenteAfspraakAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "year", "agreed_count", "rate", "funding_source", "network"]
    list_select_related = ["gemeente", "network"]
    list_filter = ["year", "funding_source"]


@admin.register(OverschrijdingBesluit)
class OverschrijdingBesluitAdmin(admin.ModelAdmin):
    """R-BK-3: the gemeenten's decisions are an audit trail: read only, never deleted."""

    list_display = ["afspraak", "accepted", "over_run_count", "decided_for", "decided_at"]
    list_select_related = ["afspraak__gemeente", "decided_for"]
    list_filter = ["accepted"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Begrotingspost)
class BegrotingspostAdmin(admin.ModelAdmin):
    list_display = ["network", "year", "function", "funder", "amount"]
    list_select_related = ["network", "funder"]
    list_filter = ["year", "function"]
    raw_id_fields = ["funder"]


class ContractDocumentBevestigingInline(admin.TabularInline):
    model = ContractDocumentBevestiging
    extra = 0
    readonly_fields = ["organisation", "confirmed_by", "confirmed_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ContractDocumentVersie)
class ContractDocumentVersieAdmin(admin.ModelAdmin):
    """R-NW-7: versions are added and confirmed on the contracting page; read-only here."""

    list_display = ["network", "soort", "number", "year", "format", "uploaded_by", "uploaded_at"]
    list_select_related = ["network", "uploaded_by"]
    list_filter = ["soort", "format"]
    readonly_fields = [
        "network",
        "soort",
        "number",
        "year",
        "format",
        "file_name",
        "uploaded_by",
        "uploaded_at",
    ]
    exclude = ["file"]
    inlines = [ContractDocumentBevestigingInline]

    def has_add_permission(self, request) -> bool:
        return False
