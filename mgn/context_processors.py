"""Navigation by role (settings.NAVIGATION): each item says which roles see it."""

from django.conf import settings
from django.urls import reverse


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(url_name), "active": False}
        for label, url_name, roles in settings.NAVIGATION
        if roles is None or user.is_superuser or user.roles & set(roles)
    ]
    if user.is_staff:
        items.append({"label": "Beheer", "url": reverse("admin:index"), "active": False})
    # Only the most specific matching item is current (/netwerken/organisaties/ is not /netwerken/).
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
