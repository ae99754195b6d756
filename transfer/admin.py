"""The transfer table in the admin: settings and team, for support. No person data is kept
by the table (R-TR-1, R-TR-2), so it may be shown; writes of the team go through the
application's pages (services.tafels) where the rules of R-TR-4 are checked."""

from django.contrib import admin

from transfer.models import TafelLid, TafelOverleg, Transfertafel


class TafelLidInline(admin.TabularInline):
    model = TafelLid
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "guest_role",
        "organisation",
        "professional",
        "user",
        "joined_on",
        "left_on",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Transfertafel)
class TransfertafelAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "regievoerder", "frequency", "is_active"]
    list_filter = ["is_active", "frequency"]
    list_select_related = ["network", "regievoerder"]
    readonly_fields = ["network", "regievoerder"]
    inlines = [TafelLidInline]

    def has_add_permission(self, request):
        return False  # tables are made on the site (services.tafels.tafel_create)

    def has_change_permission(self, request, obj=None):
        return False  # changes go through services.tafels (the rules of R-TR-4/R-TR-5)


@admin.register(TafelOverleg)
class TafelOverlegAdmin(admin.ModelAdmin):
    list_display = ["tafel", "starts_at", "status"]
    list_filter = ["status"]
    list_select_related = ["tafel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
