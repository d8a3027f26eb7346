"""The values a case is made of: cleaned text, A-numbers, real dates, state codes, ZIP codes.

Each normalizer accepts what people type and returns one canonical form, or raises a
pydantic error whose code the case's messages translate (``errors.<code>`` in the catalogs).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

MAX_AGE_YEARS = 120
DATE_RANGE = (1900, 2100)

# ---------------------------------------------------------------- cleaned input

# Bidi overrides and zero-width characters can disguise a name (SECURITY.md INP-1).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any) -> Any:
    """Normalize text: NFC, no NUL, bidi, zero-width or control characters, trimmed.

    >>> clean_text("  Ana\\u202e  ")
    'Ana'
    >>> clean_text("a\\x00b")
    'ab'
    """
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)
    value = _INVISIBLE.sub("", value)
    value = _CONTROL.sub(" ", value)
    return value.strip()


def _text(max_length: int):
    return Annotated[
        str, BeforeValidator(clean_text), StringConstraints(min_length=1, max_length=max_length)
    ]


Name = _text(200)
ShortText = _text(200)
LongText = _text(5000)

# ---------------------------------------------------------------- A-numbers

_A_NUMBER = re.compile(r"^[Aa]?(\d{8,9})$")


def normalize_a_number(value: Any) -> Any:
    """Normalize an A-number to ``A`` plus 9 digits, or raise a clear error.

    8-digit numbers take a leading zero (DOMAIN.md section 5).

    >>> normalize_a_number("A12345678")
    'A012345678'
    >>> normalize_a_number("A 012 345 678")
    'A012345678'
    >>> normalize_a_number("012-345-678")
    'A012345678'
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("a_number", "not an A-number")
    compact = re.sub(r"[\s.\-]", "", clean_text(value))
    if compact == "":
        return None
    match = _A_NUMBER.match(compact)
    if not match:
        raise PydanticCustomError("a_number", "not an A-number")
    return "A" + match.group(1).zfill(9)


ANumber = Annotated[str | None, BeforeValidator(normalize_a_number)]

# ---------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: Any) -> Any:
    """Accept a real calendar date, as a date or as ``YYYY-MM-DD`` text.

    >>> parse_date("2020-02-29")
    datetime.date(2020, 2, 29)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not DATE_RANGE[0] <= value.year <= DATE_RANGE[1]:
            raise PydanticCustomError("date_range", "date out of range")
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("date_impossible", "no such date") from None
        return parse_date(parsed)
    raise PydanticCustomError("date_format", "not a date")


def _birth_date(value: date | None) -> date | None:
    if value is None:
        return None
    today = date.today()
    if value > today:
        raise PydanticCustomError("dob_future", "date of birth in the future")
    if (today.year - value.year) > MAX_AGE_YEARS:
        raise PydanticCustomError("dob_too_old", "date of birth too long ago")
    return value


Day = Annotated[date | None, BeforeValidator(parse_date)]
BirthDay = Annotated[date | None, BeforeValidator(parse_date), AfterValidator(_birth_date)]

# ---------------------------------------------------------------- states

US_STATES: tuple[str, ...] = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI MP AS"
).split()


def _state(value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().upper() not in US_STATES:
        raise PydanticCustomError("state", "not a state code")
    return value.strip().upper()


State = Annotated[str | None, BeforeValidator(_state)]

# ---------------------------------------------------------------- ZIP codes

_ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$")


def normalize_zip(value: Any) -> Any:
    """A ZIP code as its 5 digits; ZIP+4 is cut to the first 5.

    >>> normalize_zip("78704-1234"), normalize_zip(" 02134 "), normalize_zip(78704)
    ('78704', '02134', '78704')

    A number below 10000 is refused: a YAML file reads ``02134`` without quotes as another
    number (octal), so such ZIP codes must be written in quotes.
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 10000:
            raise PydanticCustomError("zip_quotes", "a ZIP code starting with 0 needs quotes")
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("zip", "not a ZIP code")
    compact = re.sub(r"\s", "", clean_text(value))
    if compact == "":
        return None
    match = _ZIP.match(compact)
    if not match:
        raise PydanticCustomError("zip", "not a ZIP code")
    return match.group(1)


Zip = Annotated[str | None, BeforeValidator(normalize_zip)]
