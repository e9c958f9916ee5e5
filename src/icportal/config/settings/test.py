"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL is set (make test runs both)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, PROJECT_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="icportal-test-media-"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env.str(
    "DATABASE_URL", default=""
):
    (PROJECT_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        # In this checkout's var/ (git-ignored): two checkouts tested at once never share it.
        "NAME": str(PROJECT_DIR / "var" / "test.sqlite3"),
        "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        "TEST": {"NAME": None},
    }
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
STAFF_2FA_REQUIRED = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
ICEGATE_SANDBOX_ENABLED = True
ICEGATE_SANDBOX_ADMIN_KEY = "test-sandbox-admin-key"
ICEGATE_DEMO_CREDENTIALS = True  # --- holes: the sandbox's demo password, as in development ---

DASHBOARD_CACHE_SECONDS = 0  # tests change data between requests; test_dashboard turns it on
CACHES = {  # in memory: nothing written to var/ by a test
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboard": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dashboard",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# --- operations ---
HEALTHZ_CACHE_SECONDS = 0  # tests change the worker and probes between requests
