from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .constants import Event
from .models import AccessLogEntry
from .selectors import can_read_log
from .services import log_access


def mask_identifier(value: str) -> str:
    """A person's identifier as the admin shows it: its last three characters (R-PR-2)."""
    return f"****{value[-3:]}" if value else ""


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only; opening the list or an entry is itself written to the log.

    The beheerder sees no person data (R-PR-2): the person's identifier is masked on every
    page (****708) and found only by the whole identifier. Who accessed one person's data
    is the *Toegangslog* page, for an identifier the beheerder already has (an
    inzageverzoek)."""

    list_display = [
        "occurred_at",
        "event",
        "outcome",
        "user_identifier",
        "user_roles",
        "user_organisation",
        "person_identifier_type",
        "person",
        "object_type",
        "access_point",
    ]
    list_filter = ["event", "action", "outcome", "person_identifier_type", "occurred_at"]
    search_fields = ["user_identifier", "=person_identifier", "object_id"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False  # counting millions of rows on every page is slow

    def get_readonly_fields(self, request, obj=None):
        return [
            "person" if f.name == "person_identifier" else f.name for f in self.model._meta.fields
        ]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("persoon"))
    def person(self, obj) -> str:
        return mask_identifier(obj.person_identifier)

    def has_module_permission(self, request):
        return can_read_log(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            query = request.GET.get("q", "")
            log_access(request, event=Event.LOG_READ, detail=f"beheer: lijst {query}".strip())
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            log_access(request, event=Event.LOG_READ, detail=f"beheer: regel {object_id}")
        return response
