"""Country of origin: ISO 3166-1 codes with today's English names (not a phone library's regions)."""

import pycountry

from icportal.common.countries import countries, country_name


def test_every_choice_is_an_iso_3166_alpha_2_code_and_every_country_is_offered():
    codes = set(countries())
    iso = {c.alpha_2 for c in pycountry.countries}
    assert codes == iso and len(codes) == 249
    assert not codes & {"AC", "TA", "XK", "001"}  # phone-number regions, not ISO countries


def test_names_are_current_and_short():
    names = countries()
    assert names["SZ"] == "Eswatini" and "Swaziland" not in names.values()
    assert names["TR"] == "Türkiye" and names["MK"] == "North Macedonia"
    assert names["BO"] == "Bolivia" and names["KR"] == "South Korea"
    assert names["CN"] == "China" and names["DE"] == "Germany"


def test_the_list_is_in_alphabetical_order_as_people_read_it():
    names = list(countries().values())
    assert names[0] == "Afghanistan" and names[1] == "Åland Islands"  # not after Zimbabwe
    assert names[-1] == "Zimbabwe"


def test_a_stored_code_shows_its_name_and_an_old_phone_region_stays_readable():
    assert country_name("cn") == "China" and country_name("SZ") == "Eswatini"
    assert country_name("AC") == "Ascension Island"  # stored before; no longer offered
    assert country_name("") == ""
