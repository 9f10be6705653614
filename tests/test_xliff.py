"""XLIFF out and back (issue 14, §1): CAT tools get the catalogs as XLIFF 2.1 or 1.2 and give their targets back.

Round trips change no byte; an edit changes its entry only; translate-toolkit (the library Weblate reads
XLIFF with) reads every exported file as exported; XLIFF 2.1 files are valid against the RELAX NG
schema of the core (the OASIS XML Schema is in no package these machines can install, see the
schema's header), which is itself tried on examples typed in from the XLIFF 2.1 specification;
every refusal is one ``file:line: message`` line with nothing written (more in ``hostile_xliff.py``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from conftest import RU, assert_gettext_canonical, translate_units
from polyglot_docs.catalogs.interchange import XliffInterchange
from polyglot_docs.catalogs.po import read_po_file, write_po
from polyglot_docs.catalogs.xliff import XLIFF_2, XLIFF_12, xliff2_problems
from polyglot_docs.core.xmlsafe import parse_fragment
from polyglot_docs.repository import Repository

CORPUS = Path(__file__).resolve().parents[1]
PO = "locales/ru/LC_MESSAGES/statement.po"
XLF = "out/ru/statement.xlf"
H1 = "Приговор &quot;суда&quot;&#160;— &#x2116;&#160;1"


def translate_toolkit() -> tuple[Any, Any]:
    try:
        from translate.storage import xliff, xliff2
    except ImportError:  # the oracle must run, not be skipped: say how to get it
        pytest.fail("translate-toolkit (with translate.storage.xliff2, 3.16 or later) is not installed: "
                    "pip install translate-toolkit")
    return xliff, xliff2


def catalogs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))}


@pytest.fixture
def translated(repo: Path, cli) -> Path:
    """The statement with a Russian catalog: translated, one unit fuzzy with #| msgid, one untranslated."""
    cli("update", "--root", repo)
    translate_units(repo / PO, {k: v for k, v in RU.items() if k != "li2"}, fuzzy=frozenset({"p2"}))
    catalog = read_po_file(repo / PO)
    catalog.by_context()["p2"].previous_msgid = "The Tribunal found that crimes were committed."
    catalog.by_context()["h1"].msgstr = H1  # spelt as a translator may, and left so by a round trip
    (repo / PO).write_bytes(write_po(catalog))
    return repo


def export(root: Path, version: str = "2.1", lang: str = "ru", folder: str = "out") -> None:
    repo = Repository.open(root)
    XliffInterchange(repo.documents, repo.catalogs).export(lang, None, root / folder, version)


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_export_then_import_with_no_edits_changes_no_byte(translated: Path, cli, version: str) -> None:
    before = catalogs(translated)
    cli("xliff", "export", "--root", translated, "--lang", "ru", "--version", version, "-o", translated / "out")
    result = cli("xliff", "import", "--root", translated, translated / XLF)
    assert "unchanged" in result.stderr
    assert catalogs(translated) == before


def test_the_seed_corpus_goes_out_and_back_in_every_language_unchanged(tmp_path: Path, cli) -> None:
    for name in ("polyglot.toml", "documents", "locales"):
        source = CORPUS / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    cli("update", "--root", tmp_path)
    before = catalogs(tmp_path)
    files = []
    for lang in Repository.open(tmp_path).settings.target_languages:
        for version in ("2.1", "1.2"):
            export(tmp_path, version, lang, f"out-{version}")
            files += sorted((tmp_path / f"out-{version}" / lang).glob("*.xlf"))
    assert len(files) == 2 * 6 * 6
    cli("xliff", "import", "--root", tmp_path, *files)
    assert catalogs(tmp_path) == before


