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
    items = []
    for label, url_name, roles in NAV:
        if roles is None or user.is_superuser or user.roles & roles:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    if user.is_staff:
        items.append({"label": "Beheer", "url": reverse("admin:index"), "active": False})
    return {"nav_items": items}
