import importlib

import pytest
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

from tests import factories
from tests.pki import demo_var, dev_pki_server, pki  # noqa: F401  (the development PKI: tests/pki.py)

# Hypothesis judges by the clock by default (a 200 ms deadline per example, a health check on slow
# generation); on a loaded 2-core machine that fails tests for no fault of the code. The properties
# stay the same; only time is no longer a reason to fail.
settings.register_profile("icportal", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("icportal")

SEED_MIGRATIONS = (
    "icportal.offices.migrations.0002_seed_council_offices",
    "icportal.members.migrations.0002_seed_segments",
    "icportal.entitlements.migrations.0002_seed_scheme",
    "icportal.customs.migrations.0002_seed_customs_houses",
)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return "transactional_db" in request.fixturenames or "live_server" in request.fixturenames


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database afterwards, taking the seeded offices, segments and
    scheme data with it; put them back (the seed functions are idempotent) before each one."""
    if not _transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for name in SEED_MIGRATIONS:
        importlib.import_module(name).seed(apps, None)
    yield


@pytest.fixture(autouse=True)
def _english_to_start():
    """Each test starts in the default language: a request answered in Hindi (LocaleMiddleware)
    leaves Hindi active in the thread, as a server's next request would not see it (its own
    middleware chooses again), but a test calling a service directly would."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Every test starts with empty caches (the dashboard's kept figures too: they outlive a
    test's database, and another test's would show for the same range and office ids)."""
    from django.core.cache import caches

    settings.AXES_ENABLED = True
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _no_kept_icegate_connection():
    """The ICEGATE client is pooled per process and keeps connections open, as production wants.
    A connection kept to a test's live server keeps one of its request threads alive into the next
    test, where that thread's end-of-request close could hit a database connection the next test
    has repointed (tests/operations/test_backup.py: a segfault on SQLite). Close it with the test."""
    yield
    from icportal.esanchit import gateway

    gateway.client_close()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def member(db):
    return factories.MemberFactory()


@pytest.fixture
def member_user(db, member):
    return factories.member_user(member=member)


@pytest.fixture
def staff(db):
    return factories.staff_user("CHN")


@pytest.fixture
def head_office(db):
    return factories.head_office_user()
