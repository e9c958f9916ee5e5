"""The item lines of an IC application: the formset on the edit page and the CSV/XLSX upload.

The service numbers lines 1…n and says "Line 2: HS code must be…"; these helpers put each message
beside the right field (or the right spreadsheet row), so the member sees where to fix it.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.common.tables import TableFileError, looks_like_formula, read_table

from .validation import UNITS, LineMessage, items_clean

_TEXT = {"class": "form-control"}

ITEM_FIELDS = (
    "eligible_item",
    "description",
    "hs_code",
    "quantity",
    "unit",
    "value_inr",
    "currency",
    "foreign_amount",
    "exchange_rate",
)
UPLOAD_COLUMNS = [
    "item",
    "description",
    "hs_code",
    "quantity",
    "unit",
    "value_inr",
    "currency",
    "foreign_amount",
    "exchange_rate",
]
UPLOAD_REQUIRED = {"item", "description", "hs_code", "quantity", "unit", "value_inr"}
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
UPLOAD_MAX_ROWS = 1000


class ItemSelect(forms.Select):
    """Eligible items; each option carries the item's HS code so app.js can fill it in."""

    def __init__(self, *args, hs_codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hs_codes = hs_codes or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.hs_codes.get(str(value)):
            option["attrs"]["data-hs"] = self.hs_codes[str(value)]
        return option


class ItemLineForm(forms.Form):
    eligible_item = forms.CharField(label=gettext_lazy("Eligible item"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Description (as on the invoice)"),
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )
    hs_code = forms.CharField(
        label=gettext_lazy("HS code"),
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "numeric", "maxlength": 10}),
    )
    quantity = forms.CharField(
        label=gettext_lazy("Quantity"),
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"}),
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit"),
        required=False,
        widget=forms.Select(
            attrs={"class": "form-select"},
            choices=[("", gettext_lazy("Unit"))]
            + [(code, format_lazy("{} ({})", code, name)) for code, name in UNITS.items()],
        ),
    )
    value_inr = forms.CharField(
        label=gettext_lazy("Value (₹)"),
        required=False,
        widget=forms.TextInput(
            attrs={**_TEXT, "inputmode": "decimal", "class": "form-control js-value"}
        ),
    )
    currency = forms.CharField(
        label=gettext_lazy("Currency (optional)"),
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "maxlength": 3, "autocapitalize": "characters"}),
    )
    foreign_amount = forms.CharField(
        label=gettext_lazy("Foreign amount"),
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"}),
    )
    exchange_rate = forms.CharField(
        label=gettext_lazy("Exchange rate"),
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "inputmode": "decimal"}),
    )

    def __init__(self, *args, items=(), totals_url="", **kwargs):
        super().__init__(*args, **kwargs)
        items = list(items)
        self.fields["eligible_item"].widget = ItemSelect(
            attrs={"class": "form-select", "data-hs-fill": "1"},
            choices=[("", _("Choose an item"))]
            + [(str(i.pk), f"{i.name} (HS {i.hs_code})" if i.hs_code else i.name) for i in items],
            hs_codes={str(i.pk): i.hs_code for i in items},
        )
        if totals_url:
            self.fields["value_inr"].widget.attrs.update(
                {
                    "hx-post": totals_url,
                    "hx-trigger": "change",
                    "hx-include": "closest form",
                    "hx-target": "#totals",
                    "hx-swap": "outerHTML",
                }
            )

    def row(self) -> dict:
        data = self.cleaned_data
        return {key: (data.get(key) or "").strip() for key in ITEM_FIELDS}

    def is_blank(self) -> bool:
        row = self.row()
        return not any(row[key] for key in ITEM_FIELDS if key != "unit")


class BaseItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this line")
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


ItemFormSet = forms.formset_factory(
    ItemLineForm, formset=BaseItemFormSet, extra=0, can_delete=True, max_num=UPLOAD_MAX_ROWS
)

BLANK_ROWS = 2


