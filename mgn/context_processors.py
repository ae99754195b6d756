"""Navigation by role: each item says which roles see it; the template only loops."""

from django.urls import reverse

from mgn.accounts.constants import Role

NAV = [
    ("Netwerken", "networks:network_list", None),
    ("Organisaties", "networks:organisation_list", None),
    ("Toegangslog", "audit:person_log", {Role.BEHEERDER}),
    ("API", "api-docs", {Role.BEHEERDER, Role.NETWERKCOORDINATOR, Role.ZORGVERZEKERAAR}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(url_name), "active": False}
        for label, url_name, roles in NAV
        if roles is None or user.is_superuser or user.roles & roles
    ]
    if user.is_staff:
        items.append({"label": "Beheer", "url": reverse("admin:index"), "active": False})
    # Only the most specific matching item is current (/netwerken/organisaties/ is not /netwerken/).
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
