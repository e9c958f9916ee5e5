"""Every word a person reads in a template is marked for translation (issue 18).

Takes each template of the portal, removes what is marked (`{% translate %}`, `{% blocktranslate %}`),
template code, comments, scripts, styles and tags, and fails on any text left with letters in it,
unless every word is an identifier people use as it is (IC, DRN, ICEGATE …). The visible attributes
(title, aria-label, placeholder, alt) are read the same way. A line that must stay as it is ends
with `{# notrans #}` (say why nearby).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parents[2] / "src" / "icportal"
TEMPLATES = sorted(
    p for p in APPS.glob("*/templates/**/*") if p.suffix in {".html", ".txt"} and p.is_file()
)
# Said the same way in Hindi at the port: identifiers, scheme names, file types, units.
AS_IS = {
    *[
        "IC",
        "ICs",
        "IRN",
        "DRN",
        "IEC",
        "GSTIN",
        "GSTN",
        "ICEGATE",
        "PAN",
        "HS",
        "BoE",
        "DSC",
        "PDF",
        "CSV",
        "XLSX",
        "JSON",
        "API",
        "EPC",
        "DFIS",
    ],
    *[
        "OTP",
        "IST",
        "CLE",
        "icportal",
        "URL",
        "ID",
        "IDs",
        "PIN",
        "ITC",
        "CTH",
        "ISO",
        "UTC",
        "HTTP",
        "HTTPS",
        "SMTP",
        "XML",
        "TOTP",
        "UPI",
    ],
    *[
        "e-SANCHIT",
        "SANCHIT",
        "DRN/IRN",
        "IRN/DRN",
        "PDF/A",
        "B-LT",
        "B-LTA",
        "B-T",
        "B-B",
        "PAdES",
        "Swagger",
        "Redoc",
    ],
    *["₹", "INR", "kg", "KGS", "NOS", "PCS", "SQF", "SQM", "MTR", "PRS"],
}
MARKED = [
    re.compile(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}"),  # one line only: Django prints a comment that spans lines
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
]
HTML_ONLY = [
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
    re.compile(r"<svg\b.*?</svg>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
]
VISIBLE_ATTRIBUTE = re.compile(
    r"""\b(title|aria-label|placeholder|alt)\s*=\s*(["'])(.*?)\2""", re.S
)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&#?\w+;")
WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


def _blank(match: re.Match) -> str:
    """Keep the line count: a removed block leaves its newlines."""
    return "\n" * match.group(0).count("\n") + " "


def unmarked(text: str, html: bool) -> list[tuple[int, str]]:
    lines = [line if "{# notrans #}" not in line else "" for line in text.split("\n")]
    text = "\n".join(lines)
    for pattern in MARKED:
        text = pattern.sub(_blank, text)
    found = []
    if html:
        for pattern in HTML_ONLY:
            text = pattern.sub(_blank, text)
        for match in VISIBLE_ATTRIBUTE.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1, match.group(3)))
        text = TAG.sub(_blank, text)
    text = ENTITY.sub(" ", text)
    found += [(number, line) for number, line in enumerate(text.split("\n"), start=1)]
    return [
        (number, chunk.strip())
        for number, chunk in found
        if any(word.strip(".-'’") not in AS_IS for word in WORD.findall(chunk))
    ]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(APPS)))
def test_template_has_no_unmarked_text(path):
    left = unmarked(path.read_text(), html=path.suffix == ".html")
    assert not left, "\n".join(f"{path.relative_to(APPS)}:{n}: {t}" for n, t in left[:20])


def test_the_check_finds_unmarked_text():
    """The check itself: plain words are found, marked ones and identifiers are not."""
    html = (
        '{% load i18n %}<h1>{% translate "Apply" %}</h1>\n<p title="Open it">IC DRN</p>\n'
        "{% blocktranslate trimmed %}Hello {{ name }}{% endblocktranslate %}\n<p>Plain words</p>"
    )
    assert unmarked(html, html=True) == [(2, "Open it"), (4, "Plain words")]
