"""Office staff pages: the IC queue, actions on an application or certificate, BoE reconciliation.

Each POST view parses the form, calls one service and redirects back with a message; the services
check the officer's office and the application's state, so a refused action changes nothing.
"""

from .application import (
    assign,
    charge,
    query,
    reject,
    staff_panel,
    urgent,
    urgent_decline,
)
from .certificate import replace
from .confirm import cancel, issue, urgent_approve
from .queue import queue
from .reconciliation import boe_copy, boe_list, boe_review

__all__ = [
    "assign",
    "boe_copy",
    "boe_list",
    "boe_review",
    "cancel",
    "charge",
    "issue",
    "query",
    "queue",
    "reject",
    "replace",
    "staff_panel",
    "urgent",
    "urgent_approve",
    "urgent_decline",
]
