"""Settings for ``python -m bench``: the base settings on a database of its own.

The benchmark database (``BENCH_DATABASE_URL``, default
``postgres://mgn@localhost:5432/mgn_bench``) is never the development or test
database: ``python -m bench --rebuild`` drops it. No connection pool (one process,
one connection), DEBUG off as in production, cache and Celery in-process so that
only Django and PostgreSQL are measured.
"""

import os

from mgn.settings import env
from mgn.settings.base import *  # noqa: F403

DEFAULT_BENCH_DATABASE_URL = "postgres://mgn@localhost:5432/mgn_bench"
BENCH_DATABASE_URL = env.string("BENCH_DATABASE_URL", DEFAULT_BENCH_DATABASE_URL)

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {"default": env.database(BENCH_DATABASE_URL)}
DATABASES["default"]["OPTIONS"].pop("pool", None)
DATABASES["default"]["CONN_MAX_AGE"] = None

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# The project's URLs plus the bare baseline views the figures are compared with.
ROOT_URLCONF = "bench.urls"

# The bench prints figures; warnings about missing static files etc. would drown them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Keep the throttle's cache round-trips in the measurement, but never answer 429 mid-run.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"user": "1000000/minute"},
}
