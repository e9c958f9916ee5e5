"""ISO 3166 alpha-2 country codes with English names (from phonenumbers' region data)."""

from functools import cache

import phonenumbers
from phonenumbers import geocoder


@cache
def countries() -> dict[str, str]:
    names = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        if region in ("001", "XK"):
            continue
        example = phonenumbers.example_number(region)
        name = geocoder.country_name_for_number(example, "en") if example else ""
        names[region] = name or region
    return dict(sorted(names.items(), key=lambda kv: kv[1]))


def country_name(code: str) -> str:
    return countries().get((code or "").upper(), code or "")
