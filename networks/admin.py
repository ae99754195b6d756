from django.contrib import admin

from guardian.admin import GuardedModelAdmin

from .models import (
    Gemeente,
    LeidendPrincipe,
    Network,
    Organisation,
    Partnership,
    Professional,
    Region,
)
from .services.netwerken import validate_regievoerder


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


@admin.register(Organisation)
class OrganisationAdmin(GuardedModelAdmin):
    list_display = ["name", "kind", "agb_code", "uzovi", "gemeente"]
    list_filter = ["kind", "vrijgevestigd"]
    search_fields = ["name", "agb_code", "uzovi"]
    list_select_related = ["gemeente"]
    raw_id_fields = ["gemeente"]


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    raw_id_fields = ["organisation"]


class LeidendPrincipeInline(admin.StackedInline):
    model = LeidendPrincipe
    extra = 0


@admin.register(Network)
class NetworkAdmin(GuardedModelAdmin):
    list_display = ["name", "slug", "regievoerder"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "gemeenten"]
    raw_id_fields = ["regievoerder", "preferente_zorgverzekeraar"]
    inlines = [PartnershipInline, LeidendPrincipeInline]
    list_select_related = ["regievoerder"]

    def save_model(self, request, obj, form, change):
        validate_regievoerder(obj.regievoerder)
        super().save_model(request, obj, form, change)


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["name", "discipline", "organisation", "agb_code", "user", "is_active"]
    list_filter = ["discipline", "is_active"]
    search_fields = ["name", "agb_code", "email"]
    raw_id_fields = ["organisation", "user"]
    list_select_related = ["organisation", "user"]
