from django.contrib import admin

from mgn.audit.admin_mixins import ReadOnlyAuditedAdmin

from .models import Advies, AdviesBrief, Afspraak, Deelnemer, Gesprek, Persoon, VerkennendGesprek


@admin.register(Persoon)
class PersoonAdmin(ReadOnlyAuditedAdmin):
    list_display = ["family_name", "given_name", "network", "gemeente"]
    list_select_related = ["network", "gemeente"]
    search_fields = ["=bsn", "family_name"]


class GesprekInline(admin.TabularInline):
    model = Gesprek
    extra = 0
    can_delete = False
    fields = ["number", "starts_at", "mode", "held"]
    readonly_fields = fields


@admin.register(VerkennendGesprek)
class VerkennendGesprekAdmin(ReadOnlyAuditedAdmin):
    list_display = ["id", "network", "practice", "status", "requested_at"]
    list_filter = ["status", "network"]
    list_select_related = ["network", "practice", "persoon"]
    date_hierarchy = "requested_at"
    inlines = [GesprekInline]
    show_full_result_count = False


@admin.register(Gesprek)
class GesprekAdmin(ReadOnlyAuditedAdmin):
    list_display = ["verkennend_gesprek", "number", "starts_at", "mode", "held"]
    list_select_related = ["verkennend_gesprek__persoon"]

    def audit_subject(self, obj):
        return obj.verkennend_gesprek


@admin.register(Deelnemer)
class DeelnemerAdmin(ReadOnlyAuditedAdmin):
    list_display = ["gesprek", "role", "professional", "name", "present"]
    list_select_related = ["gesprek__verkennend_gesprek__persoon", "professional"]

    def audit_subject(self, obj):
        return obj.gesprek.verkennend_gesprek


class AfspraakInline(admin.TabularInline):
    model = Afspraak
    extra = 0
    can_delete = False


@admin.register(Advies)
class AdviesAdmin(ReadOnlyAuditedAdmin):
    list_display = ["verkennend_gesprek", "version", "status", "finalised_at"]
    list_filter = ["status"]
    list_select_related = ["verkennend_gesprek__persoon"]
    inlines = [AfspraakInline]


@admin.register(AdviesBrief)
class AdviesBriefAdmin(ReadOnlyAuditedAdmin):
    list_display = ["advies", "status", "progress", "attempts", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["advies__verkennend_gesprek__persoon"]
    exclude = ["file"]
