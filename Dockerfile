# syntax=docker/dockerfile:1
# One image for web (gunicorn), worker and beat (Celery) and the one-shot migrate;
# docker-compose.yml picks the command. Production settings, no test extras.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=mgn.settings.production \
    MGN_VAR_DIR=/var/lib/mgn \
    STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=3

# WeasyPrint loads Pango (and HarfBuzz's subsetter) at run time and needs a font:
# the PDF templates use DejaVu.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies before the code, so a code change reuses this layer. They come from the
# lock (every version pinned, every file checked against its hash; `make lock` refreshes
# it); the code runs from /app (PYTHONPATH), not as an installed package.
COPY requirements/main.txt /tmp/requirements.txt
RUN pip install --require-hashes -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

COPY . .

# Static files are part of the image (whitenoise serves them, hashed and compressed).
# The secret here exists only for this build step; the running app gets its own.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
 && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent mgn \
 && mkdir -p /var/lib/mgn \
 && chown mgn /var/lib/mgn

# Private media (generated PDFs, uploads) and beat's schedule live in /var/lib/mgn;
# docker-compose.yml mounts a named volume there, shared by web and worker.
USER mgn
EXPOSE 8000

# gunicorn starts $WEB_CONCURRENCY worker processes. --timeout 60: the longest request
# (the insurer's CSV of 1,000,000 lines, a 50,000-row waiting-list upload) takes seconds
# (docs/benchmarks.md) and slow clients wait at the proxy, not here; large exports and
# PDFs are background jobs. A worker busy for a minute is stuck: it is replaced.
CMD ["gunicorn", "mgn.wsgi", "--bind", "0.0.0.0:8000", "--timeout", "60", "--graceful-timeout", "30"]
