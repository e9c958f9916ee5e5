"""`icportal check` (and `check --deploy`): in gateway mode, every active office with an ICEGATE ID
needs its password in ICEGATE_CREDENTIALS. Production has no demo-password fallback, so without
this check the first upload of such an office would fail at night, in the worker."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

from icportal.offices.models import Office

TAG = "icegate"


def offices_without_credentials() -> list[str]:
    """ "CODE (ICEGATE ID)" of the active offices that have no password configured."""
    known = {str(k).upper() for k in (settings.ICEGATE_CREDENTIALS or {})}
    offices = Office.objects.filter(is_active=True).exclude(icegate_id="").order_by("code")
    return [
        f"{o.code} ({o.icegate_id})"
        for o in offices.only("code", "icegate_id")
        if o.icegate_id.upper() not in known
    ]


@register(TAG)
def icegate_credentials_check(app_configs=None, **kwargs):
    if settings.ICEGATE_MODE != "gateway" or settings.ICEGATE_DEMO_CREDENTIALS:
        return []
    try:
        missing = offices_without_credentials()
    except DatabaseError:
        return []  # before `migrate` has made the tables: nothing to check yet
    if not missing:
        return []
    return [
        Error(
            f"No ICEGATE password for {len(missing)} office(s): {', '.join(missing)}.",
            hint=(
                "Set ICEGATE_CREDENTIALS to a JSON object of ICEGATE ID -> password for every "
                "active office (see docs/deployment.md), or set ICEGATE_MODE=manual to upload "
                "by hand. Production never falls back to the demo password."
            ),
            id="icportal.E001",
        )
    ]
