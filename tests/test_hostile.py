"""Hostile and broken input: a one-line error naming the file (and line), exit 1, no traceback, nothing changed.

The cases here are also the rows of docs/RELIABILITY.md (see test_reliability.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import SETTINGS, STATEMENT

DOC = "documents/statement.xml"
RU = "locales/ru/LC_MESSAGES/statement.po"


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    command: tuple[str, ...]
    prepare: Callable[[Path], None]
    expected: str  # the exact error line, without the "error: " prefix


def put(relative: str, data: bytes | str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return prepare


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return prepare


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
BODY = STATEMENT.split("\n", 1)[1]
LAUGHS = HEAD + "<!DOCTYPE document [\n" + '<!ENTITY a0 "ha">\n' + "".join(
    f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">\n' for i in range(1, 10)) + "]>\n<document>&a9;</document>\n"
QUADRATIC = HEAD + '<!DOCTYPE document [<!ENTITY big "' + "x" * 50000 + '">]>\n<document>' + "&big;" * 5000 + \
    "</document>\n"
DEEP = HEAD + "<document>" + "<em>" * 10000 + "x" + "</em>" * 10000 + "</document>\n"
HUGE_PARAGRAPHS = "".join(f'    <p xml:id="x{i}">{"Paragraph text. " * 60}</p>\n' for i in range(55000))

XML_CASES = [
    Case("XML", "external entity (file)", ("update",), put(DOC, HEAD + '<!DOCTYPE document [<!ENTITY x SYSTEM '
                                                                       '"file:///etc/passwd">]>\n' + BODY),
         f"{DOC}:2: DTDs and entity declarations are not allowed"),
    Case("XML", "external entity (network)", ("update",), put(DOC, HEAD + '<!DOCTYPE document [<!ENTITY x SYSTEM '
                                                                          '"http://127.0.0.1:9/x">]>\n' + BODY),
         f"{DOC}:2: DTDs and entity declarations are not allowed"),
    Case("XML", "billion laughs", ("update",), put(DOC, LAUGHS),
         f"{DOC}:2: DTDs and entity declarations are not allowed"),
    Case("XML", "quadratic blow-up", ("update",), put(DOC, QUADRATIC),
         f"{DOC}:2: DTDs and entity declarations are not allowed"),
    Case("XML", "external DTD", ("update",), put(DOC, HEAD + '<!DOCTYPE document SYSTEM "http://127.0.0.1:9/d.dtd">\n'
                                                   + BODY), f"{DOC}:2: DTDs and entity declarations are not allowed"),
    Case("XML", "XInclude", ("update",), edit(DOC, "<body>", '<body xmlns:xi="http://www.w3.org/2001/XInclude">'
                                                             '<xi:include href="/etc/passwd" parse="text"/>'),
         f"{DOC}:10: XInclude is not allowed"),
    Case("XML", "10,000 nested elements", ("update",), put(DOC, DEEP),
         f"{DOC}:2: malformed XML: Excessive depth in document: 256, use XML_PARSE_HUGE option"),
    Case("XML", "50 MB document", ("update",), edit(DOC, "  </body>", HUGE_PARAGRAPHS + "  </body>"),
         f"{DOC}: document is larger than 20 MB"),
    Case("XML", "invalid UTF-8", ("update",), put(DOC, STATEMENT.encode().replace(b"Dushanbe", b"Dush\xffanbe")),
         f"{DOC}:6: document is not valid UTF-8"),
    Case("XML", "byte-order mark", ("update",), put(DOC, b"\xef\xbb\xbf" + STATEMENT.encode()),
         f"{DOC}:1: document starts with a byte-order mark; save it as UTF-8 without BOM"),
    Case("XML", "CRLF line ends", ("update",), put(DOC, STATEMENT.replace("\n", "\r\n")),
         f"{DOC}:1: document has CR or CRLF line ends; save it with LF line ends"),
    Case("XML", "NUL byte", ("update",), edit(DOC, "Dushanbe", "Dush\0anbe"), f"{DOC}:6: document contains a NUL byte"),
    Case("XML", "duplicate id", ("update",), edit(DOC, 'xml:id="p2"', 'xml:id="p1"'),
         f"{DOC}:13: duplicate id 'p1' (first on line 11)"),
    Case("XML", "malformed id", ("update",), edit(DOC, 'xml:id="p2"', 'xml:id="p 2"'),
         f"{DOC}:13: id 'p 2' is not a letter or _ followed by up to 63 letters, digits, _ . -"),
    Case("XML", "document id leaving its folder", ("update",), edit(DOC, 'id="statement"', 'id="../../etc/x"'),
         f"{DOC}:3: document id '../../etc/x' is not lower-case letters, digits and single - _ . separators"),
    Case("XML", "mismatched xml:lang", ("update",), edit(DOC, 'xml:lang="en"', 'xml:lang="ru"'),
         f"{DOC}:3: xml:lang 'ru' is not the repository's source language 'en'"),
]


def po_edit(old: str, new: str) -> Callable[[Path], None]:
    return edit(RU, old, new)


def add_entry(text: str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        path = root / RU
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return prepare


def undeclared_cp1251(root: Path) -> None:
    path = root / RU
    text = path.read_text(encoding="utf-8").replace('"Content-Type: text/plain; charset=UTF-8\\n"\n', "")
    text = text.replace('msgctxt "h1"\nmsgid "The judgment"\nmsgstr ""', 'msgctxt "h1"\nmsgid "The judgment"\n'
                                                                          'msgstr "Приговор"')
    path.write_bytes(text.encode("cp1251"))


def orphan(root: Path) -> None:
    (root / "locales" / "ru" / "LC_MESSAGES" / "gone.po").write_bytes((root / RU).read_bytes())


PO_CASES = [
    Case("PO", "unterminated string", ("update",), po_edit('msgctxt "p1"\n', 'msgctxt "p1\n'),
         f"{RU}:36: unterminated string"),
    Case("PO", "bad escape", ("update",), po_edit('msgstr ""\n\n#. Heading', 'msgstr "\\q"\n\n#. Heading'),
         f"{RU}:38: invalid escape sequence '\\q'"),
    Case("PO", "duplicate entry", ("update",), add_entry('msgctxt "p1"\nmsgid "x"\nmsgstr ""\n\n'
                                                         'msgctxt "p1"\nmsgid "x"\nmsgstr ""\n'),
         f"{RU}:79: duplicate entry (first defined on line 75)"),
    Case("PO", "entry without msgctxt", ("update",), add_entry('msgid "Stray"\nmsgstr "Лишнее"\n'),
         f"{RU}:75: entry has no msgctxt; every unit of a document catalog is keyed by its id"),
    Case("PO", "plural entry", ("update",), add_entry('msgctxt "n"\nmsgid "one"\nmsgid_plural "many"\n'
                                                      'msgstr[0] ""\n'),
         f"{RU}:77: plural entries are not allowed in a document catalog"),
    Case("PO", "not UTF-8, no charset declared", ("update",), undeclared_cp1251,
         f"{RU}:43: catalog is not UTF-8 and its header declares no charset"),
    Case("PO", "catalog of a deleted document", ("update",), orphan,
         "locales/ru/LC_MESSAGES/gone.po: no document 'gone' for this catalog: restore documents/gone.xml or retire "
         "the catalog (git rm) on purpose"),
]

SETTINGS_CASES = [
    Case("settings", "language Babel cannot resolve", ("status",),
         put("polyglot.toml", SETTINGS.replace('"kk"]', '"xx"]')),
         "polyglot.toml:3: language code 'xx' is unknown to Babel's CLDR data"),
    Case("settings", "language listed twice", ("status",),
         put("polyglot.toml", SETTINGS.replace('"kk"]', '"kk", "ru"]')),
         "polyglot.toml:3: language 'ru' is listed twice"),
    Case("settings", "broken TOML", ("status",), put("polyglot.toml", SETTINGS.replace("= \"en\"", "= en")),
         "polyglot.toml:2: invalid TOML: Invalid value"),
    Case("templates", "template with a syntax error", ("build", "--format", "html"),
         put("templates/document.html.j2", '{% extends "base.html.j2" %}\n{% block body %}\n{% if x %}\n'
                                           '{% endblock %}\n'),
         "templates/document.html.j2:4: template syntax error: Encountered unknown tag 'endblock'. You probably made "
         "a nesting mistake. Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. "
         "The innermost block that needs to be closed is 'if'."),
    Case("templates", "template including a missing one", ("build", "--format", "html"),
         put("templates/document.html.j2", '{% include "missing.html.j2" %}\n'),
         "document.html.j2: template not found: missing.html.j2"),
]

def _more_cases() -> list[Case]:
    """Cases kept beside the work that added them: every ``tests/hostile_*.py`` module's ``CASES``."""
    import importlib

    found: list[Case] = []
    for module in sorted(Path(__file__).parent.glob("hostile_*.py")):
        found.extend(importlib.import_module(module.stem).CASES)
    return found


