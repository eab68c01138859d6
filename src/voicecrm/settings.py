"""Every VoiceCRM setting, read from the environment in this one place.

Defaults serve one machine with no other software: SQLite database and SQLite queue in the data dir.
"""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default).strip() or default


def _env_bool(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def _env_delays(name: str, default: str) -> list[float]:
    raw = _env(name, default)
    try:
        delays = [float(part) for part in raw.split(",") if part.strip()]
    except ValueError as exc:
        raise ValueError(f"{name} must be comma-separated seconds, e.g. 30,60,120 (got {raw!r})") from exc
    return delays or [0.0]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(_env("VOICECRM_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = _env_bool("VOICECRM_PRODUCTION", False)
DEBUG = _env_bool("VOICECRM_DEBUG", False)


def _secret_key() -> str:
    """Use VOICECRM_SECRET_KEY, or a random key kept in the data dir so sessions survive restarts."""
    key = os.environ.get("VOICECRM_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in _env("VOICECRM_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("VOICECRM_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # /api/docs from its own static files, not a CDN (the Content-Security-Policy allows only ours)
    "voicecrm.accounts",
    "voicecrm.crm",
    "voicecrm.recordings",
    "voicecrm.pipeline",
    "voicecrm.web",
    "voicecrm.ops",
    "voicecrm.exchange",
    "voicecrm.webhooks",
    "voicecrm.server",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "voicecrm.api.ApiErrorsMiddleware",  # /api/'s own 404, 405 and 500 answer JSON {"detail", "code"}
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "voicecrm.urls"
ASGI_APPLICATION = "voicecrm.server.asgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASE_URL = _env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'voicecrm.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker write the same file: WAL, a long busy timeout and BEGIN IMMEDIATE
    # keep "database is locked" away (DESIGN.md, pitfalls).
    # Persistent connections: asgi.py runs requests on a fixed pool of threads, so each keeps one
    # connection instead of opening one (and loading its pragmas and functions) for every request.
    _db["CONN_MAX_AGE"] = float(_env("VOICECRM_SQLITE_CONN_MAX_AGE", "60"))
    # Django's backend, but a process's threads queue for the write lock instead of polling for it.
    _db["ENGINE"] = "voicecrm.sqlite_backend"
    _db["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
    }
elif _db["ENGINE"] == "django.db.backends.mysql":
    import pymysql

    pymysql.install_as_MySQLdb()
    _db.setdefault("OPTIONS", {}).update({"charset": "utf8mb4", "isolation_level": "read committed"})
DATABASES = {"default": _db}
if "VOICECRM_TEST_DB_NAME" in os.environ:
    DATABASES["default"]["TEST"] = {"NAME": os.environ["VOICECRM_TEST_DB_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Queue ----------------------------------------------------------------------------------------
QUEUE_URL = _env("VOICECRM_QUEUE_URL", f"sqlite:///{DATA_DIR / 'queue.sqlite3'}")
QUEUE_NAME = _env("VOICECRM_QUEUE_NAME", "voicecrm")


def _queue_storage(url: str) -> dict:
    """Huey's storage settings from VOICECRM_QUEUE_URL: sqlite:///path, redis://…, postgresql://…."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        # Huey's SqliteHuey, but WAL with synchronous=NORMAL: no fsync per enqueue (see huey_sqlite.py).
        return {"huey_class": "voicecrm.pipeline.huey_sqlite.WalSqliteHuey",
                "filename": url.removeprefix("sqlite:///"), "timeout": 30}
    if scheme in ("redis", "rediss"):
        return {"huey_class": "huey.PriorityRedisHuey", "url": url, "blocking": True, "read_timeout": 1}
    if scheme in ("postgres", "postgresql"):
        return {"huey_class": "huey.PostgresHuey", "dsn": url.replace("postgres://", "postgresql://", 1),
                "blocking": True, "read_timeout": 1}
    raise ValueError(f"VOICECRM_QUEUE_URL: unsupported scheme {scheme!r} (use sqlite:///…, redis://…, postgresql://…)")


# The two queues, on the same storage, as djhuey's HUEY dict: `huey_class` is the class, every other key
# goes to it untouched (voicecrm.pipeline.queue builds both). Long recordings have their own queue and
# worker process so that a 10-minute dictation never holds up a 10-second note (LONG_AUDIO_QUEUE below).
_QUEUE_COMMON = {"immediate": False, "results": False, "utc": True, **_queue_storage(QUEUE_URL)}
QUEUES = {
    "main": {"name": QUEUE_NAME, **_QUEUE_COMMON},
    "long": {"name": f"{QUEUE_NAME}-long", **_QUEUE_COMMON},
}

# --- Jobs -----------------------------------------------------------------------------------------
MAX_ATTEMPTS = int(_env("VOICECRM_MAX_ATTEMPTS", "3"))
RETRY_DELAYS = _env_delays("VOICECRM_RETRY_DELAYS", "30,60,120")
JOB_TIMEOUT = float(_env("VOICECRM_JOB_TIMEOUT", "300"))
# A processing record whose worker has not beaten its heart for this long is taken back by the reaper.
HEARTBEAT_INTERVAL = float(_env("VOICECRM_HEARTBEAT_INTERVAL", "5"))
STALE_AFTER = float(_env("VOICECRM_STALE_AFTER", "60"))
REAPER_INTERVAL = float(_env("VOICECRM_REAPER_INTERVAL", "30"))
# Idle SQLite polling: Huey backs off to max_delay between empty polls; keep it short.
WORKER_POLL_DELAY = float(_env("VOICECRM_WORKER_POLL_DELAY", "0.05"))
WORKER_MAX_POLL_DELAY = float(_env("VOICECRM_WORKER_MAX_POLL_DELAY", "0.2"))
# Long recordings (queue.LONG_AUDIO_BYTES) get their own queue and worker process, at a lower CPU
# priority, so that short ones never wait behind them (measured in bench/; README "Performance").
LONG_AUDIO_QUEUE = _env_bool("VOICECRM_LONG_AUDIO_QUEUE", True)
LONG_AUDIO_NICE = int(_env("VOICECRM_LONG_AUDIO_NICE", "10"))

# A stopping worker (SIGTERM, `jobs restart-workers`) waits this long for its current job, then hands it back.
SHUTDOWN_TIMEOUT = float(_env("VOICECRM_SHUTDOWN_TIMEOUT", "30"))

# --- Speech ---------------------------------------------------------------------------------------
# The transcriber: a name of TRANSCRIBERS below, or the dotted path of a class (then built without options).
# Adding a backend is adding its module and one entry here; each entry's OPTIONS go to its class untouched.
TRANSCRIBER = _env("VOICECRM_TRANSCRIBER", "faster-whisper")
WHISPER_MODEL = _env("VOICECRM_WHISPER_MODEL", "bundled-base")
# Worker processes of `voicecrm worker` and of `serve`'s embedded worker: one per core, up to two. On 2 cores
# two 1-thread workers process 1.7× the audio of one 2-thread worker, and a recording alone takes about as
# long (CTranslate2 gains little from a second thread on short audio: README "Performance"); each worker
# holds its own model (~450 MB), hence the cap.
_CORES_UP_TO_TWO = str(max(1, min(os.cpu_count() or 1, 2)))
WORKERS = int(_env("VOICECRM_WORKERS", _CORES_UP_TO_TWO))
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL") or None
OPENAI_TIMEOUT = float(_env("VOICECRM_OPENAI_TIMEOUT", "60"))
# The languages recordings are in: detection chooses among them, extraction understands them.
LANGUAGES_SUPPORTED = tuple(code.strip().lower() for code in _env("VOICECRM_LANGUAGES", "fr,en").split(",")
                            if code.strip())
TRANSCRIBERS = {
    "faster-whisper": {
        "BACKEND": "voicecrm.speech.faster_whisper_backend.FasterWhisperTranscriber",
        "OPTIONS": {
            "model": WHISPER_MODEL,
            "cache_dir": DATA_DIR / "models",
            "compute_type": _env("VOICECRM_WHISPER_COMPUTE_TYPE", "int8"),
            # 0: the cores shared out between the worker processes (voicecrm.pipeline.engines).
            "cpu_threads": int(_env("VOICECRM_WHISPER_THREADS", "0")),
            "beam_size": int(_env("VOICECRM_WHISPER_BEAM_SIZE", "5")),
            # On: fewer errors at the same speed on the eval recordings (README "Performance", decoding table).
            "vad_filter": _env_bool("VOICECRM_WHISPER_VAD", True),
            # Whisper's temperature fallback: a window whose text loops (or is unsure) is decoded again at the
            # next temperature, sampling best-of-N. Off by default: a text that loops is decoded again
            # deterministically, repetitions penalised (speech/faster_whisper_backend.py), because a sample
            # at 0.5 looped again one run in nine on a French eval recording (issue 13).
            "temperatures": tuple(float(t) for t in _env("VOICECRM_WHISPER_TEMPERATURES", "0").split(",")),
            "best_of": int(_env("VOICECRM_WHISPER_BEST_OF", "1")),
            # Recordings at least this long (seconds) go through faster-whisper's BatchedInferencePipeline; 0: never.
            "batched_after": float(_env("VOICECRM_WHISPER_BATCHED_AFTER", "120")),
            # Language detection is restricted to these (a short French clip was detected as Japanese).
            "languages": LANGUAGES_SUPPORTED,
            # Word probabilities: each field's confidence includes how well its words were heard.
            "word_timestamps": _env_bool("VOICECRM_WHISPER_WORD_TIMESTAMPS", True),
        },
    },
    "openai": {
        "BACKEND": "voicecrm.speech.openai_backend.OpenAITranscriber",
        "OPTIONS": {"model": _env("VOICECRM_OPENAI_TRANSCRIBE_MODEL", "whisper-1"), "api_key": OPENAI_API_KEY,
                    "base_url": OPENAI_BASE_URL, "timeout": OPENAI_TIMEOUT},
    },
}

# --- Extraction -----------------------------------------------------------------------------------
DEFAULT_REGION = _env("VOICECRM_DEFAULT_REGION", "FR").upper()
MIN_CONFIDENCE = float(_env("VOICECRM_MIN_CONFIDENCE", "0.6"))
# The extractor: a name of EXTRACTORS below, or the dotted path of a class; as for TRANSCRIBERS.
EXTRACTOR = _env("VOICECRM_EXTRACTOR", "rules")
EXTRACTORS = {
    "rules": {"BACKEND": "voicecrm.extraction.rules.RulesExtractor",
              "OPTIONS": {"default_region": DEFAULT_REGION}},
    "llm": {
        "BACKEND": "voicecrm.extraction.llm.LLMExtractor",
        "OPTIONS": {"model": _env("VOICECRM_LLM_MODEL", "gpt-4o-mini"), "api_key": OPENAI_API_KEY,
                    "base_url": OPENAI_BASE_URL, "timeout": OPENAI_TIMEOUT, "default_region": DEFAULT_REGION,
                    "fallback_to_rules": _env_bool("VOICECRM_LLM_FALLBACK_TO_RULES", False)},
    },
}

# --- Uploads --------------------------------------------------------------------------------------
UPLOAD_MAX_MB = float(_env("VOICECRM_UPLOAD_MAX_MB", "25"))
UPLOAD_RATE = _env("VOICECRM_UPLOAD_RATE", "10/m")
# `voicecrm serve` (voicecrm/server/): where it listens unless --host/--port say otherwise, and uvicorn's
# log level (its access log is at "info").
SERVE_HOST = _env("VOICECRM_HOST", "127.0.0.1")
SERVE_PORT = int(_env("VOICECRM_PORT", "8000"))
ACCESS_LOG_LEVEL = _env("VOICECRM_ACCESS_LOG_LEVEL", "warning")
# Web processes of `voicecrm serve`: one per core, up to two. Requests are GIL-bound, so one process uses
# little more than one core; connections are spread evenly over the processes (server/listener.py).
WEB_PROCESSES = int(_env("VOICECRM_WEB_PROCESSES", _CORES_UP_TO_TWO))
BALANCE_CONNECTIONS = _env_bool("VOICECRM_BALANCE_CONNECTIONS", True)
# Threads per web process running Django (server/asgi.py): a second thread overlaps one request's file
# and database waits with another's Python; more only queue for the GIL and SQLite's write lock (README
# "Performance": 2 × 2 gave a tighter tail than 2 × 4 on 2 cores).
WEB_THREADS = int(_env("VOICECRM_WEB_THREADS", "2"))
# Status long polling (server/push.py): how long a `GET /api/audio/status/{id}?wait=…` may wait for a change,
# and how many may wait at once per web process (on the event loop, not in those threads; beyond: answered
# at once, and the page polls every 2 s).
STATUS_WAIT_SECONDS = float(_env("VOICECRM_STATUS_WAIT_SECONDS", "20"))
STATUS_WAITERS = int(_env("VOICECRM_STATUS_WAITERS", "200"))
MAX_AUDIO_SECONDS = float(_env("VOICECRM_MAX_AUDIO_SECONDS", "3600"))
# Django refuses bodies above this before reading them; a little room for the multipart envelope.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(MEDIA_ROOT)}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True

# --- Auth -----------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# --- i18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True


def _env_time_zone(name: str, default: str) -> str:
    value = _env(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name} must be an IANA time zone such as Europe/Paris (got {value!r})") from exc
    return value


# The time zone a user's spoken dates ("demain à 10 h") are read in until they choose theirs (accounts'
# UserSettings), and of recordings uploaded without `recorded_at`. The database stores UTC (TIME_ZONE).
DEFAULT_TIME_ZONE = _env_time_zone("VOICECRM_TIME_ZONE", "Europe/Paris")

# --- Security (production) ------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, never inline, so a
# transcript or a name that holds markup cannot run; the browser tests check that no page breaks it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
        "img-src": ["'self'", "data:"], "media-src": ["'self'"], "connect-src": ["'self'"],
        "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
    },
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("VOICECRM_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(_env("VOICECRM_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers and Prometheus probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health$", r"^metrics$"]

# --- Operations (health, metrics, notifications, retention) ---------------------------------------
# /health fails below this much free space where the audio is stored.
HEALTH_MIN_FREE_MB = float(_env("VOICECRM_HEALTH_MIN_FREE_MB", "100"))
# When set, /metrics asks for `Authorization: Bearer <this>`; Prometheus sends it with `authorization`.
METRICS_TOKEN = os.environ.get("VOICECRM_METRICS_TOKEN", "")
# Apprise URLs (space or comma separated) told when a job of a user who opted in completes or fails.
NOTIFY_URLS = [u for u in os.environ.get("VOICECRM_NOTIFY_URLS", "").replace(",", " ").split() if u]
NOTIFY_TIMEOUT = float(_env("VOICECRM_NOTIFY_TIMEOUT", "10"))
# The morning digest of the day's tasks (for users who opt in) goes out from this hour of their local time.
DIGEST_HOUR = int(_env("VOICECRM_DIGEST_HOUR", "8"))
# Audio files of finished recordings are deleted after this many days (0: kept); transcripts stay.
AUDIO_RETENTION_DAYS = float(_env("VOICECRM_AUDIO_RETENTION_DAYS", "0"))
RETENTION_INTERVAL = float(_env("VOICECRM_RETENTION_INTERVAL", "3600"))
SITE_URL = _env("VOICECRM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = _env("VOICECRM_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = _env("VOICECRM_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = _env("VOICECRM_EMAIL_HOST", "localhost")
EMAIL_PORT = int(_env("VOICECRM_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("VOICECRM_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("VOICECRM_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("VOICECRM_EMAIL_TLS", False)
EMAIL_TIMEOUT = NOTIFY_TIMEOUT
DEFAULT_FROM_EMAIL = _env("VOICECRM_EMAIL_FROM", "VoiceCRM <voicecrm@localhost>")

# --- Webhooks (voicecrm/webhooks/) ---------------------------------------------------------------
# Seconds to wait before each retry of a delivery that failed: the number of attempts is one more than the
# delays (default 6 attempts over about an hour: 30 s, 2 min, 5 min, 15 min, 40 min).
WEBHOOK_RETRY_DELAYS = _env_delays("VOICECRM_WEBHOOK_RETRY_DELAYS", "30,120,300,900,2400")
# Seconds a receiver has to accept the connection, and then to answer (each).
WEBHOOK_TIMEOUT = float(_env("VOICECRM_WEBHOOK_TIMEOUT", "10"))
# Whether webhooks may reach this machine and private networks (loopback, 10/8, 192.168/16, link-local…). Off in
# production (VOICECRM_PRODUCTION): a user's URL must not be a way into the server's own network (SSRF; OWASP
# Server-Side Request Forgery Prevention Cheat Sheet). On in development, for a receiver on localhost.
WEBHOOK_PRIVATE_NETWORK = _env_bool("VOICECRM_WEBHOOK_PRIVATE_NETWORK", not PRODUCTION)
# The delivery log keeps, per webhook, the last this many deliveries, none older than WEBHOOK_LOG_DAYS days.
WEBHOOK_LOG_SIZE = int(_env("VOICECRM_WEBHOOK_LOG_SIZE", "100"))
WEBHOOK_LOG_DAYS = float(_env("VOICECRM_WEBHOOK_LOG_DAYS", "30"))

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "voicecrm": {"handlers": ["console"], "level": _env("VOICECRM_LOG_LEVEL", "INFO"), "propagate": False},
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
