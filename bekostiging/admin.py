from django.contrib import admin

from .models import Contract, Verdeelsleutel


@admin.register(Verdeelsleutel)
class VerdeelsleutelAdmin(admin.ModelAdmin):
    list_display = ["network", "insurer", "share"]
    list_select_related = ["network", "insurer"]
    list_filter = ["network"]
    raw_id_fields = ["insurer"]


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
