"""Tests: a real PostgreSQL (``DATABASE_URL``, default the local ``mgn`` role) and fast hashing.

The suite connects as the owner role; tests of the runtime role's limits connect as
``DATABASE_RUNTIME_ROLE`` (default ``mgn_app``) themselves.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://mgn@localhost:5432/mgn")
# The suite migrates as the owner (role mgn) and grants the runtime role, which
# .ci/services.sh creates, what the application gets in production.
os.environ.setdefault("DATABASE_RUNTIME_ROLE", "mgn_app")

from . import env  # noqa: E402
from .base import *  # noqa: E402, F403

DATABASES = {"default": env.database(os.environ["DATABASE_URL"], pool_max_size=4)}
# Tests reuse connections across transactions; the pool would hold extra ones per thread.
DATABASES["default"]["OPTIONS"].pop("pool", None)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process unless an integration test starts a real worker.
# (a worker started by an integration test sets CELERY_TASK_ALWAYS_EAGER=0).
CELERY_TASK_ALWAYS_EAGER = env.boolean("CELERY_TASK_ALWAYS_EAGER", True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = VAR_DIR / "test-private"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A concrete generated-file job for the tests of mgn.jobs (tests/mgn/test_jobs.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.mgn.jobs_testapp"]  # noqa: F405
