"""Admin pages that show personal data log every row they show (R-PR-1)."""

from django.contrib import admin

from .constants import Event
from .services import log_access, log_access_many


class AuditedAdminMixin:
    """Logs SEARCH for each row on a changelist page and READ for an opened record.

    The model (or ``audit_subject(obj)``) must provide ``audit_identifier()``.
    """

    def audit_subject(self, obj):
        return obj

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            rows = [self.audit_subject(obj) for obj in changelist.result_list]
            log_access_many(request, event=Event.SEARCH, subjects=rows, detail="beheer: lijst")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            subject = self.audit_subject(original)
            log_access(request, event=Event.READ, subject=subject, obj=subject, detail="beheer")
        return response


class ReadOnlyAuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Person data and declarations are changed through the application's own pages (the
    rules live in services); the admin only shows them, and logs that it did."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
