"""Member test data: raw fields as a form, the API or an import row would carry them."""

import csv
import io

from icportal.accounts.services import api_token_create
from icportal.common.identifiers import gstin_for
from icportal.members import services
from icportal.members.models import VerificationMethod
from icportal.members.validation import MemberData, member_data_clean, reference_data
from tests.factories import MemberFactory, make_pan, member_user

STATE_OF_OFFICE = {"CHN": "33", "DEL": "07", "AGR": "09", "KOL": "19", "MUM": "27"}


def member_fields(n: int, *, office_code: str = "CHN", **overrides) -> dict:
    """Valid raw fields of member number n (PAN unique per n); override any field."""
    pan = make_pan(n)
    fields = {
        "legal_name": f"Ambur Footwear {n} Pvt Ltd",
        "iec": pan,
        "gstins": [gstin_for(pan, STATE_OF_OFFICE.get(office_code, "33"))],
        "segments": ["FW"],
        "office_code": office_code,
        "gstn_email": f"exports{n}@firm.example",
        "gstn_mobile": "9840012345",
        "rcmc_number": f"CLE/SR/2024/{n:05d}",
        "rcmc_valid_from": "2024-04-01",
        "rcmc_valid_to": "2029-03-31",
        "address": "12 SIDCO Estate",
        "city": "Chennai",
        "state": "Tamil Nadu",
        "pincode": "600058",
    }
    fields.update(overrides)
    return fields


def member_data(n: int, **overrides) -> MemberData:
    data, errors = member_data_clean(member_fields(n, **overrides), **reference_data())
    assert not errors, errors
    return data


def form_post(fields: dict) -> dict:
    """The member form's POST body for the same fields."""
    return {**fields, "gstins": "\n".join(fields["gstins"])}


def import_row(n: int, **overrides) -> dict:
    fields = member_fields(n, **overrides)
    return {
        **fields,
        "gstins": ";".join(fields["gstins"]),
        "segments": ";".join(fields["segments"]),
        "rcmc_valid_from": "01/04/2024",
        "rcmc_valid_to": "31/03/2029",
    }


def csv_bytes(rows: list[dict], columns: list[str] | None = None, encoding="utf-8") -> bytes:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def claimed(member, user, icegate_id: str):
    return services.icegate_registration_claim(
        by=user, member=member, icegate_id=icegate_id, method="simplified", email="ig@firm.example"
    )


def verified(member, user, staff, icegate_id: str):
    claimed(member, user, icegate_id)
    return services.icegate_registration_verify(
        by=staff, member=member, how=VerificationMethod.ICEGATE_LOOKUP
    )


def verified_members(count: int, staff) -> None:
    """Members with a user and a verified ICEGATE ID: every relation a list page shows."""
    for _ in range(count):
        member = MemberFactory()
        verified(member, member_user(member), staff, f"IG{member.pk:04d}X")


def token_for(user) -> str:
    return api_token_create(user=user, name="Broker software")[1]
