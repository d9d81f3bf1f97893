"""Settings, read from the environment (django-environ).

With nothing configured the portal runs on an embedded SQLite file, sends
email to the console and runs Celery tasks in-process, so the demo needs no
services. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS
and DEBUG=0; see README.md.
"""
from pathlib import Path
from urllib.parse import urlparse

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

from innocore.queues import queue_names

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET = "dev-only-insecure-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_countries",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.orcid",
    "innocore",
    "applications",
    "selection",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the input guard, so that its 400 page carries the same security headers as every page.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "innocore.input_guard.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "innocore.i18n.RememberLanguageMiddleware",
    "innocore.cache_headers.NoStoreForPersonalDataMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "innocore.request_context.RequestContextMiddleware",
    "innocore.middleware.RequireSecondFactorMiddleware",
]

ROOT_URLCONF = "innocore.urls"
WSGI_APPLICATION = "innocore.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innocore.context_processors.portal",
            ],
        },
    },
]


# Database ------------------------------------------------------------------
_SUPPORTED_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
_scheme = urlparse(DATABASE_URL).scheme
if _scheme not in _SUPPORTED_DB_SCHEMES:
    raise ImproperlyConfigured(
        f"DATABASE_URL has an unsupported scheme {_scheme!r}: use postgres://USER@HOST:PORT/NAME "
        "or sqlite:////absolute/path.sqlite3"
    )
try:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
except Exception as exc:  # django-environ raises several types on a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL could not be parsed: {exc}") from exc
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    # A connection kept between requests is checked before reuse, so the first request after a
    # database restart reconnects instead of failing (tests/innocore/test_faults_database.py).
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("DB_CONN_HEALTH_CHECKS", default=True))
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    # The demo's background tasks write while pages read: write-ahead logging lets readers go on, and
    # IMMEDIATE transactions wait for the writer instead of failing on a lock upgrade.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "innocore.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id with OWASP's parameters first (innocore/passwords.py); the others verify older hashes, which are
# upgraded at the next login. Not Django's own Argon2PasswordHasher: it has the same algorithm name, so listed
# after ours it would take over verifying every argon2 hash (ours verifies any parameters).
PASSWORD_HASHERS = [
    "innocore.passwords.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"


# django-allauth --------------------------------------------------------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "innocore.accounts.AccountAdapter"
# Failed logins (innocore/accounts.py, docs/security.md). Sliding windows in the shared cache:
# per client address; per account from anywhere (short, so a block ends soon after an attack
# stops; also counts wrong TOTP codes per user); per account and address (growing windows).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,60/h/ip,20/15m/key",
    "login_failed_from_address": "5/5m/key,10/h/key,20/d/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "InnoCORE Portal"
ORCID_CLIENT_ID = env.str("ORCID_CLIENT_ID", default="")
ORCID_SECRET = env.str("ORCID_SECRET", default="")
SOCIALACCOUNT_PROVIDERS = {
    "orcid": {
        "BASE_DOMAIN": env.str("ORCID_BASE_DOMAIN", default="orcid.org"),
        "MEMBER_API": False,
        **(
            {"APPS": [{"client_id": ORCID_CLIENT_ID, "secret": ORCID_SECRET}]}
            if ORCID_CLIENT_ID and ORCID_SECRET
            else {}
        ),
    }
}


# Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True


# Static and media ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the web root and are served only through
# views that check who asks; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Documents and letters go through the "documents" storage (innocore/storage.py): the disk under MEDIA_ROOT,
# or with PORTAL_STORAGE=s3 any S3-compatible store (django-storages), so that web processes keep no files.
PORTAL_STORAGE = env.str("PORTAL_STORAGE", default="filesystem")
if PORTAL_STORAGE == "s3":
    _FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # Private objects, never overwritten (names are random), served only through the portal's views.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif PORTAL_STORAGE == "filesystem":
    _FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"PORTAL_STORAGE must be 'filesystem' or 's3', not {PORTAL_STORAGE!r}")
