"""Bulk import of members from CSV or XLSX: check everything first, then all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from icportal.common import tables
from icportal.common.tables import TableFileError, looks_like_formula

from .models import Member, MemberGstin
from .validation import MemberData, member_data_clean, reference_data

COLUMNS = [
    "legal_name",
    "iec",
    "gstins",
    "segments",
    "office_code",
    "gstn_email",
    "gstn_mobile",
    "rcmc_number",
    "rcmc_valid_from",
    "rcmc_valid_to",
    "address",
    "city",
    "state",
    "pincode",
]
REQUIRED_COLUMNS = {"legal_name", "iec", "gstins", "segments", "office_code", "gstn_email"}
TEMPLATE_ROW = [
    "Chennai Leather Garments Pvt Ltd",
    "AAACC1234D",
    "33AAACC1234D1ZJ",
    "LG",
    "CHN",
    "exports@chennaigarments.example",
    "9840012345",
    "CLE/SR/2024/0456",
    "01/04/2024",
    "31/03/2029",
    "12 SIDCO Estate, Ambattur",
    "Chennai",
    "Tamil Nadu",
    "600058",
]


# The shared reader raises this for a file that cannot be read as a whole.
ImportFileError = TableFileError


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in the spreadsheet: header is row 1
    column: str
    value: str
    message: str


def read_table(
    filename: str, content: bytes
) -> tuple[list[str], list[tuple[int, list[object]]], list[RowError]]:
    """Header, (row number, values) of each data row and file-level cell errors (formulas).

    Blank rows are skipped but still counted, so row numbers are the ones the spreadsheet shows.
    """
    table = tables.read_table(
        filename,
        content,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        max_bytes=settings.MEMBER_IMPORT_MAX_BYTES,
        max_rows=settings.MEMBER_IMPORT_MAX_ROWS,
        noun="members",
    )
    cell_errors = [
        RowError(
            row=r,
            column=column,
            value="",
            message=_("Cell holds a spreadsheet formula: paste values only"),
        )
        for r, column in table.formula_cells
    ]
    return table.header, table.rows, cell_errors


def check_rows(
    header: list[str], data: list[tuple[int, list[object]]], cell_errors: list[RowError]
) -> tuple[list[MemberData], list[RowError]]:
    reference = reference_data()
    errors = list(cell_errors)
    formula_rows = {e.row for e in cell_errors}
    valid: list[tuple[int, MemberData]] = []
    for index, values in data:
        raw = {header[i]: values[i] for i in range(min(len(header), len(values))) if header[i]}
        for column, value in raw.items():
            if looks_like_formula(value):
                errors.append(
                    RowError(
                        index, column, value[:40], _("Cell starts with '=': remove the formula")
                    )
                )
                formula_rows.add(index)
        if index in formula_rows:
            continue
        member, row_errors = member_data_clean(raw, **reference)
        for column, messages in row_errors.items():
            for message in messages:
                errors.append(RowError(index, column, str(raw.get(column) or "")[:60], message))
        if member:
            valid.append((index, member))

    seen_iec: dict[str, int] = {}
    seen_gstin: dict[str, int] = {}
    for index, member in valid:
        if member.iec in seen_iec:
            errors.append(
                RowError(
                    index,
                    "iec",
                    member.iec,
                    _("Same IEC as row %(row)s") % {"row": seen_iec[member.iec]},
                )
            )
        seen_iec.setdefault(member.iec, index)
        for gstin in member.gstins:
            if gstin in seen_gstin and seen_gstin[gstin] != index:
                errors.append(
                    RowError(
                        index,
                        "gstins",
                        gstin,
                        _("Same GSTIN as row %(row)s") % {"row": seen_gstin[gstin]},
                    )
                )
            seen_gstin.setdefault(gstin, index)
    existing_iecs = set(Member.objects.filter(iec__in=list(seen_iec)).values_list("iec", flat=True))
    existing_gstins = set(
        MemberGstin.objects.filter(gstin__in=list(seen_gstin)).values_list("gstin", flat=True)
    )
    for index, member in valid:
        if member.iec in existing_iecs:
            errors.append(
                RowError(index, "iec", member.iec, _("A member with this IEC already exists"))
            )
        for gstin in member.gstins:
            if gstin in existing_gstins:
                errors.append(
                    RowError(index, "gstins", gstin, _("This GSTIN already belongs to a member"))
                )
    errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    return [m for _, m in valid], errors
