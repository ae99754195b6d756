"""Django's error views for API paths: a URL under /api/ that matches no route answers in
the API's own format (problem details), not with the HTML page meant for people."""

from django.http import JsonResponse
from django.views import defaults

from rest_framework import exceptions

from mgn.api.errors import exception_handler

API_PREFIX = "/api/"


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if not request.path.startswith(API_PREFIX):
        return defaults.page_not_found(request, exception, template_name)
    problem = exception_handler(exceptions.NotFound(), {"request": request})
    return JsonResponse(
        problem.data,
        status=problem.status_code,
        content_type=problem.content_type,
        json_dumps_params={"ensure_ascii": False},
    )
