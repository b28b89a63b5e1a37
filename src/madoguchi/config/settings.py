"""Settings, read from the environment (twelve-factor).

`MADOGUCHI_ENV` is `demo` (the default: SQLite, eager tasks, the test identity provider)
or `production` (`madoguchi check --deploy` then refuses anything demo-like).
"""

from pathlib import Path

import environ
from celery.schedules import crontab

from madoguchi.core.jsonlog import logging_config
from madoguchi.core.keyfile import stable_secret

env = environ.Env()
environ.Env.read_env(env.str("MADOGUCHI_ENV_FILE", default=".env"), overwrite=False)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("MADOGUCHI_VAR_DIR", default=str(Path.cwd() / "var")))

MADOGUCHI_ENV = env.str("MADOGUCHI_ENV", default="demo")
if MADOGUCHI_ENV not in {"demo", "production"}:
    raise environ.ImproperlyConfigured("MADOGUCHI_ENV must be 'demo' or 'production'")
PRODUCTION = MADOGUCHI_ENV == "production"

# SECRET_KEY from the environment; without one, a random key made on first start and kept in
# var/secret_key (0600), so sessions survive restarts and no key published in the source signs
# anything (login links, webhooks). `check --deploy` refuses a generated key: production servers
# share one key from the city's secret store. The key the demo once shipped with is kept only so
# the check and old demo data (core.crypto) can recognise it.
DEMO_SECRET_KEY = "madoguchi-demo-secret-key-not-for-production"
MADOGUCHI_GENERATED_SECRET_KEY = (
    "" if env.str("SECRET_KEY", default="") else stable_secret(VAR_DIR / "secret_key")
)
SECRET_KEY = env.str("SECRET_KEY", default="") or MADOGUCHI_GENERATED_SECRET_KEY
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Apps by domain (DESIGN.md §4). Each app owns its models, services, views and templates.
MADOGUCHI_APPS = [
    "madoguchi.core",
    "madoguchi.identity",
    "madoguchi.procedures",
    "madoguchi.applications",
    "madoguchi.delivery",
    "madoguchi.lifeevents",
    "madoguchi.counter",
    "madoguchi.opendata",
    "madoguchi.pdca",
    "madoguchi.participation",
    "madoguchi.privacy",
    "madoguchi.learning",
    "madoguchi.automation",
    "madoguchi.workstyle",
    "madoguchi.paper",
    "madoguchi.assistant",
    "madoguchi.notices",
    "madoguchi.interop",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "csp",
    *MADOGUCHI_APPS,
    # After the apps, so identity's templates (allauth/layouts/base.html → base.html) win.
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # first: the request id (X-Request-ID) for every log line and task, /metrics counts (docs/operations.md)
    "madoguchi.core.monitoring.middleware.RequestMonitoringMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "madoguchi.core.middleware.PermissionsPolicyMiddleware",
    "madoguchi.core.privatecache.PrivateCacheMiddleware",  # no-store for anything a logged-in person sees
    "madoguchi.core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # public pages for anonymous visitors from a cache keyed by data version (after the language is
    # known, before furigana and やさしい日本語 rewrite the page); core/pagecache.py
    "madoguchi.core.pagecache.PublicPageCacheMiddleware",
    "madoguchi.core.furigana.FuriganaMiddleware",  # ?furigana=on: readings on public pages (plan 1-エ)
    "madoguchi.core.easy.middleware.EasyJapaneseMiddleware",  # やさしい日本語 (plan 1-エ); forces furigana on
    "django.middleware.common.CommonMiddleware",
    # before allauth's: an exception another middleware turns into a response (allauth's
    # re-authentication redirect) never reaches it; what is left gets a reference number
    "madoguchi.core.views.ErrorReferenceMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "madoguchi.core.uploadlimit.UploadLimitMiddleware",  # 413 before an oversized body is read
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "madoguchi.identity.mfa.StaffSecondFactorMiddleware",  # staff count as staff only after MFA
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "madoguchi.config.urls"
WSGI_APPLICATION = "madoguchi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "madoguchi.core.context_processors.city",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'madoguchi.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo's web process and eager tasks share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env.bool("MADOGUCHI_DB_PREPARED_STATEMENTS", default=True):
        # Lets core.prepared.statement_cursor prepare the statements every request runs; the ORM's
        # own cursors bind on the client and never prepare. Off behind a PgBouncer older than
        # 1.22 in transaction pooling, which cannot keep prepared statements.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "madoguchi.core.rediscache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Sessions, where there is Redis (below): their own alias, so that clearing a cache logs no
    # one out.
    "sessions": (
        {
            "BACKEND": "madoguchi.core.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sessions",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions"}
    ),
    # Public pages and their data versions (core/pagecache.py): shared by every worker and node —
    # Redis in production, files under var/ for `make run`'s workers.
    "pages": (
        {
            "BACKEND": "madoguchi.core.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    ),
}
MADOGUCHI_PAGE_CACHE = env.bool("MADOGUCHI_PAGE_CACHE", default=True)
MADOGUCHI_PAGE_CACHE_SECONDS = env.int("MADOGUCHI_PAGE_CACHE_SECONDS", default=600)

# Background work: Celery. The demo runs tasks eagerly so `make run` needs no broker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")


def broker_transport(url: str) -> str | None:
    """The kombu transport for a broker URL: for `redis://`, kombu's Redis transport publishing
    through one client (core/redisbroker.py); otherwise the one the URL's scheme names."""
    return "madoguchi.core.redisbroker:Transport" if url.startswith("redis://") else None


CELERY_BROKER_TRANSPORT = broker_transport(CELERY_BROKER_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
# No caller reads a task's return value. With a Redis result backend, every publish from a web
# request subscribed that process to the task's result channel, and every result was stored.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not PRODUCTION)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING (JSON, masked, request ids)
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_BEAT_SCHEDULE: dict = {}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Japanese first, English complete; stored in UTC, shown in JST.
LANGUAGE_CODE = "ja"
# Chinese (simplified), Korean and Vietnamese: among the largest foreign-resident groups in Tokyo (1-エ).
FORMAT_MODULE_PATH = ["madoguchi.config.formats"]  # thousands grouped in zh-hans and vi too
LANGUAGES = [
    ("ja", "日本語"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
]
LOCALE_PATHS: list = []  # each app keeps its own catalog in <app>/locale/
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "madoguchi_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
# Collected, hashed and compressed (gzip, brotli) static files, served by whitenoise with a cache
# lifetime of a year (a changed file gets a new name): production, `make run` and the bench.
# `make dev` and the tests serve them straight from the apps.
COLLECTED_STATIC = env.bool("MADOGUCHI_COLLECTED_STATIC", default=PRODUCTION)
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static")) if COLLECTED_STATIC else None
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-not-served/"  # uploads are personal data: served only through views that check access
# One request's uploads together (the largest file the city takes, 20MB, and the form around it):
# refused with 413 before the body is read (core.uploadlimit).
MADOGUCHI_MAX_UPLOAD_BYTES = env.int("MADOGUCHI_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "madoguchi.core.uploadlimit.LimitedUploadHandler",  # first: stops reading past the limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {
        "BACKEND": env.str("MADOGUCHI_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": (
            "madoguchi.core.staticfiles.StaticFilesStorage"  # whitenoise's, hashed and compressed
            if COLLECTED_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend"
    if not PRODUCTION
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="madoguchi@city.example.jp")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))

# Security baseline. The CSP forbids inline script and style everywhere.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
# The idle timeout slides: core.middleware.SessionMiddleware re-saves a session once this many
# seconds have passed since its last write (not on every request, ADR 0007).
MADOGUCHI_SESSION_REFRESH_SECONDS = env.int("MADOGUCHI_SESSION_REFRESH_SECONDS", default=60)
# A web process hands its stored notifications to Celery in one message this often (seconds);
# 0: one message per notification, after each commit (core/notifications/publisher.py).
MADOGUCHI_NOTIFY_BATCH_SECONDS = env.float("MADOGUCHI_NOTIFY_BATCH_SECONDS", default=0.05)
# In Redis where the site has one: each refresh writes the session, which in the database is a
# transaction of its own (ADR 0007). Without Redis
# (`make run`) in the database, which every worker shares. A Redis restart logs residents out;
# drafts and applications are in the database.
SESSION_ENGINE = env.str(
    "SESSION_ENGINE",
    default="madoguchi.core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db",
)
SESSION_CACHE_ALIAS = "sessions"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = 63072000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=PRODUCTION) else None
)
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(self), payment=(self), usb=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://tile.openstreetmap.org"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON nested past 64 levels is a 400 before parsing (DRF's own parser recurses into a 500).
    "DEFAULT_PARSER_CLASSES": [
        "madoguchi.core.jsonsafe.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"anon": "600/min", "user": "1200/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Madoguchi API",
    "DESCRIPTION": "窓口 — the city's procedures, applications, open data and plan indicators.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Personal data. Field keys: Fernet keys, newest first; older ones still decrypt (rotation).
# The demo derives one from SECRET_KEY; production must set MADOGUCHI_FIELD_KEYS.
MADOGUCHI_FIELD_KEYS = env.list("MADOGUCHI_FIELD_KEYS", default=[])
MADOGUCHI_NOTIFIERS = env.list("MADOGUCHI_NOTIFIERS", default=["email"])
MADOGUCHI_DEMO_PHONE = "042-325-0111"

# Identity (identity app; docs/identity.md). Residents log in with OpenID Connect (the My Number
# card through the Digital Agency's app, or the bundled test IdP at /idp/); staff with allauth + MFA.
LOGIN_URL = "identity:login"
MADOGUCHI_PKI_DIR = Path(env.str("MADOGUCHI_PKI_DIR", default=str(VAR_DIR / "pki")))
MADOGUCHI_TEST_IDP_ENABLED = env.bool("MADOGUCHI_TEST_IDP_ENABLED", default=not PRODUCTION)
MADOGUCHI_OIDC_ISSUER = env.str("MADOGUCHI_OIDC_ISSUER", default="")  # "" = the test IdP on this site
MADOGUCHI_OIDC_CLIENT_ID = env.str("MADOGUCHI_OIDC_CLIENT_ID", default="madoguchi")
MADOGUCHI_OIDC_CLIENT_SECRET = env.str("MADOGUCHI_OIDC_CLIENT_SECRET", default="madoguchi-demo-client-secret")
MADOGUCHI_OIDC_SCOPES = env.str("MADOGUCHI_OIDC_SCOPES", default="openid name address birthdate gender")
# Signature verification: PEM/DER files of trusted roots and CRLs; empty = the test PKI's.
MADOGUCHI_SIGNATURE_TRUST_ANCHORS = env.list("MADOGUCHI_SIGNATURE_TRUST_ANCHORS", default=[])
MADOGUCHI_SIGNATURE_CRLS = env.list("MADOGUCHI_SIGNATURE_CRLS", default=[])
AUTHENTICATION_BACKENDS = [
    "madoguchi.core.auth.AccountBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "madoguchi.identity.staff.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}  # 5 wrong passwords lock the account 5 min
ACCOUNT_LOGOUT_REDIRECT_URL = "/staff/"
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = "Madoguchi"

# Electronic delivery and fees (delivery app; docs/delivery.md, docs/payments.md).
# Public base URL printed on documents (QR code → /verify/<number>).
MADOGUCHI_PUBLIC_URL = env.str("MADOGUCHI_PUBLIC_URL", default="http://127.0.0.1:8000")
# Which OCR engine reads paper forms (paper.engines registry): "tesseract", or a vendor AI-OCR.
MADOGUCHI_OCR_ENGINE = env.str("MADOGUCHI_OCR_ENGINE", default="tesseract")
# Where the city's signing key is: "pki" (identity.pki, the test PKI in the demo) or "pkcs11" (HSM).
MADOGUCHI_DOCUMENT_SIGNER = env.str("MADOGUCHI_DOCUMENT_SIGNER", default="pki")
MADOGUCHI_PKCS11_MODULE = env.str(
    "MADOGUCHI_PKCS11_MODULE", default=""
)  # e.g. /usr/lib/softhsm/libsofthsm2.so
MADOGUCHI_PKCS11_TOKEN_LABEL = env.str("MADOGUCHI_PKCS11_TOKEN_LABEL", default="")
MADOGUCHI_PKCS11_KEY_LABEL = env.str("MADOGUCHI_PKCS11_KEY_LABEL", default="")
MADOGUCHI_PKCS11_CERT_LABEL = env.str("MADOGUCHI_PKCS11_CERT_LABEL", default="")
MADOGUCHI_PKCS11_PIN = env.str("MADOGUCHI_PKCS11_PIN", default="")
MADOGUCHI_TSA_URL = env.str("MADOGUCHI_TSA_URL", default="")  # RFC 3161 timestamp authority; "" = none
MADOGUCHI_MAYOR_NAME = env.str("MADOGUCHI_MAYOR_NAME", default="")
MADOGUCHI_PAYMENT_PROVIDER = env.str("MADOGUCHI_PAYMENT_PROVIDER", default="sandbox")
# The sandbox gateway's webhook secret: its own, never derived from SECRET_KEY; "" = a random one
# kept in var/payment-sandbox-secret (delivery.payments.sandbox).
MADOGUCHI_SANDBOX_WEBHOOK_SECRET = env.str(
    "MADOGUCHI_PAYMENT_SANDBOX_SECRET", default=env.str("MADOGUCHI_SANDBOX_WEBHOOK_SECRET", default="")
)
MADOGUCHI_GATEWAY_API_BASE = env.str("MADOGUCHI_GATEWAY_API_BASE", default="")
MADOGUCHI_GATEWAY_API_KEY = env.str("MADOGUCHI_GATEWAY_API_KEY", default="")
MADOGUCHI_GATEWAY_WEBHOOK_SECRET = env.str("MADOGUCHI_GATEWAY_WEBHOOK_SECRET", default="")
CELERY_BEAT_SCHEDULE["delivery-daily-reconciliation"] = {
    "task": "madoguchi.delivery.tasks.write_daily_reconciliation",
    "schedule": 24 * 3600,
}
CELERY_BEAT_SCHEDULE["delivery-sync-pending-payments"] = {
    "task": "madoguchi.delivery.tasks.sync_pending_payments",
    "schedule": 300,
}
CELERY_BEAT_SCHEDULE["counter-reservation-reminders"] = {
    "task": "madoguchi.counter.tasks.send_reservation_reminders",
    "schedule": 3600,
}
CELERY_BEAT_SCHEDULE["applications-push-invitations"] = {
    "task": "madoguchi.applications.tasks.send_push_invitations",
    "schedule": crontab(hour=6, minute=30),  # JST, before the offices open
}
CELERY_BEAT_SCHEDULE["participation-weekly-digest"] = {
    "task": "participation.send_weekly_digest",
    "schedule": crontab(day_of_week="mon", hour=8, minute=0),
}
# 前日のお知らせ of events and briefings: hourly 9:00–19:00 JST; each registrant is reminded once.
CELERY_BEAT_SCHEDULE["participation-event-reminders"] = {
    "task": "participation.send_event_reminders",
    "schedule": crontab(hour="9-19", minute=5),
}
CELERY_BEAT_SCHEDULE["privacy-access-review"] = {
    "task": "madoguchi.privacy.tasks.scan_access",
    "schedule": 3600,  # looks back two hours, so a late or missed run loses nothing
}
CELERY_BEAT_SCHEDULE["privacy-purge"] = {
    "task": "madoguchi.privacy.tasks.purge",
    "schedule": crontab(hour=3, minute=30),  # nightly; a killed run is continued by the next start
}
CELERY_BEAT_SCHEDULE["learning-training-reminders"] = {
    "task": "madoguchi.learning.tasks.remind_unfinished",
    "schedule": crontab(hour=8, minute=0),  # JST; each person at most once a week per assignment
}
# The outbox sweep: notifications stored but never queued (a web process died after commit).
CELERY_BEAT_SCHEDULE["core-requeue-pending-notifications"] = {
    "task": "madoguchi.core.tasks.requeue_pending_notifications",
    "schedule": 600,
}

# The resident assistant (assistant app; docs/staff/assistant.md). The answers API is throttled per
# client address; the LINE webhook is a sandbox speaking LINE's protocol (no call leaves the city).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["assistant"] = env.str("MADOGUCHI_ASSISTANT_RATE", default="30/min")
MADOGUCHI_ASSISTANT_CHANNELS = {"line": "line-sandbox"}
MADOGUCHI_LINE_CHANNEL_SECRET = env.str("MADOGUCHI_LINE_CHANNEL_SECRET", default="")
MADOGUCHI_ASSISTANT_STAFFED_HOURS = ("08:30", "17:00")  # JST on 開庁日: hand-offs go to staff
MADOGUCHI_ASSISTANT_GENERAL_DEPARTMENT = "shimin"  # takes questions no answer names a department for
CELERY_BEAT_SCHEDULE["assistant-weekly-questions"] = {
    "task": "madoguchi.assistant.tasks.group_last_weeks_questions",
    "schedule": crontab(day_of_week="mon", hour=7, minute=0),  # JST, for the FAQ authors' week
}
# The paper intake: a scan batch whose worker died is queued again (pages already read are kept).
CELERY_BEAT_SCHEDULE["paper-resume-stuck-batches"] = {
    "task": "madoguchi.paper.tasks.resume_stuck_batches",
    "schedule": 300,
}

# Logs: one JSON object per line in production (LOG_FORMAT=json), a readable line in the demo;
# both carry the request id and the user's id only, masked (core/jsonlog.py, docs/operations.md).
LOGGING = logging_config(
    fmt=env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain"),
    level=env.str("LOG_LEVEL", default="INFO"),
)

# Monitoring (docs/operations.md, "Monitoring"). /metrics answers a scrape with
# `Authorization: Bearer $MADOGUCHI_METRICS_TOKEN`, or one made straight (not through the proxy)
# from an allowed network: loopback in the demo, none in production unless listed.
MADOGUCHI_METRICS_TOKEN = env.str("MADOGUCHI_METRICS_TOKEN", default="")
MADOGUCHI_METRICS_ALLOWED_NETWORKS = env.list(
    "MADOGUCHI_METRICS_ALLOWED_NETWORKS", default=[] if PRODUCTION else ["127.0.0.0/8", "::1/128"]
)
# The audit chain is verified hourly; /metrics shows the result and its age (alert: AuditChainNotVerified).
CELERY_BEAT_SCHEDULE["core-verify-audit-chain"] = {
    "task": "madoguchi.core.tasks.verify_audit_chain",
    "schedule": 3600,
}
