"""Navigation by role (settings.NAVIGATION): each item says who sees it — None for
everyone, a list of roles, or the dotted path of a predicate ``f(user) -> bool`` for what is
a permission rather than a role (acting for a provider)."""

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string


def _shows(user, who) -> bool:
    if who is None:
        return True
    if isinstance(who, str):
        return import_string(who)(user)
    return user.is_superuser or bool(user.roles & set(who))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(url_name), "active": False}
        for label, url_name, who in settings.NAVIGATION
        if _shows(user, who)
    ]
    if user.is_staff:
        items.append({"label": "Beheer", "url": reverse("admin:index"), "active": False})
    # Only the most specific matching item is current (/netwerken/organisaties/ is not /netwerken/).
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
