import logging

from django.conf import settings
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

logger = logging.getLogger(__name__)

# A health check must answer quickly, whatever is down.
CHECK_TIMEOUT_SECONDS = 1


@login_required
def home(request):
    return redirect("networks:network_list")


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


def _check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"status": "not configured"}
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
        socket_timeout=CHECK_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()
    return {"status": "ok"}


def _queue_names() -> list[str]:
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return sorted({"celery", *routed})


def _check_queue() -> dict:
    """The broker answers; how many messages wait in each queue."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "in-process"}
    from kombu import Connection

    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "socket_connect_timeout": CHECK_TIMEOUT_SECONDS,
        "socket_timeout": CHECK_TIMEOUT_SECONDS,
        "max_retries": 0,
    }
    with Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=CHECK_TIMEOUT_SECONDS,
        transport_options=options,
    ) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=CHECK_TIMEOUT_SECONDS)
        channel = broker.default_channel
        waiting = {name: channel.queue_declare(queue=name).message_count for name in _queue_names()}
    return {"status": "ok", "waiting": waiting}


def _run(check) -> dict:
    try:
        return check()
    except Exception as exc:  # a health check reports a failure, whatever it is
        logger.warning("Health check %s failed: %s", check.__name__, type(exc).__name__)
        return {"status": "error", "error": type(exc).__name__}


def healthz(request):
    """For the load balancer, docker compose and monitoring: the database, Redis (cache)
    and the worker queue (broker), each separately. 200 while the database answers, also
    when Redis or the queue is down (``"degraded"``: pages that need no broker still
    work); 503 when the database does not. Exempt from the HTTPS redirect."""
    checks = {
        "database": _run(_check_database),
        "redis": _run(_check_redis),
        "queue": _run(_check_queue),
    }
    if checks["database"]["status"] != "ok":
        status, code = "error", 503
    elif any(check["status"] == "error" for check in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


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
