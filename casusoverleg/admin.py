"""Function IV in the admin, for support: the agreements, series with their members and
meetings. Cases are read by the series' members only (R-PR-2), so they are not in the
admin; every write goes through the application's pages (services) where R-DOC-1 … R-DOC-4
are checked."""

from django.contrib import admin

from casusoverleg.models import CasusOverleg, Casusreeks, ReeksLid, Verwerkingsafspraak


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReeksLidInline(admin.TabularInline):
    model = ReeksLid
    extra = 0
    can_delete = False
    readonly_fields = [
        "organisation",
        "professional",
        "user",
        "domain",
        "is_voorzitter",
        "joined_on",
        "left_on",
    ]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Verwerkingsafspraak)
class VerwerkingsafspraakAdmin(ReadOnlyAdmin):
    list_display = ["title", "network", "signed_on", "valid_until", "retention_months"]
    list_select_related = ["network"]
    exclude = ["document"]


@admin.register(Casusreeks)
class CasusreeksAdmin(ReadOnlyAdmin):
    list_display = ["name", "network", "frequency", "is_active"]
    list_filter = ["is_active", "frequency"]
    list_select_related = ["network"]
    inlines = [ReeksLidInline]


@admin.register(CasusOverleg)
class CasusOverlegAdmin(ReadOnlyAdmin):
    list_display = ["reeks", "starts_at", "status"]
    list_filter = ["status"]
    list_select_related = ["reeks"]
    exclude = ["notes"]