STORAGES = {
    "default": _FILE_STORAGE,
    "documents": _FILE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


# Email -------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="InnoCORE Portal <no-reply@innocore.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# Celery ------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# Without a broker the demo runs every task in-process, synchronously.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker (the embedded demo), run the in-process tasks after the response in one background thread
# instead of inside the request (innocore/services/outbox.py); `make run` turns it on, tests leave it off.
PORTAL_EAGER_TASKS_IN_BACKGROUND = env.bool("PORTAL_EAGER_TASKS_IN_BACKGROUND", default=False)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Email, eligibility and assignment work each on a queue of its own (innocore/queues.py); a worker
# started without -Q consumes every queue declared here.
CELERY_TASK_ROUTES = ("innocore.queues.route_task",)
# Each queue bound by its own name: a message for one queue never lands in another.
CELERY_TASK_QUEUES = [Queue(name, Exchange(name, type="direct"), routing_key=name)
                      for name in queue_names(default=CELERY_TASK_DEFAULT_QUEUE)]
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# Each long task's own limits: the soft one raises SoftTimeLimitExceeded in the task, which ends its run as
# failed with the reason (assignment) or counts its chunk as failed (eligibility); the hard one kills the process.
PORTAL_ASSIGNMENT_TIME_LIMIT = env.int("PORTAL_ASSIGNMENT_TIME_LIMIT", default=20 * 60)
CELERY_TASK_ANNOTATIONS = {
    "innocore.tasks.email_send": {"soft_time_limit": 60, "time_limit": 90},
    "applications.tasks.eligibility_check": {"soft_time_limit": 120, "time_limit": 180},
    "applications.tasks.eligibility_check_batch": {"soft_time_limit": 600, "time_limit": 660},
    "applications.tasks.eligibility_check_chunk": {"soft_time_limit": 600, "time_limit": 660},
    "selection.tasks.assignment_run_execute": {"soft_time_limit": PORTAL_ASSIGNMENT_TIME_LIMIT - 60,
                                               "time_limit": PORTAL_ASSIGNMENT_TIME_LIMIT},
    "applications.tasks.retention_purge": {"soft_time_limit": 60 * 60 - 60, "time_limit": 60 * 60},
    "selection.tasks.ranking_refresh": {"soft_time_limit": 300, "time_limit": 360},
}
# Redis redelivers an unacknowledged message after the visibility timeout: it
# must outlast the longest task (the assignment solve of a large call), or a
# slow task would be run twice while still running.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "deadline-reminders": {"task": "applications.tasks.deadline_reminders", "schedule": 15 * 60},
    "outbox-sweep": {"task": "innocore.tasks.outbox_sweep", "schedule": 30},
    "eligibility-sweep": {"task": "applications.tasks.eligibility_sweep", "schedule": 60},
    "assignment-runs-sweep": {"task": "selection.tasks.assignment_runs_sweep", "schedule": 30},
    "review-deadline-reminders": {"task": "selection.tasks.review_deadline_reminders", "schedule": 15 * 60},
    "offers-lapse": {"task": "selection.tasks.offers_lapse_due", "schedule": 60 * 60},
    # PIPA: unsuccessful applications past their call's retention period (applications/selectors/retention.py).
    "retention-purge": {"task": "applications.tasks.retention_purge",
                        "schedule": crontab(hour=3, minute=30)},
}
# Reviewers with reviews left are reminded this many days, and again one day, before a call's review deadline.
PORTAL_REVIEW_REMINDER_DAYS = env.int("PORTAL_REVIEW_REMINDER_DAYS", default=3)
# Faults (docs/operations.md): a task the broker missed is sent again after this many seconds; an
# email or eligibility verdict still missing after PORTAL_STUCK_WORK_SECONDS is queued again; a run
# whose worker has not reported for PORTAL_RUN_LEASE_SECONDS is taken over or marked failed.
PORTAL_OUTBOX_RETRY_SECONDS = env.int("PORTAL_OUTBOX_RETRY_SECONDS", default=60)
PORTAL_STUCK_WORK_SECONDS = env.int("PORTAL_STUCK_WORK_SECONDS", default=5 * 60)
PORTAL_RUN_LEASE_SECONDS = env.int("PORTAL_RUN_LEASE_SECONDS", default=60)


