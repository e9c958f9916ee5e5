"""Head office opens the dashboard: every chart is drawn by Chart.js, a chart switches to its table,
the date range changes, and the page is photographed for docs/guide-head-office.md."""

import datetime as dt

import pytest

from icportal.certificates.models import ImportCertificate
from tests import factories
from tests.reports import dashboard_factories as df
from tests.reports.dashboard_pages import FIGURES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHART_STATE = """(key) => {
  const canvas = document.querySelector(`canvas[data-chart="${key}"]`);
  const chart = Chart.getChart(canvas);
  return {width: canvas.clientWidth, height: canvas.clientHeight, drawn: !!chart,
          points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : 0};
}"""


def test_head_office_reads_the_charts_a_table_and_changes_the_range(
    page, login, screenshot, monkeypatch, settings
):
    # The signed PDFs play no part here: no signing after each issue (no worker runs either).
    settings.WORKER_WAKE_INLINE = False
    history = df.history()
    df.complaints(history, monkeypatch)
    df.spread(count=36, days=30)
    errors = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))

    login(factories.head_office_user())
    page.get_by_role("button", name="Head office").click()  # the menu holding the dashboard
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    for key in FIGURES:
        state = page.evaluate(CHART_STATE, key)
        assert state["drawn"] and state["width"] > 100 and state["height"] > 100, (key, state)
    assert page.evaluate(CHART_STATE, "ics_per_day")["points"] == 7 * 30  # offices × days

    # Switch the first chart to its table and read the day-2 figure for Chennai.
    table = page.get_by_test_id("table-ics_per_day")
    box = page.locator("#ics_per_day-table")
    # Only visually hidden while the chart shows: a screen reader still reads the table.
    assert "visually-hidden" in box.get_attribute("class")
    page.locator('[data-dashboard-toggle="ics_per_day"]').click()
    assert "visually-hidden" not in box.get_attribute("class") and table.is_visible()
    assert not page.locator("#ics_per_day-chart").is_visible()
    day2 = table.get_by_role("row", name=f"{history.day2:%d/%m/%Y}")
    cells = day2.get_by_role("cell").all_inner_texts()
    header = table.locator("thead th").all_inner_texts()
    delhi = ImportCertificate.objects.filter(
        office__code="DEL",
        issued_at__gte=df.at_ist(history.day2, 0),
        issued_at__lt=df.at_ist(history.day2 + dt.timedelta(days=1), 0),
    ).count()
    assert delhi >= 1 and cells[header.index("Delhi") - 1] == str(delhi)  # row header: no cell
    assert page.locator('[data-dashboard-toggle="ics_per_day"]').inner_text() == "Show chart"
    page.locator('[data-dashboard-toggle="ics_per_day"]').click()
    assert page.locator("#ics_per_day-chart").is_visible()
    page.evaluate("document.activeElement.blur()")  # no focus ring or hover in the picture
    page.mouse.move(0, 0)
    screenshot("dashboard", full_page=True)

    # Only day 2: one Chennai IC (00:10 IST) and one Delhi IC, plus whatever the spread put there.
    page.get_by_label("From", exact=True).fill(f"{history.day2:%d/%m/%Y}")
    page.get_by_label("To", exact=True).fill(f"{history.day2:%d/%m/%Y}")
    page.get_by_role("button", name="Apply").click()
    assert (
        f"{history.day2:%d/%m/%Y} to {history.day2:%d/%m/%Y}"
        in page.get_by_test_id("dashboard-scope").inner_text()
    )
    assert page.evaluate(CHART_STATE, "ics_per_day")["points"] == 7
    page.get_by_role("link", name="Last 90 days").click()
    assert page.get_by_role("link", name="Last 90 days").get_attribute("aria-current") == "true"

    page.get_by_label("From", exact=True).fill(f"{history.day2:%d/%m/%Y}")
    page.get_by_label("To", exact=True).fill(f"{history.day1:%d/%m/%Y}")
    page.get_by_role("button", name="Apply").click()
    assert "on or before" in page.locator("#error-summary").inner_text()
    assert not errors, errors  # no CSP violation, no script error


def test_sections_not_worked_out_yet_arrive_one_by_one_and_are_drawn(
    page, login, settings, monkeypatch
):
    """With figures kept (as in production) a range nobody opened shows at once, then htmx asks
    for each section and its charts are drawn as it arrives."""
    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.WORKER_WAKE_INLINE = False
    history = df.history()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(factories.head_office_user())
    response = page.goto(f"/reports/?from_date={history.day1}&to_date={history.day2}")
    assert response.text().count("data-pending") == 6  # nothing kept for this range yet
    page.wait_for_function("() => !document.querySelector('[data-pending]')")
    # A section is swapped in before htmx announces it (htmx:load), and only then drawn.
    page.wait_for_function(
        '(keys) => keys.every((k) => Chart.getChart(document.querySelector(`canvas[data-chart="${k}"]`)))',
        arg=list(FIGURES),
    )
    for key in FIGURES:
        state = page.evaluate(CHART_STATE, key)
        assert state["drawn"] and state["width"] > 100, (key, state)
    assert page.evaluate(CHART_STATE, "ics_per_day")["points"] == 7 * 2
    page.locator('[data-dashboard-toggle="turnaround"]').click()  # arrived later, still works
    assert page.get_by_test_id("table-turnaround").is_visible()
    assert not errors, errors
