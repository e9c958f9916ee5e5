"""The dashboard's figures kept ahead of visits: the worker computes the preset ranges of every
office and of all offices, the page then reads them without computing, each office only its own;
a custom range is computed on its visit. And the single-statement distributions: odd, even and
empty medians, paper ICs left out."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from icportal.certificates.models import DeliveryMode, ImportCertificate
from icportal.common import worker
from icportal.common.dates import ist_today
from icportal.reports import services, tasks
from icportal.reports.dashboard_period import preset_period
from tests import factories
from tests.certificates import factories as f
from tests.reports import dashboard_factories as df
from tests.reports.dashboard_pages import URL, row, tables, tables_as_shown

pytestmark = pytest.mark.django_db

# The tables a section's figures are computed from; the page's own queries (session, user,
# offices) read none of them.
FIGURE_TABLES = (
    "certificates_",
    "esanchit_upload",
    "complaints_complaint",
    "entitlements_entitlementaccount",
    "members_icegateregistration",
)


def _visit(client, **params) -> tuple[dict, list[str]]:
    """The page's tables, and the queries that computed figures for it."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
        assert response.status_code == 200
        shown = tables_as_shown(client, response)  # and the sections it left to htmx
    computing = [
        q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in FIGURE_TABLES)
    ]
    return shown, computing


def _fresh(client, settings, **params) -> dict:
    """The tables computed on the spot, nothing kept or read from the cache."""
    seconds, settings.DASHBOARD_CACHE_SECONDS = settings.DASHBOARD_CACHE_SECONDS, 0
    try:
        return _visit(client, **params)[0]
    finally:
        settings.DASHBOARD_CACHE_SECONDS = seconds


def _refresh_all() -> int:
    return services.dashboard_figures_refresh(today=ist_today(), limit=10_000)


