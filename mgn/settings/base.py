"""Settings shared by every environment.

With no environment variables at all this is the embedded default: SQLite in
``var/``, Celery tasks run in-process, local-memory cache and e-mail on the
console, so a newcomer needs no servers. ``DATABASE_URL`` and ``REDIS_URL``
switch to PostgreSQL, Redis and real Celery workers.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from . import env
from .celery import *  # noqa: F403  (topic file: Celery settings)
from .celery import REDIS_URL
from .security import *  # noqa: F403  (topic file: CSP, Permissions-Policy)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.string("MGN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.boolean("DEBUG", True)
SECRET_KEY = env.string("SECRET_KEY", "django-insecure-embedded-development-key-change-me")
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
# The address people reach the application on; links in e-mails start with it.
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "axes",
    "mgn",
    "mgn.accounts",
    "mgn.audit",
    "networks",
    "wachttijden",
    "verkennend_gesprek",
    "transfer",
    "casusoverleg",
    "bekostiging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "mgn.middleware.PermissionsPolicyMiddleware",
    "mgn.middleware.CraftedInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mgn.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mgn.urls"
WSGI_APPLICATION = "mgn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mgn.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = env.string("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": env.database(DATABASE_URL, pool_max_size=env.integer("DB_POOL_MAX_SIZE", 10))
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "mgn.sqlite3"}
    }
# Two PostgreSQL roles (README, "Database roles"): DATABASE_URL is whatever this process
# connects as — the runtime role for web, worker and beat, the owner role for `migrate`
# and `access_log_maintain`. When the owner migrates, it grants the runtime role named
# here the app's tables, but only SELECT and INSERT on the access log and its seals.
DATABASE_RUNTIME_ROLE = env.string("DATABASE_RUNTIME_ROLE", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (the embedded demo) cannot enforce UNIQUE NULLS NOT DISTINCT; PostgreSQL does, and
# the import service upserts anyway.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

if REDIS_URL:
    # mgn.cache.RedisCache answers misses while Redis is down (the site keeps working);
    # short timeouts so that a Redis that does not answer does not hold up requests.
    CACHES = {
        "default": {
            "BACKEND": "mgn.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Failed-login limits (django-axes, in the database; mgn/accounts/throttle.py explains):
# one account from one client address, and one client address for all accounts (higher:
# an organisation may share one address). Refused until the window after the last failure.
LOGIN_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_ADDRESS_LIMIT = env.integer("LOGIN_FAILURE_ADDRESS_LIMIT", 30)
LOGIN_FAILURE_WINDOW_SECONDS = env.integer("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
AXES_HANDLER = "mgn.accounts.throttle.LoginFailureHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = "mgn.accounts.throttle.failure_limit"
AXES_COOLOFF_TIME = "mgn.accounts.throttle.cool_off"
AXES_CLIENT_IP_CALLABLE = "mgn.accounts.throttle.login_client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "mgn.accounts.throttle.login_username"
AXES_LOCKOUT_CALLABLE = "mgn.accounts.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts while refused are not counted: the refusal ends when the window says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful logins are not kept by axes (the access log of mgn.audit is the record).
AXES_DISABLE_ACCESS_LOG = True
# Password reset: mails per address asked for, and requests per client address, per window.
PASSWORD_RESET_EMAIL_LIMIT = env.integer("PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_ADDRESS_LIMIT = env.integer("PASSWORD_RESET_ADDRESS_LIMIT", 10)
PASSWORD_RESET_WINDOW_SECONDS = env.integer("PASSWORD_RESET_WINDOW_SECONDS", 60 * 60)
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 8 * 60 * 60)

# django-guardian: no anonymous user row; we never grant anything to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env.string("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# In development WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "MGN Coördinatie <noreply@mgn.example>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mgn.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "mgn.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "mgn.api.pagination.CappedPageNumberPagination",
    "DEFAULT_PARSER_CLASSES": [
        "mgn.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "mgn.api.errors.exception_handler",
    # Fails open with a warning when its cache (Redis) is down: mgn/api/throttling.py.
    "DEFAULT_THROTTLE_CLASSES": ["mgn.api.throttling.UserRateBrake"],
    "DEFAULT_THROTTLE_RATES": {"user": env.string("API_THROTTLE_RATE", "1200/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MGN Coördinatie API",
    "DESCRIPTION": "API van het mentale gezondheidsnetwerk voor huisartsinformatiesystemen, "
    "aanbieders en zorgverzekeraars. Authenticatie met `Authorization: Token <sleutel>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Access log (NEN 7513): the name this system gives itself as source, and how the
# actor's organisation is found without the core importing a domain app.
AUDIT_SOURCE_SYSTEM = env.string("AUDIT_SOURCE_SYSTEM", "MGN Coördinatie")
AUDIT_ACTOR_ORGANISATIONS = "networks.selectors.organisaties.organisation_names_for_user"
AUDIT_RETENTION_YEARS = 5
# How many reverse proxies in front of the app append to X-Forwarded-For; the client
# address is the rightmost entry they did not write (mgn.http.client_ip). 0: no proxy.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)
if env.string("CLIENT_IP_HEADER", ""):
    # Its first entry is written by the client; a deployment still setting it must move on.
    raise ImproperlyConfigured(
        "CLIENT_IP_HEADER is replaced by TRUSTED_PROXY_COUNT (README, 'Behind a proxy')."
    )

# R-WT-4 Treeknorm ggz (weeks): aanmeldingswachttijd, behandelingswachttijd, together.
TREEKNORM_AANMELD_WEEKS = 4
TREEKNORM_BEHANDEL_WEEKS = 10
TREEKNORM_TOTAAL_WEEKS = 14
# R-WT-1: a waiting list larger than this (bytes) is processed by a background job with
# progress instead of in the request; smaller ones are answered at once.
WACHTLIJST_ASYNC_BYTES = env.integer("WACHTLIJST_ASYNC_BYTES", 1024 * 1024)
# R-WT-1: the key from which each region's pseudonym key is derived (HMAC-SHA256). Set it
# in production and never change it: every pseudonym depends on it.
PSEUDONYM_SECRET = env.string("PSEUDONYM_SECRET", "embedded-development-pseudonym-secret")

# The main menu: (label, URL name, who sees it: None for everyone, a list of roles, or a
# predicate's dotted path for a permission such as acting for a provider). Wiring, so
# it lives here and the core names no domain app.
NAVIGATION = [
    ("Netwerken", "networks:network_list", None),
    ("Verkennende gesprekken", "verkennend_gesprek:list", None),
    (
        "Planning",
        "verkennend_gesprek:planning",
        "networks.selectors.netwerken.coordinates_any_network",
    ),
    (
        "Vervolg",
        "verkennend_gesprek:vervolg_list",
        "networks.selectors.netwerken.coordinates_any_network",
    ),
    ("Sociale kaart", "wachttijden:sociale_kaart", None),
    ("Mijn aanbod", "wachttijden:provider", "wachttijden.selectors.levering.is_provider_user"),
    (
        "Wachttijden",
        "wachttijden:dashboard",
        "networks.selectors.netwerken.coordinates_any_network",
    ),
    ("Transfertafels", "transfer:tafel_list", "transfer.selectors.tafels.sees_any_tafel"),
    ("Casusoverleg", "casusoverleg:index", "casusoverleg.selectors.reeksen.sees_casusoverleg"),
    ("Knelpuntsignalen", "casusoverleg:signalen", "casusoverleg.selectors.signalen.sees_signalen"),
    ("Declaraties", "bekostiging:regels", "bekostiging.selectors.declaraties.can_see_declaraties"),
    (
        "Declaraties downloaden",
        "bekostiging:insurer",
        "bekostiging.selectors.exports.is_insurer_user",
    ),
    (
        "Gemeenten",
        "bekostiging:gemeenten",
        "bekostiging.selectors.financiering.can_see_gemeente_funding",
    ),
    (
        "Begroting",
        "bekostiging:begroting_index",
        "networks.selectors.netwerken.coordinates_any_network",
    ),
    ("Mijn beoordelingen", "networks:mijn_beoordelingen", ["beoordelaar"]),
    (
        "Contractering",
        "bekostiging:contractering_index",
        "bekostiging.selectors.contractering.can_see_contractering",
    ),
    ("Indicatorbord", "networks:bord_index", "networks.selectors.bord.sees_bord"),
    ("Programma", "networks:programma", "networks.selectors.programma.can_see_programma"),
    ("Organisaties", "networks:organisation_list", None),
    ("Toegangslog", "audit:person_log", "mgn.audit.selectors.can_read_log"),
    ("API", "api-docs", ["beheerder", "netwerkcoordinator", "zorgverzekeraar"]),
]

# Read before the menu's items are checked: the user's roles and the kinds of organisation the
# user acts for, in one query (the role items and the predicates above need nothing more).
NAVIGATION_PRELOAD = "networks.selectors.organisaties.roles_and_acting_kinds_for_user"
# Facts of higher apps the menu's predicates need, read in that same query: dotted paths of
# functions ``(user_pk) -> (sql, params)`` whose SQL answers one row when the fact holds.
NAVIGATION_FACTS = [
    "transfer.selectors.tafels.navigation_fact",
    "casusoverleg.selectors.reeksen.navigation_fact",
    "casusoverleg.selectors.signalen.navigation_fact",
    "networks.selectors.bord.navigation_fact",
]
# R-WT-6: who besides the region's coordinators reads the central anonymous waiting list:
# dotted paths of functions ``(user) -> queryset of network ids`` (wachttijden names no
# higher app).
CENTRAL_LIST_READERS = ["transfer.selectors.tafels.central_list_network_ids"]
# R-TR-2: which persons of a waiting-list upload a higher app handed over from that offer
# (they stay overgedragen): dotted paths of functions
# ``(aanbod_id, [(pseudonym, registered_on)]) -> set of pseudonyms``.
WACHTLIJST_HANDED_OVER = ["transfer.services.werklijst.handed_over_pseudonyms"]
# R-DOC-5: the number of a higher app's signals linked to each of the sociale kaart's missing
# offers (its page shows them; wachttijden names no higher app): dotted paths of functions
# ``(ids) -> {id: count}``, summed.
ONTBREKEND_AANBOD_SIGNALS = ["casusoverleg.selectors.signalen.signal_counts_for_ontbrekend"]
# "Wie zag mijn gegevens": besides the BSN itself, the identifiers a person has in the log
# (the regions' waiting-list pseudonyms): dotted paths of functions ``(bsn) -> [identifier]``.
AUDIT_PERSON_IDENTIFIERS = ["wachttijden.services.pseudonym.region_pseudonyms"]

# The indicator board (issue 15): each function app's ``mgn.indicators.IndicatorProvider``,
# by dotted path; the board and the programme view read them through ``mgn.indicators``.
INDICATOR_PROVIDERS: list[str] = [
    "verkennend_gesprek.indicators.PROVIDER",
    "wachttijden.indicators.PROVIDER",
    "transfer.indicators.PROVIDER",
    "casusoverleg.indicators.PROVIDER",
    "bekostiging.indicators.PROVIDER",
]

# R-NW-6: each round's key dates for the transformation plans (ISO dates): when to submit
# (advised, at the latest) and by when the positive voorgenomen besluit must fall.
TRANSFORMATIEPLAN_RONDES = {
    2025: {
        "indienen_geadviseerd": "2025-11-01",
        "indienen_uiterlijk": "2025-11-30",
        "voorgenomen_besluit_uiterlijk": "2025-12-31",
    },
    2026: {
        "indienen_geadviseerd": "2026-11-01",
        "indienen_uiterlijk": "2026-11-30",
        "voorgenomen_besluit_uiterlijk": "2026-12-31",
    },
}

# `manage.py seed_demo` runs these in order; each app adds its own demo data (idempotent).
DEMO_SEEDERS = [
    "networks.demo.seed_demo",
    "networks.demo_plan.seed_demo",
    "networks.demo_programma.seed_demo",
    "wachttijden.demo.seed_demo",
    "wachttijden.demo_history.seed_demo",
    "verkennend_gesprek.demo.seed_demo",
    "verkennend_gesprek.demo_history.seed_demo",
    "transfer.demo.seed_demo",
    "transfer.demo_history.seed_demo",
    "casusoverleg.demo.seed_demo",
    "casusoverleg.demo_history.seed_demo",
    "bekostiging.demo.seed_demo",
    "bekostiging.demo_history.seed_demo",
    "bekostiging.demo_contractering.seed_demo",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    # django-axes tells every login at INFO; its warnings (each failure, each lockout) stay.
    "loggers": {"axes": {"level": "WARNING"}},
}
