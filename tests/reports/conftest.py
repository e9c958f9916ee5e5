"""The dashboard's fixtures: a small history of ICs, uploads and complaints, and head office."""

import pytest

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