def item_formset(application, *, items, totals_url, data=None, add_rows=0):
    """Saved lines plus blank rows (without JavaScript, "Add a line" re-renders with one more)."""
    kwargs = {"prefix": "items", "form_kwargs": {"items": items, "totals_url": totals_url}}
    if data is None:
        initial = saved_rows(application)
        initial += [{}] * BLANK_ROWS
        return ItemFormSet(initial=initial, **kwargs)
    if add_rows:
        data = data.copy()
        total = int(data.get("items-TOTAL_FORMS") or 0)
        data["items-TOTAL_FORMS"] = str(min(total + add_rows, UPLOAD_MAX_ROWS))
    return ItemFormSet(data, **kwargs)


def saved_rows(application) -> list[dict]:
    """The application's saved lines as the service takes them."""
    return [
        {
            "eligible_item": str(line.eligible_item_id),
            "description": line.description,
            "hs_code": line.hs_code,
            "quantity": f"{line.quantity.normalize():f}",
            "unit": line.unit,
            "value_inr": f"{line.value_inr}",
            "currency": line.currency,
            "foreign_amount": "" if line.foreign_amount is None else f"{line.foreign_amount}",
            "exchange_rate": ""
            if line.exchange_rate is None
            else f"{line.exchange_rate.normalize():f}",
        }
        for line in application.items.all()
    ]


def item_rows(formset) -> tuple[list[dict], list[int]]:
    """The filled-in, not removed lines, and each one's form index (service line n → forms[i])."""
    rows, positions = [], []
    for index, form in enumerate(formset.forms):
        if not form.is_valid() or form.cleaned_data.get("DELETE") or form.is_blank():
            continue
        rows.append(form.row())
        positions.append(index)
    return rows, positions


def line_error(message: str) -> tuple[int, str, str] | None:
    """'Line 2: HS code must be 8 digits…' → (2, 'hs_code', 'HS code must be 8 digits…'): read
    from the message's own line and field (validation.LineMessage), never from its words."""
    if not isinstance(message, LineMessage) or message.line is None:
        return None
    text = message.text
    return message.line, message.field or "description", text[:1].upper() + text[1:]


def apply_item_errors(formset, positions: list[int], messages: list[str]) -> list[str]:
    """Put each 'Line n: …' message beside its field; return the messages about no one line."""
    general = []
    for message in messages:
        parsed = line_error(message)
        if parsed is None or not 1 <= parsed[0] <= len(positions):
            general.append(message)
            continue
        number, field, text = parsed
        formset.forms[positions[number - 1]].add_error(field, text)
    return general


def item_error_summary(formset) -> list[tuple[str, str]]:
    """(anchor id, 'Line 2, HS code: …') for the error summary at the top of the page."""
    summary = []
    for index, form in enumerate(formset.forms):
        for name, errors in form.errors.items():
            field = form[name] if name in form.fields else form["description"]
            label = field.label if name in form.fields else _("line")
            for error in errors:
                where = {"number": index + 1, "label": label, "error": error}
                summary.append(
                    (field.id_for_label, _("Line %(number)s, %(label)s: %(error)s") % where)
                )
    return summary


def money_or_none(value) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number > 0 else None


class ItemsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Item lines (CSV or XLSX)"),
        help_text=format_lazy(
            gettext_lazy(
                "One item per row, columns as described above. At most 2 MB and {rows} rows."
            ),
            rows=f"{UPLOAD_MAX_ROWS:,}",
        ),
        widget=forms.ClearableFileInput(attrs={**_TEXT, "accept": ".csv,.xlsx"}),
        error_messages={"required": gettext_lazy("Choose the CSV or XLSX file to upload")},
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("What should happen to the lines already on the application?"),
        choices=[
            ("replace", gettext_lazy("Replace them with the lines in the file")),
            ("append", gettext_lazy("Keep them and add the lines in the file after them")),
        ],
        initial="replace",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > UPLOAD_MAX_BYTES:
            self.add_error(
                "file",
                _("The file is %(size)s MB: the limit is %(limit)s MB.")
                % {"size": f"{upload.size / 1048576:.1f}", "limit": UPLOAD_MAX_BYTES // 1048576},
            )
            return cleaned
        try:
            table = read_table(
                upload.name,
                upload.read(),
                columns=UPLOAD_COLUMNS,
                required=UPLOAD_REQUIRED,
                max_bytes=UPLOAD_MAX_BYTES,
                max_rows=UPLOAD_MAX_ROWS,
                noun=_("item lines"),
            )
        except TableFileError as exc:
            self.add_error("file", str(exc))
            return cleaned
        problems = [
            row_message(
                row,
                column,
                _("the cell holds a spreadsheet formula — paste values only"),
            )
            for row, column in table.formula_cells
        ]
        rows, numbers = [], []
        for number, record in table.records():
            for column, value in record.items():
                if looks_like_formula(value):
                    problems.append(row_message(number, column, _("remove the formula")))
            row = {key: record.get(key) for key in UPLOAD_COLUMNS}
            row["eligible_item"] = row.pop("item")
            rows.append({k: "" if v is None else v for k, v in row.items()})
            numbers.append(number)
        self.rows, self.row_numbers, self.problems = rows, numbers, problems
        return cleaned


class RowMessage(str):
    """A problem of the uploaded file in the reader's language, knowing its spreadsheet row (and
    column): the list is sorted by row and a formula cell is not reported twice, without reading
    the (translated) words."""

    def __new__(cls, value: str = "", *, row: int = 0, column: str = ""):
        message = super().__new__(cls, value)
        message.row, message.column = row, column
        return message

    def __str__(self):
        return self


def row_message(row: int, column: str, text: str) -> RowMessage:
    """'Row 3, column unit: …' ('Row 3: …' without a column)."""
    where = {"row": row, "column": column, "text": text}
    if column:
        return RowMessage(
            _("Row %(row)s, column %(column)s: %(text)s") % where, row=row, column=column
        )
    return RowMessage(_("Row %(row)s: %(text)s") % where, row=row)


def row_problems(messages: list[str], *, row_numbers: list[int], offset: int) -> list[str]:
    """The service numbers lines 1…n (after `offset` kept lines); the member sees spreadsheet rows."""
    out = []
    for message in messages:
        line = getattr(message, "line", None)
        if line is not None and offset < line <= offset + len(row_numbers):
            out.append(row_message(row_numbers[line - offset - 1], "", message.text))
        else:
            out.append(message)
    return out


_COLUMN_OF_FIELD = {"eligible_item": "item"}  # the service's field → the file's column


def upload_problems(
    form: ItemsUploadForm, *, keep: list[dict], segment_group, eligible: dict
) -> list[str]:
    """Every problem of the file at once, by spreadsheet row: its formula cells and each row's own
    problems (a zero value, an unknown item …). The rows are checked even when formulas were found,
    so a second upload never brings news; a formula cell is not reported twice."""
    problems = list(form.problems)
    if segment_group is not None:
        _, errors = items_clean(keep + form.rows, segment_group=segment_group, eligible=eligible)
        formulas = {(p.row, p.column) for p in form.problems if getattr(p, "column", "")}
        for message in (m for ms in errors.values() for m in ms):
            parsed = line_error(message)
            row = offset_row(parsed[0], form.row_numbers, len(keep)) if parsed else None
            if row is not None and (row, _COLUMN_OF_FIELD.get(parsed[1], parsed[1])) in formulas:
                continue
            problems += row_problems([message], row_numbers=form.row_numbers, offset=len(keep))

    def order(message: str) -> int:
        return getattr(message, "row", 0)

    return sorted(dict.fromkeys(problems), key=order)


def offset_row(line: int, row_numbers: list[int], offset: int) -> int | None:
    """The spreadsheet row of service line `line` (None for a kept line)."""
    if offset < line <= offset + len(row_numbers):
        return row_numbers[line - offset - 1]
    return None


def template_csv(items) -> str:
    """A CSV to fill in: the columns and one example line (the first eligible item)."""
    example = items[0] if items else None
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(UPLOAD_COLUMNS)
    writer.writerow(
        [
            example.name if example else "Buckles",
            "Brass buckles for shoes, 20 mm",
            (example.hs_code if example and example.hs_code else "83089011"),
            "1000",
            "PCS",
            "125000.00",
            "USD",
            "1500.00",
            "83.3333",
        ]
    )
    return "\ufeff" + out.getvalue()
