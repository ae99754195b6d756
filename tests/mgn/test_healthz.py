import os
import subprocess
import sys
import time
from pathlib import Path

from django.urls import reverse

import pytest

from tests.mgn.redis_down import unreachable_redis_url

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def with_workers(settings):
    """As in production: tasks go through the broker (the test settings run them eagerly)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    if not settings.REDIS_URL:
        pytest.fail("make test sets REDIS_URL")


def test_healthz_reports_database_redis_and_queue_separately(client, db, with_workers):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "redis", "queue"}
    assert checks["database"] == {"status": "ok"}
    assert checks["redis"] == {"status": "ok"}
    assert checks["queue"]["status"] == "ok"
    assert set(checks["queue"]["waiting"]) == {"celery", "pdf"}
    assert all(isinstance(n, int) for n in checks["queue"]["waiting"].values())


def test_with_redis_down_healthz_says_degraded_quickly_and_the_database_still_ok(
    client, db, with_workers, settings
):
    url = unreachable_redis_url()
    settings.REDIS_URL = settings.CELERY_BROKER_URL = url
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert time.monotonic() - started < 5
    # Still 200: pages that need no broker work, so the load balancer keeps this process.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["redis"]["status"] == "error"
    assert body["checks"]["queue"]["status"] == "error"
    assert "127.0.0.1" not in response.content.decode()  # no addresses or secrets leak


def test_without_redis_configured_healthz_says_so(client, db, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    body = client.get(reverse("healthz")).json()
    assert body["status"] == "ok"
    assert body["checks"]["redis"] == {"status": "not configured"}
    assert body["checks"]["queue"] == {"status": "in-process"}


def test_production_answers_healthz_on_plain_http_and_redirects_the_rest(tmp_path):
    """Behind the proxy a health check over plain HTTP gets its answer, not a 301."""
    code = (
        "from django.http import HttpResponse;"
        "from django.middleware.security import SecurityMiddleware;"
        "from django.test import RequestFactory;"
        "mw = SecurityMiddleware(lambda r: HttpResponse('ok'));"
        "rf = RequestFactory();"
        "print(mw(rf.get('/healthz', HTTP_HOST='mgn.example.nl')).status_code,"
        " mw(rf.get('/account/inloggen/', HTTP_HOST='mgn.example.nl')).status_code)"
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="mgn.settings.production",
        SECRET_KEY="x" * 60,
        PSEUDONYM_SECRET="a-production-pseudonym-secret",
        ALLOWED_HOSTS="mgn.example.nl",
        MGN_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]
