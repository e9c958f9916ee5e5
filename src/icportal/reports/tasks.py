"""Worker task: keep the dashboard's figures for the preset ranges computed ahead of visits."""

from icportal.common.dates import ist_today
from icportal.common.worker import task

from . import services

SECTIONS_PER_PASS = 2  # a year of all offices takes up to 0.8 s a section; then look again
LOOK_AGAIN_SECONDS = 15  # once no section is due


@task("reports.dashboard_figures", every=LOOK_AGAIN_SECONDS)
def dashboard_figures(owner: str) -> int:
    return services.dashboard_figures_refresh(today=ist_today(), limit=SECTIONS_PER_PASS)
