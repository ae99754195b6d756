from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import defaults

from rest_framework.exceptions import NotFound, PermissionDenied

from mgn.api.errors import is_api_request, problem_response
from mgn.middleware import CraftedInput


@login_required
def home(request):
    return redirect("networks:network_list")


def healthz(request):
    """Liveness for the load balancer and docker compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Error handlers (handler400/403/404/500 in mgn.urls): problem+json for the API, pages
# elsewhere.
def bad_request(request, exception):
    if not is_api_request(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return problem_response(413, _("Het verzoek is te groot."))
    detail = str(exception) if isinstance(exception, CraftedInput) else ""
    return problem_response(400, detail)


def permission_denied(request, exception):
    if is_api_request(request):
        return problem_response(403, PermissionDenied.default_detail)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api_request(request):
        return problem_response(404, NotFound.default_detail)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return problem_response(500, _("Er ging iets mis aan onze kant. De fout is vastgelegd."))
    return defaults.server_error(request)
