"""Every list page and API list costs the same number of queries for few rows or three times as many.

LISTS names every list route once (with the users who open it); NOT_LISTS names every other route,
so a new route must be put in one of them (test_every_route_is_classified). The world comes from
the data generator (tests/scale_world.py): a firm M with ICs of every kind, applications in every
state, complaints, copy requests, tokens and colleagues, in an office with other firms. Counts are
taken, the world grows (M's rows and its office's about triple, new firms join), counts are taken
again, and must be equal.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from tests import scale_world

pytestmark = pytest.mark.django_db

A = "/api/v1"
LISTS = {
    "accounts:tokens": [("member", "/accounts/tokens/")],
    "accounts:users": [("head", "/accounts/users/")],
    "offices:directory": [("member", "/offices/")],
    "offices:manage": [("head", "/offices/manage/")],
    "members:list": [("staff", "/members/"), ("head", "/members/")],
    "members:mine": [("member", "/members/mine/")],
    "members:detail": [("staff", "/members/{iec}/")],
    "notifications:outbox": [("staff", "/outbox/"), ("head", "/outbox/")],
    "ic_tables:daily_table": [("staff", "/outbox/daily-table/")],
    "ic_tables:ic_table": [("member", "/outbox/ic-table/")],
    "certificates:mine": [("member", "/ic/"), ("member", "/ic/?tab=certificates")],
    "certificates:application": [("member", "/ic/applications/{app}/")],
    "certificates:certificate": [
        ("member", "/ic/certificates/{ic}/"),
        ("staff", "/ic/certificates/{ic}/"),
    ],
    "certificates:queue": [
        ("staff", "/ic/queue/"),
        ("staff", "/ic/queue/?status=issued"),
        ("head", "/ic/queue/?status=all"),
    ],
    "certificates:boe_list": [
        ("staff", "/ic/reconciliation/"),
        ("staff", "/ic/reconciliation/?show=all"),
    ],
    "entitlements:mine": [("member", "/entitlements/")],
    "entitlements:ledger": [("member", "/entitlements/ledger/{account}/")],
    "entitlements:epc_queue": [("staff", "/entitlements/epc/")],
    "entitlements:scheme": [("head", "/entitlements/scheme/")],
    "entitlements:items": [("head", "/entitlements/items/")],
    "esanchit:uploads": [("staff", "/esanchit/"), ("head", "/esanchit/")],
    "esanchit:batches": [("staff", "/esanchit/batches/")],
    "esanchit:batch": [("staff", "/esanchit/batches/{batch}/")],
    "dispatch:index": [("member", "/dispatch/"), ("staff", "/dispatch/")],
    "complaints:index": [("member", "/complaints/"), ("staff", "/complaints/")],
    "complaints:report": [("head", "/complaints/report/")],
    "customs:houses": [("staff", "/customs/houses/"), ("head", "/customs/houses/")],
    "customs:notices": [("staff", "/customs/notices/"), ("head", "/customs/notices/?status=")],
    "api-v1:customs-house-list": [("staff", f"{A}/customs-houses/")],
    "api-v1:customs-notice-list": [("staff", f"{A}/customs-notices/?status=sent")],
    "api-v1:office-list": [("member", f"{A}/offices/")],
    "api-v1:member-list": [("staff", f"{A}/members/"), ("head", f"{A}/members/")],
    "api-v1:token-list": [("member", f"{A}/tokens/")],
    "api-v1:scheme-versions": [("head", f"{A}/scheme/versions/")],
    "api-v1:eligible-item-list": [("member", f"{A}/eligible-items/")],
    "api-v1:epc-list": [("member", f"{A}/epcs/"), ("staff", f"{A}/epcs/")],
    "api-v1:entitlement-list": [("member", f"{A}/entitlements/"), ("staff", f"{A}/entitlements/")],
    "api-v1:entitlement-ledger": [("member", f"{A}/entitlements/{{account}}/ledger/")],
    "api-v1:ic-application-list": [
        ("member", f"{A}/ic-applications/"),
        ("staff", f"{A}/ic-applications/?status=submitted&sort=oldest"),
        ("head", f"{A}/ic-applications/"),
    ],
    "api-v1:ic-application-counts": [("staff", f"{A}/ic-applications/counts/")],
    "api-v1:certificate-list": [
        ("member", f"{A}/certificates/"),
        ("staff", f"{A}/certificates/"),
        ("head", f"{A}/certificates/?q={{iec}}"),
    ],
    "api-v1:assessed-boe-list": [
        ("member", f"{A}/assessed-boes/"),
        ("staff", f"{A}/assessed-boes/"),
    ],
    "api-v1:assessed-boe-overdue": [("staff", f"{A}/assessed-boes/overdue/")],
    "api-v1:upload_list": [("staff", f"{A}/uploads/"), ("head", f"{A}/uploads/")],
    "api-v1:upload_batches": [("staff", f"{A}/upload-batches/")],
    "api-v1:copy-request-list": [
        ("member", f"{A}/copy-requests/"),
        ("staff", f"{A}/copy-requests/"),
    ],
    "api-v1:complaint-list": [("member", f"{A}/complaints/"), ("staff", f"{A}/complaints/")],
}
# Pages being built in issue 8: counted too; a change here is news for the lead.
GROWING = {
    "web:home": [("member", "/")],
    "workbench:index": [("staff", "/workbench/")],
    "search:search": [
        ("staff", "/search/?q="),
        ("staff", "/search/?q={name}"),
        ("head", "/search/?q={name}"),
        ("member", "/search/?q={name}"),
        ("head", "/search/?q={iec}"),
    ],
    "reports:dashboard": [("head", "/reports/"), ("staff", "/reports/")],
    "reports:dashboard_section": [
        ("head", "/reports/section/turnaround/"),
        ("staff", "/reports/section/ics_per_day/"),
    ],
}
NOT_LISTS = {
    # signing in and out, forms and one-record pages
    "accounts:login", "accounts:logout", "accounts:language", "accounts:password_reset", "accounts:password_reset_done",
    "accounts:password_reset_confirm", "accounts:two_factor_setup", "accounts:two_factor_verify",
    "offices:new", "offices:edit", "members:new", "members:edit", "members:icegate_guide",
    "members:import", "members:import_template", "members:import_confirm",
    "notifications:detail", "certificates:apply", "certificates:application_edit",
    "certificates:application_totals", "certificates:application_check", "entitlements:epc_apply",
    "entitlements:epc", "entitlements:item_edit", "documents:check", "documents:verify",
    "dispatch:detail", "dispatch:label", "complaints:detail", "complaints:file", "workbench:job",
    "workbench:job_progress", "api-v1:office-detail", "api-v1:member-detail",
    "api-v1:member-icegate", "api-v1:me", "api-v1:scheme", "api-v1:eligible-item",
    "api-v1:epc-detail", "api-v1:ic-application-detail", "api-v1:certificate-detail",
    "api-v1:copy-request-detail", "api-v1:complaint-detail", "api-v1:verify_code",
    "api-v1:schema", "api-v1:docs",
    "customs:house_new", "customs:house_edit", "api-v1:customs-house-detail",
    "ic_tables:daily_table_version",
    # head office's users pages, backup codes, the favicon (issue 17 §5, §7)
    "accounts:user_detail", "accounts:user_reset_two_factor", "accounts:backup_codes",
    "accounts:user_language",
    "web:favicon",
    # operations: a fixed handful of counts, whatever the size (tests/common/test_healthz.py)
    "healthz", "metrics",
    # actions (POST) and file downloads
    "accounts:user_deactivate", "accounts:token_revoke", "members:icegate_verify",
    "members:icegate_reject", "members:invite", "notifications:resend",
    "certificates:items_upload", "certificates:attachment_add", "certificates:attachment_download",
    "certificates:application_reply", "certificates:application_clone",
    "certificates:application_withdraw", "certificates:application_urgent",
    "certificates:boe_report", "certificates:assign",
    "certificates:query", "certificates:reject", "certificates:charge", "certificates:issue",
    "certificates:urgent", "certificates:urgent_approve", "certificates:urgent_decline",
    "certificates:cancel", "certificates:replace", "certificates:boe_review",
    "certificates:boe_copy", "entitlements:epc_approve", "entitlements:epc_return",
    "entitlements:epc_ca_certificate", "documents:download", "certified_copy", "verify_search",
    "documents:retry", "esanchit:retry", "esanchit:mark_manual", "esanchit:batch_zip",
    "dispatch:request_new", "dispatch:physical_open", "dispatch:approve", "dispatch:decline",
    "dispatch:print", "dispatch:copy_pdf", "dispatch:dispatch", "dispatch:acknowledge",
    "customs:notice_letter", "customs:notice_hand", "customs:notice_send", "customs:letter",
    "api-v1:customs-notice-hand-sent", "api-v1:customs-notice-send",
    "complaints:diagnose", "complaints:assign", "complaints:note", "complaints:escalate",
    "complaints:resolve", "complaints:screenshot", "complaints:ask", "complaints:write",
    "workbench:issue_start", "workbench:issue_confirm",
    "certificates:attachment_preview", "certificates:note_add",  # issue 17 §4
    "workbench:batches_start", "workbench:tables_start", "api-v1:member-icegate-verify",
    "api-v1:member-icegate-reject", "api-v1:token-revoke", "api-v1:epc-approve",
    "api-v1:epc-return", "api-v1:ic-attachments", "api-v1:ic-application-submit",
    "api-v1:ic-application-reply", "api-v1:ic-application-withdraw", "api-v1:ic-application-flag",
    "api-v1:ic-application-clone", "api-v1:ic-application-assign", "api-v1:ic-application-query",
    "api-v1:ic-application-reject", "api-v1:ic-application-charge",
    "api-v1:ic-application-issue", "api-v1:ic-application-urgent", "api-v1:urgent-approve",
    "api-v1:urgent-decline", "api-v1:certificate-cancel", "api-v1:certificate-replace",
    "api-v1:certificate-boe", "api-v1:assessed-boe-review", "api-v1:verify_upload",
    "api-v1:upload_retry", "api-v1:batch_record", "api-v1:batch_zip",
    "api-v1:copy-request-approve", "api-v1:copy-request-decline", "api-v1:copy-request-print",
    "api-v1:copy-request-dispatch", "api-v1:copy-request-acknowledge",
    "api-v1:complaint-diagnose", "api-v1:complaint-assign", "api-v1:complaint-note",
    "api-v1:complaint-escalate", "api-v1:complaint-resolve", "api-v1:complaint-ask",
    "api-v1:complaint-write",
}  # fmt: skip


def _route_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _route_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_route_is_classified():
    names = {
        n
        for n in _route_names(get_resolver().url_patterns)
        if not n.startswith(("admin:", "icegate_sandbox:", "sandbox"))
    }
    assert names - set(LISTS) - set(GROWING) - NOT_LISTS == set(), "classify the new routes"
    assert (set(LISTS) | set(GROWING) | NOT_LISTS) - names == set(), "routes that no longer exist"


def _count(client, url) -> int | str:
    """The number of queries, or why the page cannot be counted."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    redirect = response.status_code == 302 and "/search/" in url  # an exact number opens it
    if response.status_code != 200 and not redirect:
        return f"HTTP {response.status_code}"
    return len(ctx.captured_queries)


