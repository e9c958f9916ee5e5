"""Worker task: keep the dashboard's daily roll-ups up to yesterday (and their open days fresh),
and its figures for the preset ranges computed ahead of visits."""

from icportal.common.dates import ist_today
from icportal.common.worker import task

from . import services

SECTIONS_PER_PASS = 2  # a year of all offices takes up to 0.8 s a section; then look again
LOOK_AGAIN_SECONDS = 15  # once no section is due
ROLLUP_OPEN_DAYS_PER_PASS = 3  # open days (something still waiting) built again per pass


@task("reports.dashboard_figures", every=LOOK_AGAIN_SECONDS)
def dashboard_figures(owner: str) -> int:
    rolled = services.dashboard_rollup_catch_up(today=ist_today(), limit=ROLLUP_OPEN_DAYS_PER_PASS)
    done = services.dashboard_figures_refresh(today=ist_today(), limit=SECTIONS_PER_PASS)
    return rolled + done  # work found: the worker runs the task again at once
