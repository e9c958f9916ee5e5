"""Reading an uploaded CSV or XLSX table safely: UTF-8 only, formulas found, size and row limits.

Shared by the member import and the IC item-lines upload. Nothing here knows what the rows mean:
callers check the values and report problems by the row numbers the spreadsheet shows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field


class TableFileError(Exception):
    """The file as a whole cannot be read; nothing was checked row by row."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, values)
    formula_cells: list[tuple[int, str]] = field(default_factory=list)  # (row, column name)

    def records(self) -> list[tuple[int, dict[str, object]]]:
        """Each data row as {column: value}, keeping its spreadsheet row number."""
        return [
            (
                number,
                {
                    self.header[i]: values[i]
                    for i in range(min(len(self.header), len(values)))
                    if self.header[i]
                },
            )
            for number, values in self.rows
        ]


def looks_like_formula(value: object) -> bool:
    """A CSV cell a spreadsheet would run as a formula if the file were opened again."""
    return isinstance(value, str) and value.lstrip().startswith("=")


def _rows_from_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableFileError(
            f"The file is not UTF-8 text (byte {exc.start} cannot be read). "
            "In Excel choose Save As → 'CSV UTF-8 (Comma delimited)', or upload the .xlsx."
        ) from exc
    if "\x00" in text:
        raise TableFileError("The file contains binary data: upload a CSV text file or an .xlsx.")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise TableFileError(f"The CSV cannot be read: {exc}") from exc


def _rows_from_xlsx(
    content: bytes, formula_cells: list[tuple[int, int]], max_rows: int
) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableFileError(f"The .xlsx file cannot be opened: {type(exc).__name__}") from exc
    sheet = workbook.worksheets[0]
    rows = []
    for r_index, row in enumerate(sheet.iter_rows(), start=1):
        values = []
        for c_index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                formula_cells.append((r_index, c_index))
            values.append(cell.value)
        rows.append(values)
        if r_index > max_rows + 1:
            break
    workbook.close()
    return rows


def read_table(
    filename: str,
    content: bytes,
    *,
    columns: Sequence[str],
    required: Collection[str],
    max_bytes: int,
    max_rows: int,
    noun: str = "rows",
) -> Table:
    """The first non-blank row names the columns; blank rows are skipped but still counted.

    `noun` names what the rows are in messages ("members", "item lines").
    """
    if len(content) > max_bytes:
        raise TableFileError(
            f"The file is {len(content) // 1024 // 1024} MB: the limit is "
            f"{max_bytes // 1024 // 1024} MB."
        )
    if not content.strip():
        raise TableFileError("The file is empty.")
    formula_positions: list[tuple[int, int]] = []
    if content[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(content)):
        rows = _rows_from_xlsx(content, formula_positions, max_rows)
    elif filename.lower().endswith((".xlsx", ".xls", ".xlsm")):
        raise TableFileError("This is not a valid .xlsx file. Old .xls files: save as .xlsx first.")
    else:
        rows = _rows_from_csv(content)
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(str(v or "").strip() for v in r)]
    if not numbered:
        raise TableFileError("The file has no rows.")
    header_row, first = numbered[0]
    header = [str(v or "").strip().lower().replace(" ", "_") for v in first]
    missing = sorted(set(required) - set(header))
    unknown = [h for h in header if h and h not in columns]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s): {', '.join(unknown)}")
        raise TableFileError(
            "The first row must name the columns — "
            + "; ".join(parts)
            + f". Expected: {', '.join(columns)}."
        )
    if len(set(header)) != len([h for h in header if h]):
        raise TableFileError("A column is named twice in the first row.")
    data = numbered[1:]
    if not data:
        raise TableFileError(f"The file has column names but no {noun} below them.")
    if len(data) > max_rows:
        raise TableFileError(f"The file has more than {max_rows:,} rows: split it.")
    formula_cells = [
        (r, header[c] if c < len(header) else f"column {c + 1}")
        for r, c in formula_positions
        if r > header_row
    ]
    return Table(header=header, rows=data, formula_cells=formula_cells)
