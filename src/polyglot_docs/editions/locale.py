"""Locale data for editions: language names, official dates, page furniture.

Babel (CLDR) gives language names and month names; the words printed around a
document ("Page 2 of 5", "Draft") are the tool's own gettext catalogs in
``furniture/<lang>.po``; official long-date patterns are in
``furniture/dates.toml`` because CLDR's long dates are not the official style.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_percent

from polyglot_docs.catalogs.po import read_po
from polyglot_docs.catalogs.state import UnitState, message_state


@cache
def _furniture(lang: str) -> dict[str, str]:
    folder = resources.files("polyglot_docs.editions").joinpath("furniture")
    source = folder.joinpath("furniture.pot")
    strings = {m.msgctxt: m.msgid for m in read_po(source.read_bytes(), "furniture.pot").messages if m.msgctxt}
    translated = folder.joinpath(f"{lang}.po")
    if translated.is_file():
        for message in read_po(translated.read_bytes(), f"furniture/{lang}.po").messages:
            if message.msgctxt and message_state(message) is UnitState.TRANSLATED:
                strings[message.msgctxt] = message.msgstr
    return strings


@cache
def _date_styles() -> dict[str, dict[str, object]]:
    data = resources.files("polyglot_docs.editions").joinpath("furniture/dates.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@cache
def _own_name(code: str) -> str:
    name = _locale(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class LocaleInfo:
    """What an edition needs to know about one language."""

    code: str

    @property
    def locale(self) -> Locale:
        return _locale(self.code)

    @property
    def name(self) -> str:
        """The language's name in itself, capitalised: "Русский", "Қазақ тілі"."""
        return _own_name(self.code)

    def name_of(self, other: str) -> str:
        """Another language's name in this language, as Babel gives it."""
        return _locale(other).get_display_name(self.code) or other

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def text(self, key: str, **values: object) -> str:
        template = _furniture(self.code)[key]
        return template.format(**values) if values else template

    def date(self, when: dt.date) -> str:
        style = _date_styles().get(self.code) or _date_styles().get(self.code.split("_")[0])
        if not style:
            return format_date(when, format="long", locale=_locale(self.code))
        pattern = str(style["pattern"])
        months = style.get("months")
        if isinstance(months, list) and len(months) == 12:
            # Quote the override so Babel prints it as written.
            month = str(months[when.month - 1]).replace("'", "''")
            pattern = pattern.replace("MMMM", f"'{month}'")
        return format_date(when, format=pattern, locale=_locale(self.code))

    def percent(self, value: float) -> str:
        return format_percent(value / 100, locale=_locale(self.code))