# Cache -------------------------------------------------------------------------
# Shared by every process when Redis is configured: allauth's login limits live here, and
# would be per process (three workers, three times the attempts) in a local memory cache.
# Django's RedisCache, except that an unreachable Redis reads as an empty cache (innocore/cache.py).
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="innocore")
CACHES = {
    "default": (
        {"BACKEND": "innocore.cache.ResilientRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": CACHE_KEY_PREFIX,
         "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "innocore"}
    )
}


# REST API ----------------------------------------------------------------------
# Session (the browser, Swagger UI) or a token made on the profile page (innocore/api/authentication.py:
# never from a password alone, so the second factor cannot be skipped). Token first: an anonymous call
# is answered 401 with "WWW-Authenticate: Token". Limits are counted in the shared cache (Redis).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "innocore.api.authentication.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "innocore.api.parsers.PortalJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "innocore.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend",
                                "rest_framework.filters.OrderingFilter"],
    "DEFAULT_THROTTLE_CLASSES": ["innocore.api.throttling.PortalAnonThrottle",
                                 "innocore.api.throttling.PortalUserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    # The client address the limits count by: the one the audit trail and the login limits use.
    "NUM_PROXIES": env.int("PORTAL_TRUSTED_PROXIES", default=0),
    "EXCEPTION_HANDLER": "innocore.api.errors.portal_exception_handler",
}
# API tokens lapse after this many days (a new one is made on the profile page).
PORTAL_API_TOKEN_DAYS = env.int("PORTAL_API_TOKEN_DAYS", default=30)
SPECTACULAR_SETTINGS = {
    "TITLE": "InnoCORE Portal API",
    "DESCRIPTION": "Applications, eligibility, review and selection for the InnoCORE AI fellowship.",
    "VERSION": "0.1.0",
    # Swagger UI from static/ (no CDN, works offline, fits the CSP); only logged-in users see the API docs.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},  # the default badge would call validator.swagger.io
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "CallStatusEnum": "innocore.models.call.CallStatus",
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "ReviewStatusEnum": "selection.models.ReviewStatus",
        "OfferStatusEnum": "selection.models.OfferStatus",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}


# Security ----------------------------------------------------------------------
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "innocore.error_views.csrf_failure"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers and compose probe the health check over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): only the portal's own files; no inline script anywhere
# (an inline <script> that cannot move to static/js needs nonce="{{ request.csp_nonce }}"), no inline style.
# The QR code of the TOTP set-up is a data: image. See docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # ORCID login: the form posts here, then is redirected to ORCID (form-action covers that redirect).
        "form-action": ["'self'", "https://" + SOCIALACCOUNT_PROVIDERS["orcid"]["BASE_DOMAIN"]],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}


# The programme's own switches ------------------------------------------------------
PORTAL_NAME = _("InnoCORE AI Fellowship Portal")
# Reviewers and staff must set up TOTP before using the portal. The local demo
# (`make run`) turns this off so that its published staff login works at once.
PORTAL_ENFORCE_MFA = env.bool("PORTAL_ENFORCE_MFA", default=True)
# How many reverse proxies in front of the portal append to X-Forwarded-For; 0 trusts only
# REMOTE_ADDR. The client's address is used by the audit trail and the rate limits.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
# The audit trail is kept at least this long (PIPA: access records at least two years);
# on PostgreSQL the database refuses to delete younger rows.
AUDIT_RETENTION_DAYS = 731
# Conflicts of interest: a reviewer who took their PhD at the applicant's PhD
# institution at most this many years apart is conflicted.
SELECTION_SAME_PHD_YEARS = env.int("SELECTION_SAME_PHD_YEARS", default=5)
