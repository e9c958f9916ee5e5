"""ISO 3166-1 alpha-2 country codes with current English names, from pycountry (ISO's own list).

The stored value is always the alpha-2 code; the name is for display only, so a country renamed
by ISO (Swaziland → Eswatini) shows its new name on old records too.
"""

import unicodedata
from functools import cache

import pycountry

# Codes the phone-number library offered before ISO's list was used (parts of ISO's SH): kept
# readable on old records, no longer offered.
_RETIRED = {"AC": "Ascension Island", "TA": "Tristan da Cunha"}


def _sort_key(name: str) -> str:
    """ "Åland Islands" sorts with the A's, not after "Zimbabwe"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@cache
def countries() -> dict[str, str]:
    """{code: name}, sorted by name; the short common name where ISO's is formal
    ("Bolivia", not "Bolivia, Plurinational State of")."""
    names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    return dict(sorted(names.items(), key=lambda kv: _sort_key(kv[1])))


def country_name(code: str) -> str:
    code = (code or "").upper()
    return countries().get(code) or _RETIRED.get(code) or code
