"""Production: PostgreSQL from DATABASE_URL, secrets from the environment, no sandbox."""

from icportal.common.logs import use_log_format

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db_url("DATABASE_URL")}  # required: no default in production
DATABASES["default"]["CONN_MAX_AGE"] = 60
ICEGATE_SANDBOX_ENABLED = env.bool("ICEGATE_SANDBOX_ENABLED", default=False)
INSTALLED_APPS = [a for a in INSTALLED_APPS if a != "icegate_sandbox" or ICEGATE_SANDBOX_ENABLED]  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- holes: admin site, API schema, ICEGATE credentials ---
DJANGO_ADMIN_ENABLED = env.bool("DJANGO_ADMIN_ENABLED", default=False)
API_SCHEMA_REQUIRES_LOGIN = env.bool("API_SCHEMA_REQUIRES_LOGIN", default=True)
# Never the public demo password: an office without ICEGATE_CREDENTIALS fails `icportal check`
# (esanchit/checks.py) and its uploads are refused with NO_CREDENTIALS.
ICEGATE_DEMO_CREDENTIALS = False

# --- operations: logs as JSON lines; the proxy and Prometheus poll over plain HTTP on loopback ---
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
use_log_format(LOGGING, LOG_FORMAT)  # noqa: F405
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# --- development PKI and timestamps: no development defaults in production ---
# TSA_URL and SIGNING_TRUST_ANCHORS must be set (the CA's TSA, the CA certificates of the offices'
# DSCs); `check --deploy` names what is missing (documents/checks.py).
TSA_URL = env.str("TSA_URL", default="")
SIGNING_TRUST_ANCHORS = env.list("SIGNING_TRUST_ANCHORS", default=[])
DEV_PKI_ADMIN_KEY = ""
