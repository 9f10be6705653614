"""Datelines as press offices write them, in English and in Russian.

A dateline is a paragraph that is only a date, with the place it was issued in before or after it
and a weekday before the date, all optional:

    Moscow, 26 September 2023            26 сентября 2023 г.
    Moscow, Tuesday, September 26, 2023  Москва, 26 сентября 2023 года
    26 September 2023, Moscow            26.09.2023 г., г. Москва
    MOSCOW, Sept. 26, 2023               2023-09-26

Month names are English (full or abbreviated: "Sep", "Sept.") or Russian (genitive as datelines
use them, "сентября"; nominative, "сентябрь"; abbreviated, "сент."); a year may be followed by
"г." or "года". A paragraph shaped as a dateline whose date cannot be (31 September, a weekday the
date does not fall on) is a :class:`DatelineError`, not "no date": the text is wrong and says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

# The forms the importer understands, as ``import --help`` and its messages show them.
FORMS = ("Moscow, 26 September 2023", "Moscow, September 26, 2023", "26 September 2023, Moscow", "26.09.2023",
         "2023-09-26", "Москва, 26 сентября 2023 г.", "Москва, вторник, 26 сентября 2023 года")


def _numbered(groups: tuple[tuple[str, ...], ...], start: int) -> dict[str, int]:
    """Each name of each group, lower-case, and the group's number."""
    return {name: number for number, names in enumerate(groups, start=start) for name in names}


# Month names: English, then Russian genitive, nominative and abbreviated (matched with or without a dot).
_MONTH_NAMES = _numbered((
    ("january", "jan", "января", "январь", "янв"), ("february", "feb", "февраля", "февраль", "февр", "фев"),
    ("march", "mar", "марта", "март", "мар"), ("april", "apr", "апреля", "апрель", "апр"), ("may", "мая", "май"),
    ("june", "jun", "июня", "июнь", "июн"), ("july", "jul", "июля", "июль", "июл"),
    ("august", "aug", "августа", "август", "авг"), ("september", "sep", "sept", "сентября", "сентябрь", "сент", "сен"),
    ("october", "oct", "октября", "октябрь", "окт"), ("november", "nov", "ноября", "ноябрь", "нояб", "ноя"),
    ("december", "dec", "декабря", "декабрь", "дек")), start=1)
_WEEKDAY_NAMES = _numbered((  # Monday is 0, as date.weekday() counts
    ("monday", "mon", "понедельник"), ("tuesday", "tue", "tues", "вторник"), ("wednesday", "wed", "среда"),
    ("thursday", "thu", "thur", "thurs", "четверг"), ("friday", "fri", "пятница"), ("saturday", "sat", "суббота"),
    ("sunday", "sun", "воскресенье")), start=0)


def _alternation(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))  # the longest first: "марта" before "мар"


_MONTH = rf"(?P<month>{_alternation(_MONTH_NAMES)})\.?"
_WEEKDAY = rf"(?:{_alternation(_WEEKDAY_NAMES)})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?:\s*(?:года|год|г\.?)(?!\w))?"
# A place: up to three words of letters (with inner hyphens, dots, apostrophes: "Nur-Sultan", "St.", "г."),
# one comma at most inside ("Bishkek, Kyrgyzstan"); never a weekday, which would be read as one.
_WORD = r"[^\W\d_](?:[^\W\d_]|['’.-])*"
_SEGMENT = rf"(?!{_WEEKDAY}(?!\w))(?:{_WORD})(?:\s+{_WORD}){{0,2}}"
_PLACE = rf"{_SEGMENT}(?:,\s*{_SEGMENT})?"
_SEP = r"(?:\s*,\s*|\s+[–—-]\s+)"
_CORES = (
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 26 September 2023, 26 сентября 2023 г.
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # September 26, 2023
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?:\s*(?:года|год|г\.?)(?!\w))?",  # 26.09.2023
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})",  # 2023-09-26
)


@cache  # compiled on the first import: every other command starts without them
def _patterns() -> list[re.Pattern[str]]:
    return [re.compile(rf"(?:(?P<before>{_PLACE}){_SEP})?(?:(?P<weekday>{_WEEKDAY}),?\s+)?{core}"
                       rf"(?:{_SEP}(?P<after>{_PLACE}))?\.?", re.IGNORECASE) for core in _CORES]

# What a dateline the patterns cannot read still has: a year, or a numeric date.
_DATE_LIKE = re.compile(r"(?<!\d)(?:\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(?!\d)")
_LONGEST = 120  # characters: a paragraph longer than this is no dateline, whatever its start and end
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: the date, and the place when it names one."""

    date: dt.date
    place: str | None = None


class DatelineError(ValueError):
    """A paragraph written as a dateline whose date cannot be; the message says why."""


def parse_dateline(text: str) -> Dateline | None:
    """The dateline ``text`` is, or None when it is not one.

    Raises :class:`DatelineError` for a dateline whose date does not exist or falls on another weekday.
    """
    text = " ".join(text.split())
    if len(text) > _LONGEST:
        return None
    for pattern in _patterns():
        match = pattern.fullmatch(text)
        if match:
            return Dateline(_date(match, text), _place(match["before"] or match["after"]))
    return None


def resembles_dateline(text: str) -> bool:
    """Whether a paragraph that is no dateline looks like a mistyped one: short, with a year or a numeric date."""
    return len(text) <= 60 and len(text.split()) <= 8 and _DATE_LIKE.search(text) is not None


def _number(value: str, names: dict[str, int]) -> int:
    return int(value) if value.isdigit() else names[value.casefold().rstrip(".")]


def _date(match: re.Match[str], text: str) -> dt.date:
    year, month, day = int(match["year"]), _number(match["month"], _MONTH_NAMES), int(match["day"])
    if year < 1:
        raise DatelineError(f'"{text}" is not a date: there is no year 0')
    if not 1 <= month <= 12:
        raise DatelineError(f'"{text}" is not a date: there is no month {month}')
    length = calendar.monthrange(year, month)[1]
    if not 1 <= day <= length:
        raise DatelineError(f'"{text}" is not a date: {_MONTHS_EN[month - 1]} {year} has {length} days')
    date = dt.date(year, month, day)
    weekday = match["weekday"]
    if weekday is not None and _number(weekday, _WEEKDAY_NAMES) != date.weekday():
        raise DatelineError(f'"{text}" says {weekday.rstrip(".")}, but {date.isoformat()} is a '
                            f"{_WEEKDAYS_EN[date.weekday()]}")
    return date


def _place(text: str | None) -> str | None:
    """The place a dateline names, without the Russian "г." (город, city) before it."""
    if text is None:
        return None
    place = re.sub(r"^г\.\s*", "", text.strip(), flags=re.IGNORECASE)
    return (place.title() if place.isupper() else place) or None  # MOSCOW, as datelines often set it
