import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import pytest

from mgn.settings import env

ROOT = Path(__file__).resolve().parent.parent


def test_a_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_DEBUG", "ja")
    with pytest.raises(ImproperlyConfigured, match="X_DEBUG"):
        env.boolean("X_DEBUG", False)


def test_a_bad_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_PORT", "abc")
    with pytest.raises(ImproperlyConfigured, match="X_PORT"):
        env.integer("X_PORT", 25)


def test_a_required_variable_must_be_set(monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_SECRET"):
        env.string("X_SECRET")


def test_a_postgres_url_uses_psycopg_with_its_pool_and_no_persistent_connections():
    config = env.database(
        "postgres://mgn:g%40heim@db.example:5433/mgn?sslmode=require", pool_max_size=7
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "mgn",
        "g@heim",
        "db.example",
        "5433",
        "mgn",
    )
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"]["max_size"] == 7
    assert config["OPTIONS"]["sslmode"] == "require"


def test_an_unknown_database_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        env.database("mysql://x@y/z")


def _run_manage(args, extra_env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "mgn.settings.production",
            "SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-key-1234567890",
            "PSEUDONYM_SECRET": "a-production-pseudonym-secret",
            "ALLOWED_HOSTS": "mgn.example.nl",
            "DATABASE_URL": "postgres://mgn@localhost:5432/mgn",
            "REDIS_URL": "redis://localhost:6379/0",
            "MGN_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = _run_manage(
        ["check"],
        {
            "DJANGO_SETTINGS_MODULE": "mgn.settings.production",
            "ALLOWED_HOSTS": "x",
            "MGN_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_embedded_default_needs_no_servers(tmp_path):
    """No environment: SQLite in var/, eager Celery, local-memory cache, console e-mail."""
    result = _run_manage(
        [
            "shell",
            "--no-imports",
            "-c",
            (
                "from django.conf import settings as s;"
                "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
                "s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND, s.LANGUAGE_CODE, s.TIME_ZONE)"
            ),
        ],
        {"MGN_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
        "nl",
        "Europe/Amsterdam",
    ]


def test_make_run_works_on_the_embedded_default(tmp_path):
    """What `make run` does on a fresh machine, on SQLite: every migration applies (none may
    need PostgreSQL-only SQL) and every demo seeder runs, down to a transfer handover and
    the VG declaration lines."""
    env = {"MGN_VAR_DIR": str(tmp_path)}
    migrate = _run_manage(["migrate", "-v0"], env)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    seed = _run_manage(["seed_demo"], env)
    assert seed.returncode == 0, seed.stderr[-3000:]
    assert "transfer.demo.seed_demo: Transfertafel Veenland" in seed.stdout
    # The board's history (issue 15): earlier meetings, cases and last year's money.
    for seeder in ("transfer", "casusoverleg", "bekostiging"):
        assert f"{seeder}.demo_history.seed_demo: " in seed.stdout
    assert "niet gezaaid" not in seed.stdout
    counts = _run_manage(
        [
            "shell",
            "--no-imports",
            "-c",
            (
                "from transfer.models import Uitkomst;"
                "from bekostiging.models import Declaratieregel;"
                "print(Uitkomst.objects.filter(handed_over_at__isnull=False)"
                ".exclude(entry_key__startswith='demo-geschiedenis-').count(),"
                " Declaratieregel.objects.filter(soort='vg').exists())"
            ),
        ],
        env,
    )
    assert counts.stdout.split() == ["2", "True"], counts.stderr[-3000:]


def test_with_redis_the_broker_and_cache_are_redis_and_tasks_go_to_workers(tmp_path):
    result = _run_manage(
        [
            "shell",
            "--no-imports",
            "-c",
            (
                "from django.conf import settings as s;"
                "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])"
            ),
        ],
        {"MGN_VAR_DIR": str(tmp_path), "REDIS_URL": "redis://localhost:6379/3"},
    )
    assert result.stdout.split() == [
        "False",
        "redis://localhost:6379/3",
        "mgn.cache.RedisCache",
    ]


def test_every_beat_schedule_entry_names_a_registered_task():
    from mgn.celery import app

    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, f"beat entry {name} names unknown task {entry['task']}"


def test_every_routed_task_and_every_export_task_is_known_to_a_worker():
    """A worker imports only each app's tasks module: tasks living elsewhere must be
    imported there, or their messages wait forever."""
    from mgn.celery import app

    app.loader.import_default_modules()
    for name in [*app.conf.task_routes, "bekostiging.tasks.render_export"]:
        assert name in app.tasks, f"{name} is not registered with the worker"
