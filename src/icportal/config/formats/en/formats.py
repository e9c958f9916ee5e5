"""Dates as Indian readers write them, in every language: 07/12/2026, 07/12/2026 19:30 (IST)."""

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
# ISO (URLs, API) and dd/mm/yyyy; never Django's English mm/dd/yyyy.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
# Rupees are grouped in lakh and crore by common.display, not by Django's NUMBER_GROUPING.
NUMBER_GROUPING = 3
