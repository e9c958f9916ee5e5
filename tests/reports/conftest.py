"""The dashboard's fixtures: a small history of ICs, uploads and complaints, and head office."""

import pytest
from django.core.cache import caches

from tests import factories
from tests.reports import dashboard_factories as df


@pytest.fixture
def history(monkeypatch):
    h = df.history()
    df.complaints(h, monkeypatch)
    return h


@pytest.fixture
def head(client):
    client.force_login(factories.head_office_user())
    return client


@pytest.fixture(autouse=True)
def _no_kept_figures():
    """Each test starts with no dashboard figures kept (the cache outlives a test's database)."""
    caches["dashboard"].clear()