CASES = XML_CASES + PO_CASES + SETTINGS_CASES + _more_cases()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.parts and ".polyglot-cache" not in p.parts
            and p.name != ".polyglot-docs.lock"}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}: {c.name}" for c in CASES])
def test_hostile_input_is_stopped_at_the_door(case: Case, repo: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    cli("update")
    case.prepare(repo)
    before = snapshot(repo)
    result = cli(*case.command, expect=1)
    expected = case.expected.replace("templates/document.html.j2:", f"{repo}/templates/document.html.j2:")
    assert result.stderr == f"error: {expected}\n"
    assert "Traceback" not in result.output
    assert snapshot(repo) == before


def test_declared_cp1251_catalog_is_read_and_rewritten_as_utf8(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    path = repo / RU
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=CP1251")
    text = text.replace('msgctxt "h1"\nmsgid "The judgment"\nmsgstr ""', 'msgctxt "h1"\nmsgid "The judgment"\n'
                                                                          'msgstr "Приговор"')
    path.write_bytes(text.encode("cp1251"))
    cli("update", "--root", repo)
    rewritten = path.read_text(encoding="utf-8")
    assert "charset=UTF-8" in rewritten and 'msgstr "Приговор"' in rewritten


def test_catalog_saved_with_other_wrapping_is_accepted_and_rewritten_canonically(repo: Path, cli) -> None:
    import polib

    from conftest import assert_gettext_canonical

    cli("update", "--root", repo)
    path = repo / RU
    catalog = polib.pofile(str(path), wrapwidth=40)  # another editor, another line width
    for entry in catalog:
        if entry.msgctxt == "p2":
            entry.msgstr = ("Международный военный трибунал в Нюрнберге установил, что преступления "
                            "были совершены, и это было доказано.")
    catalog.save(str(path))
    assert path.read_text(encoding="utf-8").count("\n") > 80
    cli("update", "--root", repo)
    assert_gettext_canonical(path)
    assert "установил, что преступления" in path.read_text(encoding="utf-8")
