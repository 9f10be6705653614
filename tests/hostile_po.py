"""PO bytes read as GNU gettext reads them: rows of docs/RELIABILITY.md.

``CASES`` are refusals, run in test_hostile.py (exit 1, one line, nothing changed); ``BEHAVIOUR`` rows
describe what is done with input that is read, each shown by the test it names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from test_hostile import RU, Case


def _cr_line_ends(root: Path) -> None:
    path = root / RU
    text = path.read_text(encoding="utf-8").replace('msgid "Dushanbe"\nmsgstr ""', 'msgid "Dushanbe"\nmsgstr "Душанбе"')
    path.write_bytes(text.replace("\n", "\r").encode("utf-8"))


def _add(text: str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        path = root / RU
        path.write_bytes(path.read_bytes() + b"\n" + text.encode("utf-8"))
    return prepare


_CR = ("carriage return (CR) that is not part of a CRLF line end: gettext does not read CR as a line end, so "
       "this catalog would lose entries; save it with LF line ends")

CASES: list[Case] = [
    Case("PO", "lone CR line ends (gettext reads the file as one comment line)", ("update",), _cr_line_ends,
         f"{RU}:1: {_CR}"),
    Case("PO", "obsolete entry defined twice (msgcat: duplicate message definition)", ("update",),
         _add('#~ msgctxt "gone"\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n\n'
              '#~ msgctxt "gone"\n#~ msgid "Gone"\n#~ msgstr "Ушедшее"\n'),
         f"{RU}:79: duplicate entry (first defined on line 75)"),
    Case("PO", "escapes that are not UTF-8 in a UTF-8 catalog (`Caf\\351`)", ("update",),
         _add('msgctxt "p9"\nmsgid "Cafe"\nmsgstr "Caf\\351"\n'),
         f"{RU}:77: escape sequences in msgstr are not a valid utf-8 byte sequence"),
]

_T = "test_po_gettext.py"
BEHAVIOUR: list[tuple[str, str, str, str, str]] = [
    ("PO", "lone CR line ends", "status",
     "exit 1, `error: <catalog>:1: carriage return (CR) …` on stderr, the other catalogs still counted; never 0/0 "
     "without an error", f"{_T}::test_status_and_update_refuse_a_catalog_with_cr_line_ends"),
    ("PO", "CRLF line ends; a raw CR inside a string", "update",
     "CRLF read as LF; a CR inside a string is a character of the string, as for gettext",
     f"{_T}::test_crlf_line_ends_and_a_cr_inside_a_string_are_read_as_gettext_reads_them"),
    ("PO", "octal and hex escapes (`\"Caf\\303\\251\"`, `\\x4d`, split over continuation lines, in a CP1251 "
           "catalog)", "update",
     "decoded as bytes in the catalog's charset, as msgfmt does (\"Café\"), and written back as the characters, "
     "byte for byte as msgcat writes them", f"{_T}::test_escapes_are_bytes_in_the_catalog_charset"),
    ("PO", "flags other tools set: `c-format`, `python-format`, `range: 0..9`, Weblate's `max-length:100`, "
           "unknown flags", "update",
     "kept on the unit through every update, in msgcat's order and spelling (`#, fuzzy, c-format, python-format, "
     "range: 0..9`), the flags gettext does not know after them; an obsolete entry keeps what msgcat keeps",
     f"{_T}::test_update_keeps_every_flag_in_msgcats_order"),
    ("PO", "`#, no-numbers-check` flag", "update",
     "stays a flag (no longer turned into a translator comment); `silenced` reads it as it reads the comment",
     f"{_T}::test_a_silencing_flag_stays_a_flag_and_still_silences"),
    ("PO", "references written `./documents/a.xml`", "update", "written without the leading `./`, as msgcat does",
     f"{_T}::test_references_lose_their_leading_dot_slash_as_in_msgcat"),
    ("PO", "catalog of 0 bytes, or without a header entry", "update",
     "given the full header `init` writes (Language, Content-Type with charset=UTF-8, Plural-Forms …); "
     "`msgfmt -c` prints no warning", f"{_T}::test_update_gives_a_catalog_without_a_header_the_header_init_writes"),
    ("PO", "obsolete entry with the id of an active unit and other text", "update",
     "kept, as msgcat and msgmerge keep it, with `warning: <catalog>:<line>: obsolete entry 'h1' has the id of a "
     "unit of the document; kept as obsolete`; should the unit's text become the text it translates, it comes "
     "back, not fuzzy, and the other translation becomes obsolete",
     f"{_T}::test_update_keeps_an_obsolete_entry_beside_an_active_one_and_says_so"),
]
