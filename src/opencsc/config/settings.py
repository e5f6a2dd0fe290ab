"""Django settings. Every secret and every deployment choice comes from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from opencsc.config.database import parse_database_url

BASE_DIR = Path(os.environ.get("OPENCSC_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"

ENVIRONMENT = os.environ.get("OPENCSC_ENV", "development")  # development | test | production
DEBUG = os.environ.get("OPENCSC_DEBUG", "0") == "1"


def _secret_key() -> str:
    key = os.environ.get("OPENCSC_SECRET_KEY")
    if key:
        return key
    if ENVIRONMENT == "production":
        raise RuntimeError("OPENCSC_SECRET_KEY must be set in production")
    # Outside production the key is generated once per checkout and never committed.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("OPENCSC_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "opencsc.access",
    "opencsc.people",
    "opencsc.journey",
    "opencsc.care",
    "opencsc.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opencsc.config.urls"
WSGI_APPLICATION = "opencsc.config.wsgi.application"

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
                "opencsc.web.context.service",
            ]
        },
    }
]

DATABASES = {
    "default": parse_database_url(
        os.environ.get("OPENCSC_DATABASE_URL", "sqlite:///var/opencsc.sqlite3"), BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:my-work"

# Login lockout: five failures lock the username for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("OPENCSC_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lock by username, not IP: a whole council office shares one address behind its proxy, and
# one person mistyping must not lock out colleagues. The account is what an attacker targets.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

SESSION_COOKIE_AGE = int(os.environ.get("OPENCSC_SESSION_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if ENVIRONMENT == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Outside production, serve straight from the app's static folder (built by `make static`).
WHITENOISE_USE_FINDERS = ENVIRONMENT != "production"
if ENVIRONMENT != "production":
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it to exist
WHITENOISE_AUTOREFRESH = DEBUG

# The local authority this deployment serves (one per deployment; tenancy-ready models).
OPENCSC_LA_CODE = os.environ.get("OPENCSC_LA_CODE", "999")
OPENCSC_LA_NAME = os.environ.get("OPENCSC_LA_NAME", "Synthetic Borough Council")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING"}},
}
