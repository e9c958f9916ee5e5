"""Writes for IC applications and certificates, one transaction each (see the submodules)."""

from .applications import (
    application_clone,
    application_create,
    application_save,
    application_submit,
    application_withdraw,
    attachment_add,
    query_reply,
)
from .changes import certificate_cancel, certificate_replace
from .issue import (
    certificate_issue,
    delivery_mode_for,
    issue_refusals,
    urgent_approve,
    urgent_decline,
    urgent_request,
)
from .reconciliation import boe_adjust, boe_report
from .scrutiny import (
    application_assign,
    application_note_add,
    application_reject,
    charge_record,
    query_raise,
)
from .urgency import application_mark_urgent

__all__ = [
    "application_assign",
    "application_clone",
    "application_create",
    "application_mark_urgent",
    "application_note_add",
    "application_reject",
    "application_save",
    "application_submit",
    "application_withdraw",
    "attachment_add",
    "boe_adjust",
    "boe_report",
    "certificate_cancel",
    "certificate_issue",
    "certificate_replace",
    "charge_record",
    "delivery_mode_for",
    "issue_refusals",
    "query_raise",
    "query_reply",
    "urgent_approve",
    "urgent_decline",
    "urgent_request",
]
