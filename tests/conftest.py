import pytest
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    settings.AXES_ENABLED = True
    yield


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
