# MGN Coördinatie — the commands a developer and CI use. `make help` lists them.
#
# `make run` needs nothing but Python >= 3.12 (SQLite, tasks in-process).
# `make test` needs PostgreSQL and Redis from the system's packages; it starts
# them when they are not running (.ci/services.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VENV_PY := $(VENV)/bin/python
# pip runs again only when the lock or pyproject.toml is newer than this stamp.
STAMP := $(VENV)/.installed
# The lock: every dependency pinned with its hashes, for Python 3.12 and newer on any
# platform. main.txt is what the app needs to run (the Docker image), test.txt adds the
# test and lint tools (.venv). `make lock` refreshes both from pyproject.toml.
LOCK_MAIN := requirements/main.txt
LOCK_TEST := requirements/test.txt
UV_VERSION := 0.13.9

# Overridable on the command line or from the environment, e.g.
#   make test PYTEST_ARGS="tests/e2e -x"     make bench BENCH_ARGS="--only network_list_page"
#   make run PYTHON=/opt/python3.13/bin/python3     make lock LOCK_ARGS="--upgrade-package django"
# (TEST_DATABASE_URL/TEST_REDIS_URL change where the suite runs; .ci/services.sh still
# prepares only the default local roles (mgn, mgn_app) and database.)
PYTHON ?=
LOCK_ARGS ?=
PYTEST_ARGS ?=
BENCH_ARGS ?=
TEST_DATABASE_URL ?= postgres://mgn@localhost:5432/mgn
TEST_REDIS_URL ?= redis://localhost:6379/0
RUNSERVER_ADDR ?= 127.0.0.1:8000

# Prints the first interpreter >= 3.12: $(PYTHON), then python3.13/python3.12/python3 on
# PATH, then pyenv's installed 3.13/3.12 (even when pyenv itself is not on PATH).
# pyenv shims exit non-zero for versions that are not selected, so each candidate
# is asked for its version rather than merely looked up.
FIND_PYTHON = \
	pyenv_root="$$(pyenv root 2>/dev/null || echo "$${PYENV_ROOT:-$$HOME/.pyenv}")"; \
	for candidate in $(PYTHON) python3.13 python3.12 python3 \
	    $$(ls -d "$$pyenv_root"/versions/3.1[23]*/bin/python3 2>/dev/null | sort -rV); do \
	  "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 \
	    && { "$$candidate" -c 'import sys; print(sys.executable)'; break; }; \
	done; true

.PHONY: help install lock run migrate seed test services lint format bench schema worker beat clean-venv

help:
	@echo "make run       install into .venv, migrate, seed the demo region, serve on http://$(RUNSERVER_ADDR)"
	@echo "make test      the whole test suite on PostgreSQL + Redis (started when not running)"
	@echo "make lint      ruff check, ruff format --check, makemigrations --check"
	@echo "make format    ruff format + ruff check --fix"
	@echo "make schema    regenerate docs/openapi.yaml"
	@echo "make bench     national-scale benchmark (python -m bench)"
	@echo "make worker    Celery worker for all queues: celery and pdf (needs REDIS_URL)"
	@echo "make beat      Celery beat (needs REDIS_URL)"
	@echo "make services  start PostgreSQL + Redis, create the roles mgn (owner) and mgn_app (runtime) and the database mgn"
	@echo "make install   only create/refresh .venv from the lock (requirements/test.txt)"
	@echo "make lock      refresh requirements/*.txt from pyproject.toml (LOCK_ARGS=--upgrade for newer versions)"

$(VENV_PY):
	@python="$$($(FIND_PYTHON))"; \
	if [ -z "$$python" ]; then \
	  echo "No Python >= 3.12 found." >&2; \
	  echo "Tried: $(if $(PYTHON),$(PYTHON) ,)python3.13, python3.12, python3 on PATH and pyenv's versions 3.12/3.13." >&2; \
	  echo "Install one (e.g. 'pyenv install 3.13') or name it: make $(or $(MAKECMDGOALS),run) PYTHON=/path/to/python3.13" >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python ($$("$$python" --version))"; \
	"$$python" -m venv --clear $(VENV)

# Exactly the locked versions, each checked against its hash; then the project itself,
# editable and without dependencies (they all came from the lock).
$(STAMP): $(LOCK_TEST) pyproject.toml | $(VENV_PY)
	@$(VENV_PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "$(VENV) runs $$($(VENV_PY) --version); it needs >= 3.12. Remove it: make clean-venv" >&2; exit 1; }
	$(VENV_PY) -m pip install --quiet --require-hashes -r $(LOCK_TEST)
	$(VENV_PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(STAMP)

# One resolution for every Python >= 3.12 (--universal writes markers where they differ).
# Versions already in the lock are kept unless LOCK_ARGS says otherwise (--upgrade,
# --upgrade-package NAME); main.txt takes test.txt's versions, so the image runs what
# the suite tested. uv reads no pip configuration, so no index URL or local
# mirror ends up in the files; it installs into .venv, pinned, only for this target.
lock: | $(VENV_PY)
	$(VENV_PY) -m pip install --quiet "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip compile pyproject.toml --quiet --universal --python-version 3.12 \
	  --generate-hashes --custom-compile-command "make lock" --extra test $(LOCK_ARGS) -o $(LOCK_TEST)
	$(VENV)/bin/uv pip compile pyproject.toml --quiet --universal --python-version 3.12 \
	  --generate-hashes --custom-compile-command "make lock" -c $(LOCK_TEST) -o $(LOCK_MAIN)

# No DATABASE_URL/REDIS_URL here on purpose: the embedded default (SQLite in var/,
# tasks in-process) needs no servers. Set them yourself to run against real ones.
run: install migrate seed
	@echo "Log in with one of the demo logins above (served on $(RUNSERVER_ADDR))."
	$(VENV_PY) manage.py runserver $(RUNSERVER_ADDR)

migrate: install
	$(VENV_PY) manage.py migrate --noinput

seed: install
	$(VENV_PY) manage.py seed_demo --addr $(RUNSERVER_ADDR)

services:
	@bash .ci/services.sh

test: install services
	DJANGO_SETTINGS_MODULE=mgn.settings.test DATABASE_URL=$(TEST_DATABASE_URL) \
	  REDIS_URL=$(TEST_REDIS_URL) $(VENV_PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV_PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Generated against PostgreSQL, like the test that compares it (field limits differ on SQLite).
schema: install services
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV_PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

# Its own database (BENCH_DATABASE_URL, default .../mgn_bench) on the same local server.
bench: install services
	$(VENV_PY) -m bench $(BENCH_ARGS)

# Worker and beat only make sense with a broker; without REDIS_URL tasks run in-process.
# docker-compose.yml runs the same two commands.
worker: install
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (and DATABASE_URL); without them tasks run in-process." >&2; exit 1; }
	$(VENV)/bin/celery -A mgn worker -l info -Q celery,pdf

beat: install
	@test -n "$$REDIS_URL" || { echo "make beat needs REDIS_URL (and DATABASE_URL); without them tasks run in-process." >&2; exit 1; }
	@mkdir -p "$${MGN_VAR_DIR:-var}"
	$(VENV)/bin/celery -A mgn beat -l info --schedule "$${MGN_VAR_DIR:-var}/celerybeat-schedule"

clean-venv:
	rm -rf $(VENV)
