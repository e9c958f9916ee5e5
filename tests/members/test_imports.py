"""Bulk import: every row checked first, then all or nothing."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from icportal.audit.models import AuditEvent, Verb
from icportal.members import services
from icportal.members.imports import COLUMNS, ImportFileError
from icportal.members.models import Member, MemberImport, RegistrationStatus
from tests import factories
from tests.members.factories import csv_bytes, import_row, member_data, xlsx_bytes

pytestmark = pytest.mark.django_db


def check(by, content, filename="members.csv"):
    return services.member_import_check(by=by, filename=filename, content=content)


def problems(errors):
    return [(e.row, e.column, e.message) for e in errors]


def test_clean_csv_imports_every_row(head_office):
    rows = [import_row(100 + n, office_code=code) for n, code in enumerate(["CHN", "DEL", "AGR"])]
    rows[1]["segments"] = "Footwear; LG"
    preview, errors = check(head_office, csv_bytes(rows))
    assert errors == []
    assert preview.row_count == 3
    assert not Member.objects.exists()

    assert services.member_import_confirm(by=head_office, member_import=preview) == 3
    member = Member.objects.get(iec=rows[1]["iec"])
    assert member.office.code == "DEL"
    assert sorted(member.segments.values_list("code", flat=True)) == ["FW", "LG"]
    assert member.primary_gstin == rows[1]["gstins"]
    assert member.rcmc_valid_to == dt.date(2029, 3, 31)
    assert member.icegate_registration.status == RegistrationStatus.NOT_REGISTERED
    assert AuditEvent.objects.filter(verb=Verb.MEMBER_CREATED).count() == 3
    assert AuditEvent.objects.filter(verb=Verb.MEMBERS_IMPORTED).get().payload["count"] == 3


def test_clean_xlsx_with_native_cell_types_imports_every_row(head_office):
    header = COLUMNS
    data = []
    for n in range(3):
        row = import_row(200 + n)
        row.update(
            gstn_mobile=9840012345,
            pincode=600058,
            rcmc_valid_from=dt.datetime(2024, 4, 1),
            rcmc_valid_to=dt.datetime(2029, 3, 31),
        )
        data.append([row[c] for c in header])
    preview, errors = check(head_office, xlsx_bytes([header, *data]), "members.xlsx")
    assert errors == []
    assert services.member_import_confirm(by=head_office, member_import=preview) == 3
    member = Member.objects.get(iec=factories.make_pan(201))
    assert (member.gstn_mobile, member.pincode) == ("+919840012345", "600058")


def test_one_bad_row_imports_nothing_and_names_row_column_and_rule(head_office):
    rows = [import_row(300 + n) for n in range(3)]
    rows[1]["gstins"] = "27AAPFU0939F1ZO"
    rows[2]["gstn_email"] = "not an e-mail"
    preview, errors = check(head_office, csv_bytes(rows))
    assert preview is None
    assert problems(errors) == [
        (3, "gstins", "27AAPFU0939F1ZO: GSTIN check character should be V, not O"),
        (4, "gstn_email", "Enter the e-mail registered with GSTN, like exports@firm.in"),
    ]
    assert errors[0].value == "27AAPFU0939F1ZO"
    assert not MemberImport.objects.exists() and not Member.objects.exists()


def test_row_numbers_are_the_spreadsheets_even_after_blank_lines(head_office):
    good, bad = import_row(310), import_row(311, gstn_email="nope")
    content = csv_bytes([good]) + b"\r\n,,,\r\n" + csv_bytes([bad]).split(b"\r\n", 1)[1]
    _, errors = check(head_office, content)
    assert problems(errors) == [
        (5, "gstn_email", "Enter the e-mail registered with GSTN, like exports@firm.in")
    ]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            ["legal_name", "iec", "segments", "office_code", "gstn_email"],
            "missing column(s): gstins",
        ),
        ([*COLUMNS, "fax"], "unknown column(s): fax"),
        (["Legal Name", "IEC", "gstins", "segments", "office_code", "gstn_email", "iec"], "twice"),
    ],
)
def test_wrong_columns_reject_the_whole_file(head_office, columns, message):
    content = (",".join(columns) + "\n" + ",".join("x" for _ in columns) + "\n").encode()
    with pytest.raises(ImportFileError, match=re.escape(message)):
        check(head_office, content)


def test_non_utf8_bytes_are_refused_with_how_to_save_as_utf8(head_office):
    content = csv_bytes([import_row(330, legal_name="Crème Leathers")], encoding="cp1252")
    with pytest.raises(ImportFileError, match=r"not UTF-8.*CSV UTF-8"):
        check(head_office, content)


def test_utf8_with_bom_and_non_ascii_names_is_fine(head_office):
    content = b"\xef\xbb\xbf" + csv_bytes([import_row(331, legal_name="Crème Leathers")])
    preview, errors = check(head_office, content)
    assert errors == [] and preview.rows[0]["legal_name"] == "Crème Leathers"


def test_xlsx_formula_cell_is_refused(head_office):
    rows = [import_row(340), import_row(341)]
    data = [COLUMNS] + [[r[c] for c in COLUMNS] for r in rows]
    data[2][COLUMNS.index("legal_name")] = "=1+1"
    preview, errors = check(head_office, xlsx_bytes(data), "members.xlsx")
    assert preview is None
    assert (3, "legal_name") in {(e.row, e.column) for e in errors}
    assert all(e.row == 3 for e in errors)
    assert any("formula" in e.message for e in errors)


def test_csv_cell_starting_with_equals_is_refused(head_office):
    row = import_row(350, city='=HYPERLINK("http://evil.example","x")')
    preview, errors = check(head_office, csv_bytes([row]))
    assert preview is None
    assert problems(errors) == [(2, "city", "Cell starts with '=': remove the formula")]


def test_duplicate_iec_within_the_file_and_against_stored_members(head_office):
    existing = factories.MemberFactory()
    rows = [import_row(360), import_row(360), import_row(361)]
    rows[2].update(iec=existing.iec, gstins=factories.gstin_for(existing.iec, "27"))
    _, errors = check(head_office, csv_bytes(rows))
    assert (3, "iec", "Same IEC as row 2") in problems(errors)
    assert (3, "gstins", "Same GSTIN as row 2") in problems(errors)
    assert (4, "iec", "A member with this IEC already exists") in problems(errors)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"  \r\n\r\n", "The file is empty"),
        (b",,,\r\n", "no rows"),
        ((",".join(COLUMNS) + "\r\n").encode(), "no members"),
        (b"PK\x03\x04not really a zip", "not a valid .xlsx"),
    ],
)
def test_files_without_members_are_refused(head_office, content, message):
    with pytest.raises(ImportFileError, match=message):
        check(head_office, content, "members.xlsx" if content.startswith(b"PK") else "m.csv")


def test_ten_thousand_rows_import(head_office):
    content = csv_bytes([import_row(20_000 + n) for n in range(10_000)])
    preview, errors = check(head_office, content)
    assert errors == []
    assert services.member_import_confirm(by=head_office, member_import=preview) == 10_000
    assert Member.objects.count() == 10_000
    assert AuditEvent.objects.filter(verb=Verb.MEMBER_CREATED).count() == 10_000


def test_more_than_twenty_thousand_rows_are_refused(head_office):
    content = (",".join(COLUMNS) + "\n" + "x,y\n" * 20_001).encode()
    with pytest.raises(ImportFileError, match="more than 20,000 rows"):
        check(head_office, content)


def test_confirming_twice_is_refused(head_office):
    preview, _ = check(head_office, csv_bytes([import_row(370)]))
    services.member_import_confirm(by=head_office, member_import=preview)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.member_import_confirm(by=head_office, member_import=preview)
    assert Member.objects.count() == 1


def test_a_member_added_meanwhile_stops_the_whole_import(head_office, staff):
    preview, _ = check(head_office, csv_bytes([import_row(380), import_row(381)]))
    services.member_create(by=staff, data=member_data(381))
    with pytest.raises(ValidationError, match="Someone added these members meanwhile"):
        services.member_import_confirm(by=head_office, member_import=preview)
    assert Member.objects.count() == 1


@pytest.mark.parametrize("who", ["staff", "member_user"])
def test_only_head_office_imports(request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        check(user, csv_bytes([import_row(390)]))


# --- The page ---------------------------------------------------------------------------------


def upload(client, content, name="members.csv"):
    return client.post("/members/import/", {"file": SimpleUploadedFile(name, content)})


def test_import_page_lists_every_problem(client, head_office):
    client.force_login(head_office)
    rows = [import_row(400), import_row(401, iec="AAAXC1234D")]
    html = upload(client, csv_bytes(rows)).content.decode()
    assert "1 problem found — nothing was imported" in html
    assert "<code>iec</code>" in html and "IEC must be the firm" in html


def test_import_page_shows_file_errors(client, head_office):
    client.force_login(head_office)
    response = upload(client, "legal_name;iec\né".encode("cp1252"))
    assert response.status_code == 200
    assert "The file cannot be imported." in response.content.decode()


def test_import_page_preview_then_confirm(client, head_office):
    client.force_login(head_office)
    rows = [import_row(410), import_row(411)]
    response = upload(client, csv_bytes(rows))
    preview = response.context["preview"]
    assert "2 members checked — no problems" in response.content.decode()
    response = client.post(f"/members/import/{preview.pk}/confirm/")
    assert response.status_code == 302
    assert Member.objects.count() == 2
    response = client.post(f"/members/import/{preview.pk}/confirm/", follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert Member.objects.count() == 2


@pytest.mark.parametrize("url", ["/members/import/", "/members/import/template.csv"])
def test_import_pages_are_for_head_office_only(client, staff, url):
    client.force_login(staff)
    assert client.get(url).status_code == 403
