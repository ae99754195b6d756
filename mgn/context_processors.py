"""Navigation by role (settings.NAVIGATION): each item says who sees it — None for
everyone, a list of roles, or the dotted path of a predicate ``f(user) -> bool`` for what is
a permission rather than a role (acting for a provider). ``settings.NAVIGATION_PRELOAD``, when
set, names a function ``f(user)`` called first, which reads what the roles and predicates ask
in one query and remembers it on the user object."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string


@functools.cache
def _menu(urlconf, script_prefix: str) -> tuple[list[tuple[str, str, object]], str]:
    """The menu's items with their URLs, and the admin's URL: reversed once per URL
    configuration and script prefix rather than on every page."""
    items = [(label, reverse(url_name), who) for label, url_name, who in settings.NAVIGATION]
    return items, reverse("admin:index")


@receiver(setting_changed)
def _menu_changed(*, setting, **kwargs) -> None:
    if setting in {"NAVIGATION", "ROOT_URLCONF"}:
        _menu.cache_clear()


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
    preload = getattr(settings, "NAVIGATION_PRELOAD", None)
    if preload:
        import_string(preload)(user)
    menu, admin_url = _menu(get_urlconf(), get_script_prefix())
    items = [
        {"label": label, "url": url, "active": False}
        for label, url, who in menu
        if _shows(user, who)
    ]
    if user.is_staff:
        items.append({"label": "Beheer", "url": admin_url, "active": False})
    # Only the most specific matching item is current (/netwerken/organisaties/ is not /netwerken/).
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
