"""Bulk import of members from CSV or XLSX: check everything first, then all or nothing."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

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


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was checked row by row."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in the spreadsheet: header is row 1
    column: str
    value: str
    message: str


def _rows_from_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {exc.start} cannot be read). "
            "In Excel choose Save As → 'CSV UTF-8 (Comma delimited)', or upload the .xlsx."
        ) from exc
    if "\x00" in text:
        raise ImportFileError("The file contains binary data: upload a CSV text file or an .xlsx.")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ImportFileError(f"The CSV cannot be read: {exc}") from exc


def _rows_from_xlsx(content: bytes, formula_cells: list[tuple[int, int]]) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"The .xlsx file cannot be opened: {type(exc).__name__}") from exc
    sheet = workbook.worksheets[0]
    rows = []
    for r_index, row in enumerate(sheet.iter_rows(), start=1):
        values = []
        for c_index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                formula_cells.append((r_index, c_index))
            values.append(cell.value)
        rows.append(values)
        if r_index > settings.MEMBER_IMPORT_MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def read_table(
    filename: str, content: bytes
) -> tuple[list[str], list[tuple[int, list[object]]], list[RowError]]:
    """Header, (row number, values) of each data row and file-level cell errors (formulas).

    Blank rows are skipped but still counted, so row numbers are the ones the spreadsheet shows.
    """
    if len(content) > settings.MEMBER_IMPORT_MAX_BYTES:
        raise ImportFileError(
            f"The file is {len(content) // 1024 // 1024} MB: the limit is "
            f"{settings.MEMBER_IMPORT_MAX_BYTES // 1024 // 1024} MB."
        )
    if not content.strip():
        raise ImportFileError("The file is empty.")
    formula_cells: list[tuple[int, int]] = []
    if content[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(content)):
        rows = _rows_from_xlsx(content, formula_cells)
    elif filename.lower().endswith((".xlsx", ".xls", ".xlsm")):
        raise ImportFileError(
            "This is not a valid .xlsx file. Old .xls files: save as .xlsx first."
        )
    else:
        rows = _rows_from_csv(content)
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(str(v or "").strip() for v in r)]
    if not numbered:
        raise ImportFileError("The file has no rows.")
    header_row, first = numbered[0]
    header = [str(v or "").strip().lower().replace(" ", "_") for v in first]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s): {', '.join(unknown)}")
        raise ImportFileError(
            "The first row must name the columns — "
            + "; ".join(parts)
            + f". Expected: {', '.join(COLUMNS)}."
        )
    if len(set(header)) != len([h for h in header if h]):
        raise ImportFileError("A column is named twice in the first row.")
    data = numbered[1:]
    if not data:
        raise ImportFileError("The file has column names but no members below them.")
    if len(data) > settings.MEMBER_IMPORT_MAX_ROWS:
        raise ImportFileError(
            f"The file has more than {settings.MEMBER_IMPORT_MAX_ROWS:,} rows: split it."
        )
    cell_errors = [
        RowError(
            row=r,
            column=header[c] if c < len(header) else f"column {c + 1}",
            value="",
            message="Cell holds a spreadsheet formula: paste values only",
        )
        for r, c in formula_cells
        if r > header_row
    ]
    return header, data, cell_errors


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
            if isinstance(value, str) and value.lstrip().startswith("="):
                errors.append(
                    RowError(index, column, value[:40], "Cell starts with '=': remove the formula")
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
                RowError(index, "iec", member.iec, f"Same IEC as row {seen_iec[member.iec]}")
            )
        seen_iec.setdefault(member.iec, index)
        for gstin in member.gstins:
            if gstin in seen_gstin and seen_gstin[gstin] != index:
                errors.append(
                    RowError(index, "gstins", gstin, f"Same GSTIN as row {seen_gstin[gstin]}")
                )
            seen_gstin.setdefault(gstin, index)
    existing_iecs = set(Member.objects.filter(iec__in=list(seen_iec)).values_list("iec", flat=True))
    existing_gstins = set(
        MemberGstin.objects.filter(gstin__in=list(seen_gstin)).values_list("gstin", flat=True)
    )
    for index, member in valid:
        if member.iec in existing_iecs:
            errors.append(
                RowError(index, "iec", member.iec, "A member with this IEC already exists")
            )
        for gstin in member.gstins:
            if gstin in existing_gstins:
                errors.append(
                    RowError(index, "gstins", gstin, "This GSTIN already belongs to a member")
                )
    errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    return [m for _, m in valid], errors
