"""Names, identifiers and reference numbers for synthetic data: valid in form, owned by nobody.

PANs of generated firms start with Z (test factories and demo firms use A), so a generated
database never collides with hand-made rows. IRNs, DRNs and verification codes are a bijective
scramble of the row id: unique by construction, random-looking, no retry loop needed.
"""

from __future__ import annotations

import base64
from decimal import Decimal

from icportal.common.identifiers import normalise_gstin, normalise_pan
from icportal.common.money import format_inr

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # the sandbox's alphabet (formats.RANDOM_ALPHABET)

PLACES = [
    "Anna Salai", "Ambur", "Vaniyambadi", "Ranipet", "Pernambut", "Kanpur", "Agra", "Jalandhar",
    "Tangra", "Jajmau", "Dharavi", "Bantala", "Unnao", "Dewas", "Erode", "Dindigul", "Trichy",
    "Vellore", "Hosur", "Gurgaon", "Faridabad", "Chembur", "Sikandra", "Kalyani", "Shivaji",
    "Ganga", "Yamuna", "Kaveri", "Narmada", "Sri Lakshmi", "Sri Balaji", "Royal", "Imperial",
    "Crescent", "Star", "Diamond", "Golden", "Silver Oak", "Lotus", "Everest", "Himalaya",
    "Deccan", "Coromandel", "Malabar", "Konkan", "Bengal", "Punjab", "Noida", "Madhavaram", "Pallavaram",
]  # fmt: skip
TRADES = [
    "Tanners", "Leather Exports", "Shoe Company", "Footwear", "Leather Crafts", "Saddlery",
    "Gloves", "Shoe Components", "Leathers", "Overseas", "International", "Exim", "Tannery",
    "Leather Goods", "Harness Works", "Trading Company",
]  # fmt: skip
GARMENT_TRADES = ["Leather Garments", "Fashions", "Leather Apparel", "Jackets"]
SUFFIXES = [("Pvt Ltd", "C"), ("Ltd", "C"), ("LLP", "F"), ("& Co", "F"), ("Industries", "P")]
FIRST_NAMES = [
    "Lakshmi", "Mohammed", "Rajesh", "Priya", "Arjun", "Fatima", "Suresh", "Anita", "Karthik",
    "Meena", "Imran", "Sunita", "Vikram", "Deepa", "Harpreet", "Abdul", "Kavita", "Ramesh",
    "Shabnam", "Gopal", "Nandini", "Farhan", "Rekha", "Sanjay",
]  # fmt: skip
LAST_NAMES = [
    "Narayanan", "Irfan", "Kumar", "Sharma", "Gupta", "Banerjee", "Singh", "Khan", "Iyer",
    "Reddy", "Agarwal", "Qureshi", "Mehta", "Das", "Pillai", "Ansari", "Chatterjee", "Verma",
]  # fmt: skip
SUPPLIERS = [
    ("Guangzhou Metal Trims Co", "Baiyun District, Guangzhou", "CN"),
    ("Dongguan Hardware Accessories Ltd", "Houjie Town, Dongguan", "CN"),
    ("Fratelli Bianchi Accessori Srl", "Via Roma 12, Arzignano", "IT"),
    ("Lederzubehör Schmidt GmbH", "Industriestraße 4, Offenbach", "DE"),
    ("Zipper World Co Ltd", "Bang Phli, Samut Prakan", "TH"),
    ("Saigon Buckle Manufacturing", "District 12, Ho Chi Minh City", "VN"),
    ("Istanbul Deri Aksesuar AS", "Zeytinburnu, Istanbul", "TR"),
    ("Busan Fastener Co", "Sasang-gu, Busan", "KR"),
    ("Taipei Snap Button Corp", "Xinzhuang, New Taipei", "TW"),
    ("Porto Componentes Lda", "Rua do Almada 88, Porto", "PT"),
]
OFFICE_STATES = {
    "CHN": "33",
    "DEL": "07",
    "KOL": "19",
    "MUM": "27",
    "KNP": "09",
    "AGR": "09",
    "JAL": "03",
}
OFFICE_CITIES = {
    "CHN": ("Chennai", "Tamil Nadu", "600032", ["INMAA1", "INMAA4", "INENR1"]),
    "DEL": ("New Delhi", "Delhi", "110020", ["INDEL4", "INTKD6", "INPPG6"]),
    "KOL": ("Kolkata", "West Bengal", "700107", ["INCCU1", "INCCU4", "INHAL1"]),
    "MUM": ("Mumbai", "Maharashtra", "400017", ["INNSA1", "INBOM4", "INBOM1"]),
    "KNP": ("Kanpur", "Uttar Pradesh", "208010", ["INCPC6", "INDEL4", "INNSA1"]),
    "AGR": ("Agra", "Uttar Pradesh", "282007", ["INAGR6", "INDEL4", "INNSA1"]),
    "JAL": ("Jalandhar", "Punjab", "144004", ["INJUC6", "INLDH6", "INDEL4"]),
}
SECOND_STATES = ["29", "24", "36", "32", "06", "23"]
UNITS = ["PCS", "KGS", "MTR", "PRS", "SET"]
CURRENCIES = [("USD", 83.2150), ("EUR", 90.4400), ("CNY", 11.5200), ("GBP", 105.1200)]


def pan_for(n: int, holder: str, name: str) -> str:
    """A valid PAN, unique per n (< 6.7 million): Z, two letters, holder type, name letter, serial."""
    first = next((c for c in name.upper() if c in LETTERS), "X")
    pan = (
        f"Z{LETTERS[(n // 259974) % 26]}{LETTERS[(n // 9999) % 26]}{holder}{first}"
        f"{n % 9999 + 1:04d}{LETTERS[(n * 7) % 26]}"
    )
    return pan


def legacy_iec_for(n: int) -> str:
    return f"09{n:08d}"


def check_identifiers(pan: str, gstin: str) -> None:
    """The generator's own identifiers go through the project's validators (spot checks)."""
    normalise_pan(pan)
    normalise_gstin(gstin)


def _scramble(value: int, bits: int) -> int:
    # Multiplying by an odd constant modulo 2**bits and xor-shifting right are both bijections.
    mask = (1 << bits) - 1
    value = (value * 0x9E3779B97F4A7C15) & mask
    value ^= value >> (bits // 2)
    value = (value * 0xBF58476D1CE4E5B9) & mask
    return value ^ (value >> (bits // 3))


def crockford(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, r = divmod(value, 32)
        chars.append(CROCKFORD[r])
    return "".join(reversed(chars))


def irn_for(upload_id: int, ist_day: str) -> str:
    """SBXI + IST date + 10 characters, unique per upload (formats.IRN_PATTERN)."""
    return f"SBXI{ist_day}{crockford(_scramble(upload_id, 50), 10)}"


def drn_for(upload_id: int, ist_day: str) -> str:
    return f"SBXD{ist_day}{crockford(_scramble(upload_id + (1 << 40), 50), 10)}"


def verification_code_for(certificate_id: int) -> str:
    raw = _scramble(certificate_id, 96).to_bytes(12, "big")
    return base64.urlsafe_b64encode(raw).decode()  # 16 characters, like token_urlsafe(12)


def rupees(paise: int) -> str:
    return f"{paise // 100}.{paise % 100:02d}"


def inr(paise: int) -> str:
    """₹12,34,567.89: the project's format_inr, on integer paise."""
    return format_inr(Decimal(paise).scaleb(-2))