def _counts(world, table, clients) -> dict:
    values = scale_world.urls_for(world) if not world.ids else world.ids
    world.ids = values
    counts = {}
    for name, entries in table.items():
        for who, template in entries:
            url = template.format(**values)
            clients[who].get(url)  # sessions, caches and lazily created rows settle first
            counts[(name, who, url)] = _count(clients[who], url)
    return counts


def _changed(client_factory, monkeypatch, table) -> list:
    world = scale_world.build(monkeypatch)
    clients = {}
    for who in ("member", "staff", "head"):
        clients[who] = client_factory()
        clients[who].force_login(world.user(who))
    before = _counts(world, table, clients)
    scale_world.grow(world)
    after = _counts(world, table, clients)
    broken = [(key, before[key], after[key]) for key in before if isinstance(before[key], str)]
    assert broken == [], f"pages that did not answer: {broken}"
    return [(key, before[key], after[key]) for key in before if before[key] != after[key]]


def test_list_pages_and_api_lists_use_constant_queries(client_factory, monkeypatch):
    changed = _changed(client_factory, monkeypatch, LISTS)
    assert changed == [], "queries grew with the data: " + "; ".join(
        f"{who} {url}: {a} → {b}" for (_, who, url), a, b in changed
    )


def test_pages_being_built_use_constant_queries(client_factory, monkeypatch):
    changed = _changed(client_factory, monkeypatch, GROWING)
    assert changed == [], "queries grew with the data: " + "; ".join(
        f"{who} {url}: {a} → {b}" for (_, who, url), a, b in changed
    )


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
