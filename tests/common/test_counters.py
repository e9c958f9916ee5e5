"""Reference numbers: one gap-free sequence per office, financial year and kind of record."""

import pytest
from django.db import transaction

from icportal.common.counters import next_number
from tests.factories import office

pytestmark = pytest.mark.django_db


def _take(code="CHN", fy="2026-27", kind="IC"):
    with transaction.atomic():
        return next_number(office=office(code), financial_year=fy, kind=kind)


def test_numbers_follow_on_per_office_year_and_kind():
    assert _take() == ("CLE/CHN/IC/2026-27/000001", 1)
    assert _take() == ("CLE/CHN/IC/2026-27/000002", 2)
    assert _take(kind="EPC") == ("CLE/CHN/EPC/2026-27/000001", 1)
    assert _take(code="DEL") == ("CLE/DEL/IC/2026-27/000001", 1)
    assert _take(fy="2027-28") == ("CLE/CHN/IC/2027-28/000001", 1)
    assert _take() == ("CLE/CHN/IC/2026-27/000003", 3)


def test_a_rolled_back_issue_gives_its_number_back():
    assert _take()[1] == 1
    with pytest.raises(RuntimeError, match="boom"), transaction.atomic():
        assert next_number(office=office(), financial_year="2026-27", kind="IC")[1] == 2
        raise RuntimeError("boom")
    assert _take() == ("CLE/CHN/IC/2026-27/000002", 2)  # no hole in the register


@pytest.mark.django_db(transaction=True)  # the test's own transaction would hide the mistake
def test_a_number_is_never_taken_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the issuing transaction"):
        next_number(office=office(), financial_year="2026-27", kind="IC")