@pytest.fixture
def kept(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    return settings


@pytest.fixture
def staff():
    """A client signed in as a staff user of the office: staff("DEL")."""

    def login(code):
        c = Client()
        c.force_login(factories.staff_user(code))
        return c

    return login


def test_the_worker_computes_the_preset_ranges_the_page_then_reads(head, staff, history, kept):
    ninety = preset_period("90d", ist_today())
    views = {
        "head, all offices": (head, {}),
        "head, Delhi": (head, {"office": "DEL"}),
        "head, 90 days": (head, {"from_date": ninety.first, "to_date": ninety.last}),
        "Chennai staff": (staff("CHN"), {}),
        "Delhi staff asking for Chennai": (staff("DEL"), {"office": "CHN"}),
    }
    fresh = {name: _fresh(client, kept, **params) for name, (client, params) in views.items()}

    assert _refresh_all() > 0
    assert _refresh_all() == 0  # nothing due again until two thirds of the time have passed
    for name, (client, params) in views.items():
        shown, computing = _visit(client, **params)
        assert shown == fresh[name], name
        assert computing == [], name

    # Staff read their own office's kept figures, never all offices' or another office's.
    delhi, _ = _visit(staff("DEL"), office="CHN")
    assert delhi["table-ics_per_day"][0] == ["Date (IST)", "Delhi", "Total"]
    assert row(delhi["table-ics_per_day"], "Total")[1:] == ["1", "1"]
    assert row(delhi["table-turnaround"], "Counted")[1:] == ["1", "0"]
    assert row(delhi["table-complaint_findings"], "Complaints filed")[1] == "0"
    assert [r[0] for r in delhi["table-icegate"][1:]] == ["Delhi"]


def test_a_custom_range_is_computed_on_its_visit_and_kept(head, history, kept):
    custom = {"from_date": history.day1, "to_date": history.day2}
    fresh = _fresh(head, kept, **custom)
    _refresh_all()
    shown, computing = _visit(head, **custom)
    assert shown == fresh and computing
    shown, computing = _visit(head, **custom)
    assert shown == fresh and computing == []


def test_sections_are_due_again_before_they_run_out_and_show_new_work(
    head, history, kept, monkeypatch
):
    kept_now = _refresh_all()
    before, _ = _visit(head)
    assert row(before["table-ics_per_day"], "Total")[-1] == "4"
    _member, user, officer, epc = f.ready()
    issued = df.at_ist(history.day2, 15)
    df.issued_ic(user, epc, officer, submitted=issued - dt.timedelta(hours=2), issued=issued)

    assert _refresh_all() == 0  # kept figures are still fresh: the page shows them as they were
    assert row(_visit(head)[0]["table-ics_per_day"], "Total")[-1] == "4"

    later = time.time() + 201  # past two thirds of 300 s, before the figures run out
    monkeypatch.setattr(time, "time", lambda: later)
    assert _refresh_all() == kept_now
    shown, computing = _visit(head)
    assert row(shown["table-ics_per_day"], "Total")[-1] == "5" and computing == []


def test_the_registered_task_rolls_up_then_keeps_a_few_sections_per_run_then_rests(
    head, history, kept
):
    task = worker.autodiscover()["reports.dashboard_figures"]
    assert task.every == tasks.LOOK_AGAIN_SECONDS
    passes = [task.run("w")]  # the first run rolls up the history's days, then two sections
    while passes[-1]:
        passes.append(task.run("w"))
    assert len(passes) > 2  # the sections are spread over several runs, not all at once
    assert max(passes[1:]) <= tasks.SECTIONS_PER_PASS + tasks.ROLLUP_OPEN_DAYS_PER_PASS
    assert task.run("w") == 0  # nothing left to compute: the worker looks again in 15 s
    assert _visit(head)[1] == []


def test_nothing_is_kept_when_the_cache_time_is_zero(head, history, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    assert _refresh_all() == 0
    assert _visit(head)[1] != []


def test_medians_of_odd_and_empty_counts_and_paper_ics_left_out_of_irn_times(head, history):
    # Chennai: waits of 0.5, 3 and 30 hours (median 3); two IRNs after 2 h and 0.5 h.
    chennai = tables(head.get(URL, {"office": "CHN"}))["table-turnaround"]
    assert row(chennai, "Counted")[1:] == ["3", "2"]
    assert row(chennai, "Median (hours)")[1:] == ["3 h 00 min", "1 h 15 min"]
    # Delhi: one wait of 240 hours; its only IC has no IRN yet (no median).
    delhi = tables(head.get(URL, {"office": "DEL"}))["table-turnaround"]
    assert row(delhi, "Counted")[1:] == ["1", "0"]
    assert row(delhi, "Still waiting")[1:] == ["0", "1"]
    assert row(delhi, "Median (hours)")[1:] == ["10.0 days", "—"]

    paper = ImportCertificate.objects.filter(pk=history.delhi[0].pk)
    paper.update(delivery_mode=DeliveryMode.PHYSICAL_COPY)
    delhi = tables(head.get(URL, {"office": "DEL"}))["table-turnaround"]
    assert row(delhi, "Counted")[1:] == ["1", "0"]
    assert row(delhi, "Still waiting")[1:] == ["0", "0"]  # a paper IC never gets an IRN


def test_a_range_nobody_opened_shows_at_once_and_asks_for_each_section(head, history, kept):
    custom = {"from_date": history.day1, "to_date": history.day2}
    with CaptureQueriesContext(connection) as ctx:
        page = head.get(URL, custom)
    assert not [q for q in ctx.captured_queries if any(t in q["sql"] for t in FIGURE_TABLES)]
    html = page.content.decode()
    assert html.count('aria-busy="true"') == 6 and tables(page) == {}
    assert "all=1" in html  # a browser without JavaScript gets every figure on one page
    assert tables(head.get(URL, {**custom, "all": "1"})) == _fresh(head, kept, **custom)


def test_a_section_on_its_own_is_scoped_and_named(client, history, kept):
    client.force_login(factories.staff_user("DEL"))
    answer = client.get(f"{URL}section/ics_per_day/", {"office": "CHN"})
    assert answer.status_code == 200
    assert tables(answer)["table-ics_per_day"][0] == ["Date (IST)", "Delhi", "Total"]
    assert 'id="dashboard-charts-ics_per_day"' in answer.content.decode()
    assert client.get(f"{URL}section/nothing/").status_code == 400
    bad = client.get(f"{URL}section/ics_per_day/", {"from_date": "2026-02-30"})
    assert bad.status_code == 400
    client.force_login(f.ready()[1])  # a member
    assert client.get(f"{URL}section/ics_per_day/").status_code in (302, 403)
