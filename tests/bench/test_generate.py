"""bench/generate.py at a tiny size: the data is what a user of the real system would see."""

from collections import defaultdict
from decimal import Decimal

import pytest
from bench.generate import generate
from django.db.models import Count, F, Max, Min, Sum

from icegate_sandbox.formats import DRN_PATTERN, IRN_PATTERN
from icportal.certificates.models import AppStatus, AssessedBoe, ImportCertificate
from icportal.common.identifiers import normalise_gstin, normalise_pan, parse_iec
from icportal.common.models import Counter
from icportal.documents.models import CertificateDocument
from icportal.entitlements.models import EntitlementAccount, LedgerEntry
from icportal.esanchit.models import Upload
from icportal.members.models import Member, MemberGstin
from icportal.notifications.models import Email

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary():
    return generate(members=40, ics=300, years=5, seed=11, log=lambda *_: None)


def test_numbers_are_gap_free_per_office_and_year_and_counters_agree(summary):
    groups = ImportCertificate.objects.values("office_id", "financial_year").annotate(
        n=Count("id"), low=Min("sequence"), high=Max("sequence")
    )
    assert sum(g["n"] for g in groups) == 300
    for g in groups:
        assert (g["low"], g["high"]) == (1, g["n"]), g
        counter = Counter.objects.get(
            office_id=g["office_id"], financial_year=g["financial_year"], kind="IC"
        )
        assert counter.last_value == g["n"]
    for ic in ImportCertificate.objects.select_related("office")[:50]:
        assert ic.number == f"CLE/{ic.office.code}/IC/{ic.financial_year}/{ic.sequence:06d}"
    assert len({g["financial_year"] for g in groups}) == 5


def test_every_ledger_adds_up_and_never_goes_below_zero(summary):
    for account in EntitlementAccount.objects.all():
        entries = list(LedgerEntry.objects.filter(account=account).order_by("created_at", "id"))
        assert entries[0].kind == "credit"
        running = Decimal(0)
        for entry in entries:
            running += entry.amount
            assert entry.balance_after == running >= 0
        assert account.balance == running
        assert account.credited == entries[0].amount
    debits = LedgerEntry.objects.filter(kind="debit").aggregate(n=Count("id"), total=Sum("amount"))
    assert debits["n"] == 300
    assert -debits["total"] == ImportCertificate.objects.aggregate(v=Sum("value"))["v"]


def test_electronic_ics_with_an_accepted_upload_carry_irn_drn_and_a_mail(summary):
    accepted = Upload.objects.filter(status="accepted").select_related("certificate")
    assert accepted.count() > 200
    for upload in accepted:
        assert upload.certificate.delivery_mode == "electronic"
        assert IRN_PATTERN.fullmatch(upload.irn) and DRN_PATTERN.fullmatch(upload.drn)
        assert Email.objects.filter(dedupe_key=f"ic-uploaded:{upload.pk}", status="sent").exists()
    assert not Upload.objects.exclude(certificate__delivery_mode="electronic").exists()
    signed = CertificateDocument.objects.filter(status="signed")
    assert signed.count() == 300 and all(d.ready for d in signed[:20])


def test_assessed_boes_are_marked_on_their_certificate_and_carry_its_office(summary):
    reported = set(AssessedBoe.objects.values_list("certificate_id", flat=True))
    marked = ImportCertificate.objects.filter(boe_reported_at__isnull=False)
    assert reported == set(marked.values_list("pk", flat=True)) != set()
    assert not AssessedBoe.objects.exclude(office_id=F("certificate__office_id")).exists()
    assert not ImportCertificate.objects.filter(status="cancelled", pk__in=reported).exists()


def test_identifiers_are_valid_and_ics_are_spread_over_the_years(summary):
    for member in Member.objects.all():
        normalise_pan(member.pan)
        assert parse_iec(member.iec).code == member.iec
    for gstin in MemberGstin.objects.all():
        normalise_gstin(gstin.gstin)
    statuses = set(
        ImportCertificate.objects.values_list("application__status", flat=True).distinct()
    )
    assert statuses == {AppStatus.ISSUED}
    per_year = defaultdict(int)
    for fy in ImportCertificate.objects.values_list("financial_year", flat=True):
        per_year[fy] += 1
    assert min(per_year.values()) > 10


def test_every_page_of_the_busiest_member_loads(client, summary):
    from icportal.accounts.models import User

    email = summary.logins[0][1]
    user = User.objects.get(email=email)
    client.force_login(user)
    ic = ImportCertificate.objects.filter(member=user.member).order_by("pk").first()
    account = EntitlementAccount.objects.filter(member=user.member).first()
    for url in [
        "/",
        "/ic/",
        "/ic/?tab=certificates",
        f"/ic/certificates/{ic.slug}/",
        f"/ic/applications/{ic.application.slug}/",
        "/entitlements/",
        f"/entitlements/ledger/{account.pk}/",
        "/members/mine/",
        "/dispatch/",
        "/complaints/",
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    assert user.member.legal_name.encode() in client.get("/members/mine/").content


def test_the_generated_ics_are_found_by_their_supplier_and_their_items(client, summary):
    """The search's word indexes fill as the generator writes (FTS5 triggers, GIN indexes)."""
    from icportal.accounts.models import User

    user = User.objects.get(email=summary.logins[0][1])
    client.force_login(user)
    ic = ImportCertificate.objects.filter(member=user.member).order_by("-issued_at", "-pk").first()
    supplier_word = max(ic.application.supplier_name.split(), key=len)
    item_word = ic.application.items.order_by("line_no").first().description.split()[0]
    for word in (supplier_word, item_word):
        results = client.get("/search/", {"q": word}).context["results"]
        assert ic.pk in {c.pk for c in results.certificates.rows}, word
