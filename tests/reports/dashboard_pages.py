"""Reading the dashboard page in tests: its tables as rows of cell texts, and its chart JSON."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

URL = "/reports/"
FIGURES = (
    "ics_per_day",
    "turnaround",
    "upload_outcomes",
    "rejection_causes",
    "entitlement",
    "complaint_findings",
    "complaint_causes",
    "icegate",
)


class _Tables(HTMLParser):
    """Every <table data-testid=…> of a page as rows of cell texts (header, body and footer)."""

    def __init__(self):
        super().__init__()
        self.tables, self._rows, self._cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid"):
            self._rows = self.tables.setdefault(attrs["data-testid"], [])
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def charts(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="dashboard-charts" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def row(rows, first_cell) -> list:
    return next(r for r in rows if r and r[0] == first_cell)


def sections_asked_for(client, response) -> list:
    """What the browser does next: GET every section the page left to htmx (`hx-get`)."""
    urls = re.findall(r'hx-get="([^"]+)"', response.content.decode())
    answers = [client.get(html.unescape(url)) for url in urls]
    assert all(answer.status_code == 200 for answer in answers)
    return answers


def tables_as_shown(client, response) -> dict[str, list[list[str]]]:
    """The page's tables once every section it asked for has arrived."""
    shown = tables(response)
    for answer in sections_asked_for(client, response):
        shown.update(tables(answer))
    return shown