def _po_entries(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n\n")


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_an_edited_target_changes_only_its_entry(translated: Path, cli, version: str) -> None:
    export(translated, version)
    before = _po_entries(translated / PO)
    path = translated / XLF
    path.write_text(path.read_text(encoding="utf-8").replace(">мировое<", ">всемирное<"), encoding="utf-8")
    result = cli("xliff", "import", "--root", translated, path)
    assert result.stdout == f"updated {PO}: 1 unit(s) from {path} (p1)\n"
    after = _po_entries(translated / PO)
    changed = [new for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1 and 'msgctxt "p1"' in changed[0] and "<em>всемирное</em>" in changed[0]
    assert_gettext_canonical(translated / PO)


def test_confirming_a_fuzzy_unit_clears_fuzzy_and_its_previous_source(translated: Path, cli) -> None:
    export(translated)
    path = translated / XLF
    text = path.read_text(encoding="utf-8")
    p2 = text.index('<unit id="p2">')
    path.write_text(text[:p2] + text[p2:].replace('state="initial"', 'state="final"', 1), encoding="utf-8")
    cli("xliff", "import", "--root", translated, path)
    p2_entry = read_po_file(translated / PO).by_context()["p2"]
    assert not p2_entry.fuzzy and p2_entry.previous_msgid is None and p2_entry.msgstr == RU["p2"]


@pytest.mark.parametrize(("state", "fuzzy"), [("translated", False), ("reviewed", False), ("initial", True),
                                              ('translated" subState="memoq:needs-review', True),
                                              ('final" subState="x:fuzzy', True),
                                              ('final" subState="x:reviewed', False)])
def test_a_new_target_is_fuzzy_unless_the_unit_is_confirmed(translated: Path, cli, state: str, fuzzy: bool) -> None:
    export(translated)
    path = translated / XLF
    text = path.read_text(encoding="utf-8")
    li2 = text.index('<unit id="li2">')
    edited = text[li2:].replace('state="initial"', f'state="{state}"', 1).replace(
        "Council of Defence Ministers</source>", "Council of Defence Ministers</source>\n<target>Совет министров "
                                                "обороны</target>", 1)
    path.write_text(text[:li2] + edited, encoding="utf-8")
    cli("xliff", "import", "--root", translated, path)
    entry = read_po_file(translated / PO).by_context()["li2"]
    assert (entry.msgstr, entry.fuzzy) == ("Совет министров обороны", fuzzy)


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_weblate_confirming_and_translating_through_translate_toolkit_comes_back(translated: Path, cli,
                                                                                version: str) -> None:
    """What Weblate does with a unit (translate-toolkit's markfuzzy and settarget) is what the catalog gets."""
    xliff, xliff2 = translate_toolkit()
    export(translated, version)
    path = translated / XLF
    store = (xliff2.Xliff2File if version == "2.1" else xliff.xlifffile).parsefile(str(path))
    units = {unit.getid().rsplit("\x04", 1)[-1]: unit for unit in store.units}
    units["p2"].markfuzzy(False)  # a reviewer accepts the fuzzy translation as it is
    units["li2"].target = "Совет министров обороны"
    units["li2"].markfuzzy(False)
    path.write_bytes(bytes(store))
    cli("xliff", "import", "--root", translated, path)
    entries = read_po_file(translated / PO).by_context()
    assert not entries["p2"].fuzzy and entries["p2"].msgstr == RU["p2"]
    assert (entries["li2"].msgstr, entries["li2"].fuzzy) == ("Совет министров обороны", False)
    assert entries["h1"].msgstr == H1 and entries["p1"].msgstr == RU["p1"]


def _plain(text: str) -> str:
    """What translate-toolkit shows as a unit's text: the words, the codes left out."""
    return "".join(parse_fragment(text).itertext())


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_translate_toolkit_reads_every_exported_file_as_exported(translated: Path, version: str) -> None:
    xliff, xliff2 = translate_toolkit()
    for lang in ("ru", "hy", "kk"):
        export(translated, version, lang)
        path = translated / "out" / lang / "statement.xlf"
        store = (xliff2.Xliff2File if version == "2.1" else xliff.xlifffile).parsefile(str(path))
        catalog = read_po_file(translated / f"locales/{lang}/LC_MESSAGES/statement.po")
        expected = [(m.msgctxt, _plain(m.msgid), _plain(m.msgstr), m.fuzzy and bool(m.msgstr))
                    for m in catalog.messages]
        found = [(u.getid().rsplit("\x04", 1)[-1], u.source, u.target or "", u.isfuzzy()) for u in store.units]
        assert found == expected, lang
        codes = [[getattr(e, "id", None) for e in u.rich_source[0].depth_first() if getattr(e, "id", None)]
                 for u in store.units]
        assert ["a1", "x1"] in codes and ["em-1"] in codes


def test_a_translation_whose_markup_cannot_be_a_target_is_not_offered(translated: Path) -> None:
    translate_units(translated / PO, {"p3": "См. приговор <b>от</b>, пункт 3,5."})  # no <x1/>, an unknown tag
    export(translated)
    text = (translated / XLF).read_text(encoding="utf-8")
    p3 = text[text.index('<unit id="p3">'):text.index('<unit id="li1">')]
    assert "<target>" not in p3 and 'state="initial"' in p3
    assert "not offered: its markup cannot be an XLIFF target (&lt;b&gt; more often than in the source; no " \
           "&lt;x1/&gt;)" in p3


def test_export_refuses_a_catalog_older_than_its_document_and_writes_nothing(translated: Path, cli) -> None:
    document = translated / "documents/statement.xml"
    document.write_text(document.read_text(encoding="utf-8").replace("The judgment</h>", "The verdict</h>"),
                        encoding="utf-8")
    result = cli("xliff", "export", "--root", translated, "--lang", "ru", "-o", translated / "out", expect=1)
    assert result.stderr == (f"error: {PO}: catalog is out of date with documents/statement.xml (h1); "
                             "run update before exporting\n")
    assert not (translated / "out").exists()


def test_files_from_windows_tools_are_read(translated: Path, cli) -> None:
    """A byte-order mark, CRLF line ends, UTF-16: what Trados and memoQ may save."""
    export(translated)
    path = translated / XLF
    text = path.read_text(encoding="utf-8").replace(">мировое<", ">всемирное<").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-16"))
    cli("xliff", "import", "--root", translated, path)
    assert read_po_file(translated / PO).by_context()["p1"].msgstr == "Призываем <em>всемирное</em> сообщество " \
                                                                        "уважать принципы."


def test_one_refused_file_does_not_stop_the_others(translated: Path, cli) -> None:
    export(translated)
    export(translated, lang="kk")
    broken, good = translated / XLF, translated / "out/kk/statement.xlf"
    broken.write_text(broken.read_text(encoding="utf-8").replace('<unit id="h1">', '<unit id="h9">'),
                      encoding="utf-8")
    good.write_text(good.read_text(encoding="utf-8").replace(
        "Council of Defence Ministers</source>", "Council of Defence Ministers</source><target>Қорғаныс министрлері "
                                                "кеңесі</target>"), encoding="utf-8")
    before = (translated / PO).read_bytes()
    result = cli("xliff", "import", "--root", translated, broken, good, expect=1)
    line = broken.read_text(encoding="utf-8")[:broken.read_text(encoding="utf-8").index("h9")].count("\n") + 1
    assert f"error: {broken}:{line}: unknown unit id 'h9': documents/statement.xml has no such block\n" \
           in result.stderr
    assert "1 of 2 file(s) refused" in result.stderr
    assert (translated / PO).read_bytes() == before
    kk = read_po_file(translated / "locales/kk/LC_MESSAGES/statement.po").by_context()["li2"]
    assert (kk.msgstr, kk.fuzzy) == ("Қорғаныс министрлері кеңесі", True)


def test_a_catalog_saved_while_importing_is_left_as_saved(translated: Path, cli, monkeypatch) -> None:
    import polyglot_docs.catalogs.interchange as interchange

    export(translated)
    path = translated / XLF
    path.write_text(path.read_text(encoding="utf-8").replace(">мировое<", ">всемирное<"), encoding="utf-8")
    saved = (translated / PO).read_bytes().replace("Приговор".encode(), "Приговор суда".encode())
    real_stage = interchange.stage

    def stage_then_a_translator_saves(target: Path, data: bytes, **kwargs: Any) -> Path | None:
        staged = real_stage(target, data, **kwargs)
        target.write_bytes(saved)  # in place, as an editor saves, after the import read the catalog
        return staged

    monkeypatch.setattr(interchange, "stage", stage_then_a_translator_saves)
    result = cli("xliff", "import", "--root", translated, path, expect=1)
    assert result.stderr == f"{PO}: changed while importing; left as saved — import again\n"
    assert (translated / PO).read_bytes() == saved
    assert not list((translated / PO).parent.glob(".*.tmp"))


# -- the schema ----------------------------------------------------------------------------------------------


def test_every_exported_xliff_2_file_is_valid_against_the_core_schema(translated: Path) -> None:
    for lang in ("ru", "hy", "kk"):
        export(translated, "2.1", lang)
        data = (translated / "out" / lang / "statement.xlf").read_bytes()
        assert xliff2_problems(data) == [], lang
        assert etree.QName(etree.fromstring(data)).namespace == XLIFF_2
        assert b'version="2.1"' in data
    export(translated, "1.2")
    assert etree.QName(etree.fromstring((translated / XLF).read_bytes())).namespace == XLIFF_12


def _xliff(body: str, version: str = "2.0", languages: str = 'srcLang="en" trgLang="fr"') -> bytes:
    return (f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="{version}" {languages}>\n'
            f'<file id="f1">\n{body}\n</file>\n</xliff>\n').encode()


# Typed in from the XLIFF 2.1 specification (OASIS Standard, 13 February 2018): the overall structure example of
# section 3 and the examples of sections 4.7 (inline content: placeholders, paired and split codes, original
# data) and 4.8 (segmentation with an ignorable), each wrapped, where the specification shows a unit alone, in
# the smallest <xliff> and <file> that hold it.
SPEC_EXAMPLES = {
    "overall structure": b"""<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"
 srcLang="en" trgLang="fr">
 <file id="f1">
  <notes>
   <note id="n1">note for file.</note>
  </notes>
  <unit id="u1">
   <my:elem xmlns:my="myNamespace" id="x1">data</my:elem>
   <notes>
    <note id="n1">note for unit</note>
   </notes>
   <segment id="s1">
    <source><pc id="1">Hello <mrk id="m1" type="term">World</mrk>!</pc>
    </source>
    <target><pc id="1">Bonjour le <mrk id="m1" type="term">Monde</mrk> !
     </pc></target>
   </segment>
  </unit>
 </file>
</xliff>""",
    "paired code with original data": _xliff("""<unit id="1">
 <originalData>
  <data id="d1">&lt;B></data>
  <data id="d2">&lt;/B></data>
 </originalData>
 <segment>
  <source><pc id="1" dataRefStart="d1" dataRefEnd="d2">Important</pc> text</source>
 </segment>
</unit>"""),
    "placeholder": _xliff("""<unit id="1">
 <originalData>
  <data id="d1">%d</data>
 </originalData>
 <segment>
  <source>Number of entries: <ph id="1" dataRef="d1"/></source>
 </segment>
</unit>"""),
    "split codes": _xliff("""<unit id="1">
 <originalData>
  <data id="d1">\\b </data>
  <data id="d2">\\i </data>
  <data id="d3">\\b0 </data>
  <data id="d4">\\i0 </data>
 </originalData>
 <segment>
  <source>Text in <sc id="1" dataRef="d1"/>bold <sc id="2" dataRef="d2"/>and<ec startRef="1" dataRef="d3"/>
  italics<ec startRef="2" dataRef="d4"/>.</source>
 </segment>
</unit>"""),
    "segments and ignorable": _xliff("""<unit id="1">
 <segment>
  <source>First sentence.</source>
 </segment>
 <ignorable>
  <source> </source>
 </ignorable>
 <segment>
  <source>Second sentence.</source>
 </segment>
</unit>""", languages='srcLang="en"'),
    "state and subState": _xliff("""<unit id="1">
 <segment state="translated" subState="my:some-state">
  <source>Hello</source>
  <target>Bonjour</target>
 </segment>
</unit>""", version="2.1"),
}


@pytest.mark.parametrize("name", SPEC_EXAMPLES)
def test_the_schema_accepts_the_specification_s_examples(name: str) -> None:
    assert xliff2_problems(SPEC_EXAMPLES[name]) == []


UNIT = '<unit id="1"><segment><source>Hello</source></segment></unit>'
# Each with the element libxml2's message names.
BROKEN = {
    "a unit without a segment": (_xliff('<unit id="1"><notes><note>n</note></notes></unit>'), "segment"),
    "a state the core does not define": (_xliff(UNIT.replace("<segment>", '<segment state="done">')), "state"),
    "a code without an id": (_xliff(UNIT.replace("Hello", "<pc>Hello</pc>")), "pc"),
    "a subType without a type": (_xliff(UNIT.replace("Hello", '<ph id="1" subType="xlf:b"/>')), "ph"),
    "no source language": (_xliff(UNIT, languages='trgLang="fr"'), "xliff"),
    "an XLIFF 1.2 element": (_xliff('<trans-unit id="1"><source>Hello</source></trans-unit>'), "trans-unit"),
    "a target before its source": (_xliff(UNIT.replace("<source>Hello</source>",
                                                       "<target>Bonjour</target><source>Hello</source>")), "target"),
    "version 3.0": (_xliff(UNIT, version="3.0"), "version"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_the_schema_refuses_what_the_core_does_not_allow(name: str) -> None:
    data, word = BROKEN[name]
    problems = xliff2_problems(data)
    assert problems and re.search(word, " ".join(problems)), problems
