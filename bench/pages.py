"""Server time (p50/p95) and queries of the main pages and API lists on a generated database.

    DATABASE_URL=... uv run python bench/pages.py [--runs 30] [--warmup 3] [--only TEXT] [--json FILE]

Uses the database bench/generate.py filled (without DATABASE_URL: var/bench/bench.sqlite3). Each
page is requested in-process with django.test.Client (force_login, DEBUG off): `--warmup` times
unmeasured, then `--runs` timed requests; the queries are counted on one extra request with
CaptureQueriesContext (so counting never slows the timed ones). A page answering anything but 200
is printed as an error and not timed (a search that redirects to the record it found is timed as
is). A page whose first request takes over 5 s is timed 3 times. A "(cold)" page has Django's caches
cleared before each request (warm-ups, timed and counted), as for a range the worker does not keep
computed (a custom range), or with no worker: the dashboard then answers at once and the browser
asks for each section (`/reports/section/<key>/`, timed on its own); `?all=1` computes every figure
in one request (the page without JavaScript).

Each API list (but a search) is also timed deep: its middle page and its last page, by cursor (the
`last` link; the middle one's cursor made from the middle row, as a `next` link would be) and by
`?offset=`; the office queue's last page too. Next to the server (wall) time each line shows the
CPU time of the request in this process (time.process_time): the machine is shared, and wall time
alone counts other processes' work too; the database server's CPU is in neither.

Targets: the member with the most ICs (their user), CHN's scrutiny officer, head office; the middle
IC of that member; search terms: that IC's number (also without its leading zeros), the member's
IEC, the IC's IRN (and its first 10 characters), its invoice number, a Bill of Entry number of the
member, the first word of the member's name, its city, the IC's supplier (a word of it, and part of
a word), an item's word and HS code heading (issue 17 §4: the trigram/full-text indexes or FTS5); the
member's latest complaint and copy request, and CHN's latest complaint with notes and latest copy
request (a detail page without a target in the database is left out).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icportal.config.settings.base")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["STAFF_2FA_REQUIRED"] = "false"  # force_login has no OTP device; measured: the page
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]


def targets() -> dict:
    from django.db.models import Count

    from icportal.accounts.models import Role, User
    from icportal.certificates.models import ImportCertificate
    from icportal.complaints.models import Complaint
    from icportal.dispatch.models import CopyRequest
    from icportal.entitlements.models import EntitlementAccount
    from icportal.esanchit.models import Upload

    top = (
        ImportCertificate.objects.values("member_id").annotate(n=Count("id")).order_by("-n").first()
    )
    if top is None:
        raise SystemExit("No ICs here: run bench/generate.py first")
    member_id = top["member_id"]
    member_user = User.objects.filter(member_id=member_id, is_active=True).order_by("pk").first()
    staff = (
        User.objects.filter(role=Role.STAFF, office__code="CHN", is_active=True)
        .order_by("pk")
        .first()
    )
    head = User.objects.filter(role=Role.HEAD_OFFICE, is_active=True).order_by("pk").first()
    ids = list(
        ImportCertificate.objects.filter(member_id=member_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    middle = ImportCertificate.objects.select_related("member").get(pk=ids[len(ids) // 2])
    upload = (
        Upload.objects.filter(certificate__member_id=member_id, status="accepted")
        .exclude(irn="")
        .order_by("-pk")
        .first()
    )
    account = (
        EntitlementAccount.objects.filter(member_id=member_id).order_by("-financial_year").first()
    )
    complaints = Complaint.objects.order_by("-created_at", "-pk")
    copies = CopyRequest.objects.order_by("-created_at", "-pk")
    office_id = staff.office_id if staff else None
    staff_complaint = (
        complaints.filter(office_id=office_id, notes__isnull=False).first()
        or complaints.filter(office_id=office_id).first()
    )
    return {
        "member": member_user,
        "staff": staff,
        "head": head,
        "certificate": middle,
        "member_ics": top["n"],
        "iec": middle.member.iec,
        "irn": upload.irn if upload else "",
        "name": middle.member.legal_name.split()[0],
        **_word_terms(middle),
        "invoice": middle.application.invoice_no,
        "boe": (
            ImportCertificate.objects.filter(member_id=member_id)
            .exclude(application__boe_no="")
            .values_list("application__boe_no", flat=True)
            .first()
            or ""
        ),
        "account": account.pk if account else 0,
        "member_complaint": complaints.filter(member_id=member_id).first(),
        "staff_complaint": staff_complaint,
        "member_copy": copies.filter(member_id=member_id).first(),
        "staff_copy": copies.filter(office_id=office_id).first(),
    }


def _word_terms(certificate) -> dict:
    """What people remember of an IC (issue 17 §4): its supplier, an item, the firm's city, its
    number without the leading zeros."""
    application = certificate.application
    item = application.items.order_by("line_no").first()
    supplier = application.supplier_name.split() or ["-"]
    prefix, serial = certificate.number.rsplit("/", 1)
    return {
        "supplier": supplier[0],
        "supplier_part": max(supplier, key=len)[1:6].lower(),
        "item_word": item.description.split()[0] if item else "buckles",
        "hs_heading": item.hs_code[:4] if item else "8308",
        "city": certificate.member.city or "Chennai",
        "short_number": f"{prefix}/{int(serial)}",
    }


def pages(t: dict) -> list[tuple[str, str, str]]:
    """(label, who, url)."""
    slug = t["certificate"].slug
    number = t["certificate"].number
    api = "/api/v1"
    details = [
        (f"{label} detail ({who})", who, f"{path}{t[f'{who}_{key}'].slug}/")
        for label, key, path in (
            ("complaint", "complaint", "/complaints/"),
            ("copy request", "copy", "/dispatch/requests/"),
        )
        for who in ("member", "staff")
        if t.get(f"{who}_{key}") is not None
    ]
    return [
        ("member home", "member", "/"),
        ("member IC lists (applications)", "member", "/ic/"),
        ("member IC lists (certificates)", "member", "/ic/?tab=certificates"),
        ("IC detail (member)", "member", f"/ic/certificates/{slug}/"),
        ("IC detail (head office)", "head", f"/ic/certificates/{slug}/"),
        ("member entitlement", "member", "/entitlements/"),
        ("member ledger (busiest account)", "member", f"/entitlements/ledger/{t['account']}/"),
        ("workbench", "staff", "/workbench/"),
        ("office queue (open)", "staff", "/ic/queue/"),
        ("office queue (issued)", "staff", "/ic/queue/?status=issued"),
        ("office queue (all)", "staff", "/ic/queue/?status=all"),
        ("office queue (all, head office)", "head", "/ic/queue/?status=all"),
        ("office queue (issued), last page", "staff", "/ic/queue/?status=issued&page=999999"),
        ("office queue (all, head), last page", "head", "/ic/queue/?status=all&page=999999"),
        ("e-SANCHIT uploads", "staff", "/esanchit/"),
        ("members", "staff", "/members/"),
        ("outbox", "staff", "/outbox/"),
        ("EPC queue", "staff", "/entitlements/epc/"),
        ("reconciliation", "staff", "/ic/reconciliation/"),
        ("complaints", "member", "/complaints/"),
        ("complaints", "staff", "/complaints/"),
        ("complaints (head office)", "head", "/complaints/"),
        ("physical copies", "member", "/dispatch/"),
        ("physical copies", "staff", "/dispatch/"),
        ("physical copies (head office)", "head", "/dispatch/"),
        *details,
        ("search: IC number", "head", f"/search/?q={number}"),
        ("search: IEC", "head", f"/search/?q={t['iec']}"),
        ("search: IRN", "head", f"/search/?q={t['irn']}"),
        ("search: name", "head", f"/search/?q={t['name']}"),
        ("search: name (staff)", "staff", f"/search/?q={t['name']}"),
        ("search: IRN (staff)", "staff", f"/search/?q={t['irn']}"),
        ("search: IRN (member)", "member", f"/search/?q={t['irn']}"),
        ("search: invoice (staff)", "staff", f"/search/?q={quote(t['invoice'])}"),
        ("search: BoE number (staff)", "staff", f"/search/?q={t['boe']}"),
        ("search: supplier (staff)", "staff", f"/search/?q={quote(t['supplier'])}"),
        ("search: supplier (head office)", "head", f"/search/?q={quote(t['supplier'])}"),
        ("search: supplier (member)", "member", f"/search/?q={quote(t['supplier'])}"),
        ("search: part of a supplier word (staff)", "staff", f"/search/?q={t['supplier_part']}"),
        ("search: item word (staff)", "staff", f"/search/?q={quote(t['item_word'])}"),
        ("search: HS code heading (staff)", "staff", f"/search/?q={t['hs_heading']}"),
        ("search: city (staff)", "staff", f"/search/?q={quote(t['city'])}"),
        ("search: IC number without zeros", "head", f"/search/?q={quote(t['short_number'])}"),
        ("search: start of an IRN (staff)", "staff", f"/search/?q={t['irn'][:10]}"),
        # The lists' own search boxes (issue 17 §4): the same words, on the list a person is on.
        *[
            (f"list search: {label}", who, f"{path}{quote(t[key])}")
            for label, who, path, key in (
                ("office queue, supplier (staff)", "staff", "/ic/queue/?status=all&q=", "supplier"),
                ("office queue, item word (head)", "head", "/ic/queue/?status=all&q=", "item_word"),
                ("member ICs, supplier", "member", "/ic/?tab=certificates&q=", "supplier"),
                ("member applications, HS heading", "member", "/ic/?q=", "hs_heading"),
                (
                    "API certificates, supplier (staff)",
                    "staff",
                    f"{api}/certificates/?q=",
                    "supplier",
                ),
                ("API certificates, city (head)", "head", f"{api}/certificates/?q=", "city"),
            )
        ],
        ("dashboard", "head", "/reports/"),
        ("dashboard (staff)", "staff", "/reports/"),
        ("dashboard (cold)", "head", "/reports/"),
        ("dashboard (cold, staff)", "staff", "/reports/"),
        *[
            (f"dashboard section {key} (cold)", "head", f"/reports/section/{key}/")
            for key in ("ics_per_day", "turnaround", "uploads", "entitlement", "complaints")
        ],
        ("dashboard section turnaround (cold)", "staff", "/reports/section/turnaround/"),
        ("dashboard, every figure (cold)", "head", "/reports/?all=1"),
        ("API applications", "member", f"{api}/ic-applications/"),
        ("API applications", "staff", f"{api}/ic-applications/?status=submitted&sort=oldest"),
        ("API applications", "head", f"{api}/ic-applications/"),
        ("API certificates", "member", f"{api}/certificates/"),
        ("API certificates", "staff", f"{api}/certificates/"),
        ("API certificates", "head", f"{api}/certificates/"),
        ("API certificates ?q=IEC", "head", f"{api}/certificates/?q={t['iec']}"),
        ("API members", "staff", f"{api}/members/"),
        ("API members", "head", f"{api}/members/"),
        ("API uploads", "staff", f"{api}/uploads/"),
        ("API uploads", "head", f"{api}/uploads/"),
        ("API entitlements", "member", f"{api}/entitlements/"),
        ("API ledger", "member", f"{api}/entitlements/{t['account']}/ledger/"),
        ("API EPCs", "staff", f"{api}/epcs/"),
        ("API assessed BoEs", "staff", f"{api}/assessed-boes/"),
        ("API overdue BoEs", "staff", f"{api}/assessed-boes/overdue/"),
        ("API complaints", "staff", f"{api}/complaints/"),
        ("API complaints", "head", f"{api}/complaints/"),
        ("API copy requests", "staff", f"{api}/copy-requests/"),
        ("API copy requests", "head", f"{api}/copy-requests/"),
        ("API upload batches", "staff", f"{api}/upload-batches/"),
    ]


def measure(client, url: str, runs: int, warmup: int, *, cold: bool = False) -> dict:
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def clear():
        for cache in caches.all():
            cache.clear()

    cpu: list[float] = []

    def get(timed: list | None = None):
        if cold:
            clear()  # before the clock starts: the page finds no figures kept
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        if timed is not None:
            timed.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        return response

    first: list[float] = []
    response = get(first)
    location = response.get("Location", "")
    # A search for an exact number answers with a redirect to the record: that is the page.
    redirect = response.status_code == 302 and "/search/" in url and "/login" not in location
    if response.status_code != 200 and not redirect:
        return {"status": response.status_code, "location": location}
    if first[0] > 5000:
        runs, warmup = 3, 0
    for _ in range(max(warmup - 1, 0)):
        get()
    times: list[float] = []
    cpu.clear()
    for _ in range(runs):
        get(times)
    if cold:
        clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "status": response.status_code,
        "location": location,
        "p50": statistics.median(times),
        "p95": p95,
        "cpu_p50": statistics.median(cpu),
        "queries": len(ctx.captured_queries),
        "runs": runs,
    }


def _view_queryset(user, url: str):
    """The queryset and request an API list view would page, for `url` as `user`."""
    from django.urls import resolve
    from rest_framework.test import APIRequestFactory, force_authenticate

    raw = APIRequestFactory().get(url, SERVER_NAME="testserver")
    force_authenticate(raw, user=user)
    match = resolve(raw.path)
    view = match.func.view_class(**getattr(match.func, "view_initkwargs", {}))
    view.args, view.kwargs, view.format_kwarg = (), match.kwargs, None
    view.request = view.initialize_request(raw)
    view.request.user  # noqa: B018 (authenticates the forced user)
    return view.get_queryset(), view.request


def deep_pages(client, user, label: str, who: str, url: str) -> list[tuple[str, str, str]]:
    """The middle and last page of an API list by cursor and by offset: (label, who, url)."""
    from django.conf import settings

    from icportal.common import keyset
    from icportal.common.api import Pagination

    body = client.get(url).json()
    count, joiner = body["count"], "&" if "?" in url else "?"
    if count <= 50:
        return []
    queryset, request = _view_queryset(user, url)
    paginator = Pagination()
    paginator.request, paginator.fields = request, keyset.ordering(queryset)
    found = []
    if paginator.fields is not None:
        middle = keyset.order(queryset, paginator.fields)[count // 2 - 1]
        found.append((f"{label}, middle (cursor)", who, paginator.cursor_link(middle)))
        found.append((f"{label}, last (cursor)", who, body["last"]))
    # `?offset=` goes only as deep as API_MAX_OFFSET on a list with a cursor (400 beyond it).
    deepest = count if paginator.fields is None else settings.API_MAX_OFFSET
    middle, last = min(count // 2, deepest), min((count - 1) // 50 * 50, deepest)
    found.append((f"{label}, middle (offset {middle:,})", who, f"{url}{joiner}offset={middle}"))
    if last != middle:
        found.append((f"{label}, last (offset {last:,})", who, f"{url}{joiner}offset={last}"))
    return [(page, person, link.replace("http://testserver", "")) for page, person, link in found]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--json", default="", help="also write the results to this file")
    args = parser.parse_args(argv)
    setup()
    from django.db import connection
    from django.test import Client

    from icportal.certificates.models import ImportCertificate

    t = targets()
    total = ImportCertificate.objects.count()
    print(f"{connection.vendor}: {total:,} ICs; busiest member {t['iec']} with {t['member_ics']:,}")
    print(f"IC {t['certificate'].number}; IRN {t['irn']}; name fragment {t['name']!r}\n")
    clients = {}
    for who in ("member", "staff", "head"):
        clients[who] = Client(raise_request_exception=False)  # a 500 is reported, not raised
        clients[who].force_login(t[who])
    for client in clients.values():  # the first request of a process imports and compiles
        client.get("/")
    if any("dashboard" in label and args.only.lower() in label.lower() for label, *_ in pages(t)):
        from icportal.common.dates import ist_today
        from icportal.reports.services import dashboard_figures_refresh

        started = time.perf_counter()
        n = dashboard_figures_refresh(today=ist_today(), limit=10_000)  # as the worker does
        print(f"dashboard: {n} sections of the preset ranges kept, as the worker keeps them, "
              f"in {time.perf_counter() - started:.1f} s\n")  # fmt: skip
    results = []
    print(f"{'page':<44}{'as':<8}{'p50 ms':>9}{'p95 ms':>9}{'cpu ms':>9}{'queries':>9}")
    listed = []
    for label, who, url in pages(t):
        listed.append((label, who, url))
        if url.startswith("/api/") and "?q=" not in url and "upload-batches" not in url:
            wanted = not args.only or args.only.lower() in label.lower()
            listed += deep_pages(clients[who], t[who], label, who, url) if wanted else []
    for label, who, url in listed:
        if args.only and args.only.lower() not in label.lower():
            continue
        result = measure(clients[who], url, args.runs, args.warmup, cold="(cold" in label)
        results.append({"page": label, "as": who, "url": url, **result})
        if "p50" not in result:
            note = f" → {result['location']}" if result.get("location") else ""
            print(f"{label:<44}{who:<8}   error: HTTP {result['status']}{note}")
        else:
            print(
                f"{label:<44}{who:<8}{result['p50']:>9.1f}{result['p95']:>9.1f}"
                f"{result['cpu_p50']:>9.1f}{result['queries']:>9}"
                + ("  (3 runs)" if result["runs"] == 3 else "")
                + (f"  (302 → {result['location']})" if result["status"] == 302 else "")
            )
        sys.stdout.flush()
    if args.json:
        Path(args.json).write_text(json.dumps({"vendor": connection.vendor, "ics": total,
                                               "results": results}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
