"""TMX out and in (issue 14 §2): ``tm export`` writes TMX 1.4b that translate-toolkit reads; ``tm import`` keeps
another tool's memory under ``memory/`` for the translation memory.

The timing of ``tm export`` at N = 1000 is measured by bench/run.py, not asserted here.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import RU, translate_units, write
from polyglot_docs.catalogs.memoryfile import memory_pairs, repository_language
from polyglot_docs.catalogs.po import read_po_file, write_po
from polyglot_docs.catalogs.tmx import Memory, MemoryUnit, Variant, read_tmx, segment, tmx_date, write_tmx
from polyglot_docs.core.settings import load_settings
from polyglot_docs.documents.inline import escape

RU_PO = "locales/ru/LC_MESSAGES/statement.po"
KK_PO = "locales/kk/LC_MESSAGES/statement.po"
KK = {"org": "Ұжымдық қауіпсіздік туралы шарт ұйымы", "place": "Душанбе",
      "p1": "Біз <em>әлемдік</em> қоғамдастықты қағидаттарды құрметтеуге шақырамыз."}


def set_revision_date(path: Path, date: str) -> None:
    catalog = read_po_file(path)
    catalog.set_header_field("PO-Revision-Date", date)
    path.write_bytes(write_po(catalog))


@pytest.fixture
def translated(repo: Path, cli) -> Path:
    """The statement translated into Russian (p2 left fuzzy) and partly into Kazakh, with revision dates."""
    cli("update", "--root", repo)
    translate_units(repo / RU_PO, RU, fuzzy=frozenset({"p2"}))
    translate_units(repo / KK_PO, KK)
    set_revision_date(repo / RU_PO, "2024-03-05 14:07+0300")
    set_revision_date(repo / KK_PO, "2023-11-20 09:30+0000")
    return repo


def export(cli, repo: Path, *options: str) -> bytes:
    target = repo / "out.tmx"
    cli("tm", "export", "--root", repo, "-o", target, *options)
    return target.read_bytes()


def plain(markup: str) -> str:
    """Unit markup as a reader that takes a segment's codes for text sees it: tags kept, references resolved."""
    return "".join(piece if piece.startswith("<") else html.unescape(piece)
                   for piece in re.split(r"(<[^>]*>)", markup))


def test_translate_toolkit_reads_every_exported_unit_with_its_source_and_targets(translated: Path, cli) -> None:
    from translate.storage.tmx import tmxfile  # translate-toolkit: the library Weblate reads TMX with

    store = tmxfile.parsestring(export(cli, translated))
    ru = read_po_file(translated / RU_PO).by_context()
    expected = {unit_id for unit_id, message in ru.items() if not message.fuzzy} | set(KK)
    assert {unit.getid() for unit in store.units} == {f"statement#{unit_id}" for unit_id in expected}
    for unit in store.units:
        unit_id = unit.getcontext()
        assert unit.getid() == f"statement#{unit_id}"
        assert unit.source == plain(ru[unit_id].msgid)
        assert unit.gettarget("ru") == plain(RU[unit_id])
        assert unit.gettarget("kk") == (plain(KK[unit_id]) if unit_id in KK else None)
        assert unit.gettarget("hy") is None  # nothing translated in Armenian


def test_fuzzy_and_outdated_units_are_not_exported(translated: Path, cli) -> None:
    memory = read_tmx(export(cli, translated), "out.tmx")
    exported = {unit.tuid: [v.lang for v in unit.variants] for unit in memory.units}
    assert "statement#p2" not in exported  # fuzzy in Russian, untranslated in Kazakh
    assert exported["statement#p1"] == ["en", "ru", "kk"]
    # The document changes: the Russian translation of p1 was made for another text, so it is not a translation of p1.
    doc = translated / "documents" / "statement.xml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("to respect the principles", "to uphold the principles"),
                   encoding="utf-8")
    memory = read_tmx(export(cli, translated), "out.tmx")
    assert "statement#p1" not in {unit.tuid for unit in memory.units}


def test_dates_come_from_the_catalogs_revision_dates(translated: Path, cli) -> None:
    memory = read_tmx(export(cli, translated), "out.tmx")
    [p1] = [unit for unit in memory.units if unit.tuid == "statement#p1"]
    assert [v.changedate for v in p1.variants] == [None, "20240305T110700Z", "20231120T093000Z"]
    assert (p1.creationdate, p1.changedate) == ("20231120T093000Z", "20240305T110700Z")
    [title] = [unit for unit in memory.units if unit.tuid == "statement#title"]  # Russian only
    assert (title.creationdate, title.changedate) == ("20240305T110700Z", "20240305T110700Z")
    assert memory.creationdate == "20240305T110700Z"  # the latest: the same catalogs give the same file


@pytest.mark.parametrize("po_date, expected", [
    ("2024-03-05 14:07+0300", "20240305T110700Z"), ("2024-01-01 00:30-0130", "20240101T020000Z"),
    ("2024-03-05 14:07:09+0000", "20240305T140709Z"), ("YEAR-MO-DA HO:MI+ZONE", None), ("2024-13-01 00:00+0000", None),
    ("2024-03-05 14:07+9900", None), ("", None), (None, None)])
def test_po_dates_become_tmx_dates_in_utc(po_date: str | None, expected: str | None) -> None:
    assert tmx_date(po_date) == expected


def test_document_and_block_ids_are_props(translated: Path, cli) -> None:
    data = export(cli, translated)
    memory = read_tmx(data, "out.tmx")
    for unit in memory.units:
        assert unit.props == (("x-document", "statement"), ("x-context", unit.tuid.split("#")[1]))
    assert b'<prop type="x-document">statement</prop>\n      <prop type="x-context">p3</prop>' in data


def test_inline_codes_are_bpt_ept_and_ph_paired_across_languages(translated: Path, cli) -> None:
    data = export(cli, translated).decode()
    p3 = re.search(r'<tu tuid="statement#p3".*?</tu>', data, re.S).group()
    assert '<seg>See <bpt i="1" x="1" type="link">&lt;a1&gt;</bpt>the judgment<ept i="1">&lt;/a1&gt;</ept> of ' \
           '<ph x="2" type="x-protected">&lt;x1/&gt;</ph>, item 3.5.</seg>' in p3
    assert '<seg>См. <bpt i="1" x="1" type="link">&lt;a1&gt;</bpt>приговор<ept i="1">&lt;/a1&gt;</ept> от ' \
           '<ph x="2" type="x-protected">&lt;x1/&gt;</ph>, пункт 3,5.</seg>' in p3
    p1 = re.search(r'<tu tuid="statement#p1".*?</tu>', data, re.S).group()
    assert p1.count('<bpt i="1" x="1" type="italic">&lt;em&gt;</bpt>') == 3  # en, ru, kk: the same code


def test_inline_codes_round_trip(translated: Path, cli) -> None:
    memory = read_tmx(export(cli, translated), "out.tmx")
    ru = read_po_file(translated / RU_PO).by_context()
    for unit in memory.units:
        source, *targets = unit.variants
        assert source.text == ru[unit.tuid.split("#")[1]].msgid
        for target in targets:
            assert target.text == (RU if target.lang == "ru" else KK)[unit.tuid.split("#")[1]]
    assert write_tmx(memory) == export(cli, translated)  # the model read back writes the same bytes


_PIECES = st.recursive(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("&<>\"'\r\n\t"),
             max_size=12).map(escape),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["em", "strong", "a1", "term", "span2"]), st.lists(inner, max_size=3)).map(
            lambda tag: f"<{tag[0]}>{''.join(tag[1])}</{tag[0]}>"),
        st.sampled_from(["<x1/>", "<x2/>"]),
        st.lists(inner, min_size=2, max_size=3).map("".join)),
    max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(_PIECES, _PIECES)
def test_any_unit_markup_round_trips_through_tmx(source: str, target: str) -> None:
    memory = Memory("en", [MemoryUnit((Variant("en", source), Variant("ru", target, "20240101T000000Z")),
                                      "doc#p1", (("x-context", "p1 & <p2>"),))])
    data = write_tmx(memory)
    assert read_tmx(data, "m.tmx") == memory
    assert write_tmx(read_tmx(data, "m.tmx")) == data


def test_text_a_translator_wrote_unescaped_comes_back_escaped_as_msgids_are() -> None:
    numbers: dict[tuple[str, int], int] = {}
    seg = segment("5 > 3 &quot;x&quot; &#x41; <em>a</em>\r", numbers)
    assert seg == '5 &gt; 3 "x" A <bpt i="1" x="1" type="italic">&lt;em&gt;</bpt>a<ept i="1">&lt;/em&gt;</ept>&#13;'
    memory = read_tmx(write_tmx(Memory("en", [MemoryUnit((Variant("en", "5 > 3 &quot;x&quot; <em>a</em>\r"),))])),
                      "m.tmx")
    assert memory.units[0].variants[0].text == '5 &gt; 3 "x" <em>a</em>\r'
    for broken in ("<em>open", "</em>", "a <!-- c --> b", "a & b", "<a href='x'>y</a>", "<em></strong>"):
        with pytest.raises(ValueError):
            segment(broken, {})


def test_the_same_repository_gives_the_same_bytes(translated: Path, cli) -> None:
    first = export(cli, translated)
    assert export(cli, translated) == first
    shutil.rmtree(translated / ".polyglot-cache")
    assert export(cli, translated) == first


def test_only_the_languages_asked_for(translated: Path, cli) -> None:
    memory = read_tmx(export(cli, translated, "--lang", "kk"), "out.tmx")
    assert {unit.tuid for unit in memory.units} == {f"statement#{unit_id}" for unit_id in KK}
    assert all([v.lang for v in unit.variants] == ["en", "kk"] for unit in memory.units)


# The TMX 1.4b DTD (https://www.gala-global.org/tmx-14b), typed in from the specification: no package ships it.
TMX14_DTD = """
<!ENTITY % segtypes "block|paragraph|sentence|phrase">
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|ude|prop)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED segtype (%segtypes;) #REQUIRED
  o-tmf CDATA #REQUIRED adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED
  o-encoding CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED changedate CDATA #IMPLIED
  changeid CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
<!ELEMENT ude (map+)>
<!ATTLIST ude name CDATA #REQUIRED base CDATA #IMPLIED>
<!ELEMENT map EMPTY>
<!ATTLIST map unicode CDATA #REQUIRED code CDATA #IMPLIED ent CDATA #IMPLIED subst CDATA #IMPLIED>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED usagecount CDATA #IMPLIED
  lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED creationtoolversion CDATA #IMPLIED
  creationdate CDATA #IMPLIED creationid CDATA #IMPLIED changedate CDATA #IMPLIED segtype (%segtypes;) #IMPLIED
  changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED usagecount CDATA #IMPLIED
  lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED creationtoolversion CDATA #IMPLIED
  creationdate CDATA #IMPLIED creationid CDATA #IMPLIED changedate CDATA #IMPLIED changeid CDATA #IMPLIED
  o-tmf CDATA #IMPLIED>
<!ELEMENT seg (#PCDATA|bpt|ept|it|ph|hi)*>
<!ELEMENT bpt (#PCDATA|sub)*>
<!ATTLIST bpt i CDATA #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ept (#PCDATA|sub)*>
<!ATTLIST ept i CDATA #REQUIRED>
<!ELEMENT sub (#PCDATA|bpt|ept|it|ph|hi)*>
<!ATTLIST sub datatype CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT it (#PCDATA|sub)*>
<!ATTLIST it pos (begin|end) #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ph (#PCDATA|sub)*>
<!ATTLIST ph x CDATA #IMPLIED assoc CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT hi (#PCDATA|bpt|ept|it|ph|hi)*>
<!ATTLIST hi x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ut (#PCDATA|sub)*>
<!ATTLIST ut x CDATA #IMPLIED>
"""


def test_the_export_is_valid_tmx_14b(translated: Path, cli) -> None:
    dtd = etree.DTD(io.StringIO(TMX14_DTD))
    tree = etree.fromstring(export(cli, translated))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    # Each segment's paired codes close in it (the DTD cannot say so).
    for seg in tree.iter("seg"):
        assert sorted(b.get("i") for b in seg.iter("bpt")) == sorted(e.get("i") for e in seg.iter("ept"))


def test_a_broken_catalog_stops_the_export_naming_it(translated: Path, cli) -> None:
    path = translated / KK_PO
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgctxt "x"\nmsgid "unterminated\n', encoding="utf-8")
    target = translated / "out.tmx"
    result = cli("tm", "export", "--root", translated, "-o", target, expect=1)
    assert result.stderr.startswith(f"error: {KK_PO}:") and result.stderr.count("\n") == 1
    assert not target.exists()


def test_a_language_folder_linking_out_is_named_once(translated: Path, cli, tmp_path_factory) -> None:
    write(translated / "documents" / "second.xml", (translated / "documents" / "statement.xml").read_text(
        encoding="utf-8").replace('id="statement"', 'id="second"'))
    outside = tmp_path_factory.mktemp("outside")
    shutil.rmtree(translated / "locales" / "kk")
    (translated / "locales" / "kk").symlink_to(outside)
    result = cli("tm", "export", "--root", translated, "-o", translated / "out.tmx", expect=1)
    assert result.stderr == ("error: locales/kk/LC_MESSAGES: leads out of the repository through a symbolic link "
                             "(or a link loop); refusing to use it\n")


# -- import ------------------------------------------------------------------------------------------------

# A memory as another tool writes it: UTF-16 with a byte-order mark, CRLF, an external DTD, regional language
# tags, RTF codes, a language the repository lacks, a unit without a target.
LEGACY = """<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="Legacy TM" creationtoolversion="8.0" o-tmf="Legacy" datatype="rtf" segtype="sentence"
 adminlang="EN-US" srclang="EN-US"/>
<body>
<tu creationdate="20190412T101500Z" changedate="20200102T090000Z">
<prop type="x-Origin">TM</prop>
<tuv xml:lang="EN-US"><seg>The Council of Foreign Ministers
  met in <bpt i="1" type="bold">{\\b </bpt>Minsk<ept i="1">}</ept>.</seg></tuv>
<tuv xml:lang="RU-RU"><seg>Совет министров иностранных дел собрался в
 <bpt i="1">{\\b </bpt>Минске<ept i="1">}</ept>.</seg></tuv>
<tuv xml:lang="de-DE"><seg>Der Rat der Außenminister tagte in Minsk.</seg></tuv>
</tu>
<tu tuid="42">
<tuv xml:lang="en-US"><seg>See <ph x="1">&lt;x1/&gt;</ph> &amp; <hi type="italic">this</hi><ph>{\\field}</ph>.
</seg></tuv>
<tuv xml:lang="kk-KZ"><seg>Қараңыз <ph x="1">&lt;x1/&gt;</ph> &amp; <hi>мынаны</hi>.</seg></tuv>
</tu>
<tu>
<tuv xml:lang="en-US"><seg>Only English</seg></tuv>
<tuv xml:lang="DE-DE"><seg>Nur Deutsch</seg></tuv>
</tu>
</body>
</tmx>
"""


def legacy_bytes(text: str = LEGACY) -> bytes:
    return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-16-le")


def test_another_tools_memory_is_imported_under_memory(repo: Path, cli) -> None:
    source = write(repo / "in" / "legacy memory.tmx", "")
    source.write_bytes(legacy_bytes())
    result = cli("tm", "import", "--root", repo, source)
    assert result.stdout == "wrote memory/legacy-memory.tmx\n"
    assert "1 unit(s) left out" in result.stderr and "left out: de-DE" in result.stderr
    settings_ = load_settings(repo)
    assert memory_pairs(settings_, "ru") == [(
        "The Council of Foreign Ministers met in Minsk.", "Совет министров иностранных дел собрался в Минске.",
        "memory/legacy-memory.tmx#tu1", "20200102T090000Z")]
    assert memory_pairs(settings_, "kk") == [("See <x1/> &amp; this.", "Қараңыз <x1/> &amp; мынаны.",
                                              "memory/legacy-memory.tmx#42", None)]
    assert memory_pairs(settings_, "hy") == []
    stored = (repo / "memory" / "legacy-memory.tmx").read_bytes()
    assert stored.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">')
    assert etree.DTD(io.StringIO(TMX14_DTD)).validate(etree.fromstring(stored))
    again = cli("tm", "import", "--root", repo, source)
    assert again.stdout == "unchanged memory/legacy-memory.tmx\n"


def test_an_exported_memory_imported_elsewhere_gives_the_catalogs_pairs(translated: Path, cli,
                                                                       tmp_path_factory) -> None:
    export(cli, translated)
    other = tmp_path_factory.mktemp("other")
    write(other / "polyglot.toml", (translated / "polyglot.toml").read_text(encoding="utf-8"))
    cli("tm", "import", "--root", other, translated / "out.tmx")
    ru = read_po_file(translated / RU_PO).by_context()
    assert {(source, target) for source, target, _, _ in memory_pairs(load_settings(other), "ru")} == {
        (message.msgid, message.msgstr) for message in ru.values() if not message.fuzzy}


@pytest.mark.parametrize("code, languages, expected", [
    ("ru-RU", ["en", "ru"], "ru"), ("RU", ["en", "ru"], "ru"), ("pt-BR", ["pt_BR", "pt"], "pt_BR"),
    ("pt-PT", ["pt_BR", "pt"], "pt"), ("de", ["en", "ru"], None), ("kk_KZ", ["kk"], "kk")])
def test_tmx_languages_are_mapped_to_the_repositorys(code: str, languages: list[str], expected: str | None) -> None:
    assert repository_language(code, languages) == expected


HOSTILE_IMPORTS = [
    ("internal DTD with an entity", '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY x "y">\n]>\n<tmx/>\n',
     "x.tmx:2: DTDs and entity declarations are not allowed"),
    ("external entity", '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        "<tmx>&x;</tmx>\n", "x.tmx:2: DTDs and entity declarations are not allowed"),
    ("not TMX", '<?xml version="1.0"?>\n<xliff version="2.1"/>\n',
     "x.tmx:2: not a TMX file: the root element is <xliff>, not <tmx>"),
    ("TMX 2.0", '<tmx version="2.0"><header/><body/></tmx>', "x.tmx:1: TMX version '2.0' is not supported "
                                                            "(1.1 to 1.4b are)"),
    ("no body", '<tmx version="1.4">\n<header srclang="en"/>\n</tmx>', "x.tmx:1: a TMX file needs a <header> "
                                                                      "and a <body>"),
    ("variant without a language", '<tmx version="1.4"><header srclang="en"/><body><tu>\n<tuv><seg>x</seg></tuv>'
                                   "</tu></body></tmx>", "x.tmx:2: <tuv> has no xml:lang"),
    ("malformed", '<tmx version="1.4"><header/>\n<body><tu></body></tmx>',
     "x.tmx:2: malformed XML: Opening and ending tag mismatch: tu line 2 and body"),
    ("declared Latin-1", '<?xml version="1.0" encoding="ISO-8859-1"?>\n<tmx version="1.4"/>',
     "x.tmx:1: document declares encoding 'ISO-8859-1'; documents are UTF-8: save it as UTF-8 and declare "
     'encoding="UTF-8" (or no encoding)'),
    ("no unit the repository can use", '<tmx version="1.4"><header srclang="en"/><body><tu>'
                                       '<tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="de"><seg>y</seg></tuv>'
                                       "</tu></body></tmx>",
     "x.tmx: no translation unit has text in en and in one of ru, hy, kk; nothing imported"),
]


@pytest.mark.parametrize("name, text, expected", HOSTILE_IMPORTS, ids=[case[0] for case in HOSTILE_IMPORTS])
def test_a_memory_that_cannot_be_imported_is_one_line_and_nothing_is_written(
        repo: Path, cli, monkeypatch, name: str, text: str, expected: str) -> None:
    monkeypatch.chdir(repo)
    (repo / "x.tmx").write_text(text, encoding="utf-8")
    result = cli("tm", "import", "x.tmx", expect=1)
    assert result.stderr == f"error: {expected}\n"
    assert not (repo / "memory").exists()


def test_an_external_dtd_is_never_fetched_and_a_missing_file_is_one_line(repo: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "x.tmx").write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx PUBLIC "-//LISA//DTD TMX 1.4//EN" '
                                '"http://127.0.0.1:9/tmx14.dtd">\n<tmx version="1.4"><header srclang="en"/><body><tu>'
                                '<tuv xml:lang="en"><seg>x</seg></tuv><tuv xml:lang="ru"><seg>y</seg></tuv>'
                                "</tu></body></tmx>", encoding="utf-8")
    cli("tm", "import", "x.tmx")
    assert memory_pairs(load_settings(repo), "ru") == [("x", "y", "memory/x.tmx#tu1", None)]
    result = cli("tm", "import", "missing.tmx", expect=1)
    assert result.stderr == "error: missing.tmx: cannot read memory: No such file or directory\n"


def test_a_memory_folder_linking_out_is_refused(repo: Path, cli, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (repo / "memory").symlink_to(outside)
    source = repo / "m.tmx"
    source.write_bytes(legacy_bytes())
    result = cli("tm", "import", "--root", repo, source, expect=1)
    # [paths] memory leaves the repository: the settings are refused before anything is read or written.
    assert result.stderr == ("error: polyglot.toml: [paths] memory: memory/ leads out of the repository through a "
                             "symbolic link; refusing to use it\n")
    assert list(outside.iterdir()) == []


def test_a_memory_larger_than_a_document_may_be_is_imported(repo: Path, cli, monkeypatch) -> None:
    """A legacy memory may be far larger than any document (the N = 1000 export is 42 MB): TMX has its
    own limit, and is read unit by unit. Here the document limit is lowered to show which applies."""
    import polyglot_docs.catalogs.tmx as tmx_module
    import polyglot_docs.core.xmlsafe as xmlsafe

    units = "".join(f'<tu tuid="{i}"><tuv xml:lang="en"><seg>Sentence {i}.</seg></tuv>'
                    f'<tuv xml:lang="ru"><seg>Предложение {i}.</seg></tuv></tu>\n' for i in range(200))
    data = f'<tmx version="1.4"><header srclang="en"/><body>\n{units}</body></tmx>\n'.encode()
    monkeypatch.setattr(xmlsafe, "MAX_DOCUMENT_BYTES", len(data) // 4)
    source = write(repo / "big.tmx", data.decode())
    cli("tm", "import", "--root", repo, source)
    pairs = memory_pairs(load_settings(repo), "ru")
    assert len(pairs) == 200 and pairs[-1] == ("Sentence 199.", "Предложение 199.", "memory/big.tmx#199", None)
    monkeypatch.setattr(tmx_module, "MAX_TMX_BYTES", len(data) // 2)
    result = cli("tm", "import", "--root", repo, source, expect=1)
    assert result.stderr.startswith(f"error: {source}: document is larger than") and result.stderr.count("\n") == 1


def test_only_the_first_body_s_units_and_the_first_header_are_read() -> None:
    data = b"""<tmx version="1.4"><header srclang="en" creationdate="20200101T000000Z"/>
<header srclang="de"/>
<body><tu tuid="a"><tuv xml:lang="en"><seg>A</seg></tuv></tu>
<x><tu tuid="nested"><tuv xml:lang="en"><seg>N</seg></tuv></tu></x>
<tu tuid="b"><tuv xml:lang="en"><seg>B</seg></tuv></tu></body>
<body><tu tuid="second"><tuv xml:lang="en"><seg>S</seg></tuv></tu></body></tmx>"""
    memory = read_tmx(data, "m.tmx")
    assert memory.source_language == "en" and memory.creationdate == "20200101T000000Z"
    assert [unit.tuid for unit in memory.units] == ["a", "b"]


def test_a_malformed_memory_names_the_line_even_after_many_units() -> None:
    units = "".join(f'<tu><tuv xml:lang="en"><seg>{i}</seg></tuv></tu>\n' for i in range(50))
    from polyglot_docs.catalogs.tmx import TmxError

    with pytest.raises(TmxError) as caught:
        read_tmx(f'<tmx version="1.4"><header srclang="en"/><body>\n{units}<tu></body></tmx>'.encode(), "m.tmx")
    assert caught.value.line == 52 and "malformed XML" in caught.value.message


def test_imported_memories_are_parsed_once_for_every_language_and_kept_in_the_cache(repo: Path, cli,
                                                                                     monkeypatch) -> None:
    """An update asks for the imported pairs once per language in each worker: the file is parsed once
    a process, for every language, and its pairs then come from the cache until the file changes."""
    import polyglot_docs.catalogs.memoryfile as memoryfile
    from polyglot_docs.core.cache import Cache

    source = write(repo / "in" / "legacy.tmx", "")
    source.write_bytes(legacy_bytes())
    cli("tm", "import", "--root", repo, source)
    settings_ = load_settings(repo)
    parsed: list[str] = []
    real = memoryfile.read_tmx
    monkeypatch.setattr(memoryfile, "read_tmx", lambda data, display: parsed.append(display) or real(data, display))
    expected = {lang: memory_pairs(settings_, lang) for lang in ("ru", "kk", "hy")}
    parsed.clear()
    cache = Cache(settings_.cache_dir)
    first = memoryfile.ImportedMemories(settings_, cache, ["ru"])
    assert {lang: first.pairs(lang) for lang in ("ru", "kk", "hy")} == expected and len(parsed) == 1
    cache.flush()
    again = memoryfile.ImportedMemories(settings_, Cache(settings_.cache_dir), ["ru"])
    assert {lang: again.pairs(lang) for lang in ("ru", "kk", "hy")} == expected and len(parsed) == 1
    key = digest_of(repo / "memory" / "legacy.tmx")
    for damage in ([(1, 2, 3, 4)], [("a", "b")], {"ru": [[1]]}, "text"):  # the right key, the wrong contents
        parsed.clear()
        cache.put(memoryfile.PAIRS_KIND, "memory/legacy.tmx#ru", [memoryfile._PAIRS_FORMAT, key, "en", damage])
        cache.flush()  # damaged: read again, the same pairs
        damaged = memoryfile.ImportedMemories(settings_, Cache(settings_.cache_dir), ["ru"])
        assert damaged.pairs("ru") == expected["ru"] and len(parsed) == 1
    parsed.clear()
    stored = repo / "memory" / "legacy.tmx"
    stored.write_bytes(stored.read_bytes().replace("Минске".encode(), "Минске!".encode()))
    changed = memoryfile.ImportedMemories(settings_, Cache(settings_.cache_dir), ["ru"])
    assert changed.pairs("ru")[0].target.endswith("Минске!.") and len(parsed) == 1


def digest_of(path: Path) -> str:
    from polyglot_docs.core.cache import digest

    return digest(path.read_bytes())


def test_the_pairs_of_a_language_do_not_depend_on_the_other_languages_asked_for(repo: Path, cli) -> None:
    """A ``pt-BR`` text is Portuguese for a repository that asks for ``pt`` only, and Brazilian Portuguese
    for one that also asks for ``pt_BR``; a cached entry made for one set of languages serves another."""
    import polyglot_docs.catalogs.memoryfile as memoryfile
    from polyglot_docs.core.cache import Cache

    settings_path = repo / "polyglot.toml"
    settings_path.write_text(re.sub(r"target-languages = \[[^]]*\]", 'target-languages = ["pt", "pt_BR"]',
                                    settings_path.read_text(encoding="utf-8")), encoding="utf-8")
    source = write(repo / "pt.tmx", '<tmx version="1.4"><header srclang="en"/><body><tu tuid="1">'
                   '<tuv xml:lang="en"><seg>Council</seg></tuv><tuv xml:lang="pt-BR"><seg>Conselho</seg></tuv>'
                   "</tu></body></tmx>")
    cli("tm", "import", "--root", repo, source)
    both = load_settings(repo)
    assert list(both.target_languages) == ["pt", "pt_BR"]
    cache = Cache(both.cache_dir)
    memories = memoryfile.ImportedMemories(both, cache, ["pt", "pt_BR"])
    assert [p.target for p in memories.pairs("pt")] == ["Conselho"] == [p.target for p in memories.pairs("pt_BR")]
    cache.flush()
    for lang in ("pt", "pt_BR"):
        fresh = memoryfile.ImportedMemories(both, Cache(both.cache_dir), [lang]).pairs(lang)
        assert fresh == memory_pairs(both, lang)


def test_a_memory_with_repeated_xml_ids_is_read_and_an_undefined_entity_named() -> None:
    from polyglot_docs.catalogs.tmx import TmxError

    ids = (b'<tmx version="1.4"><header srclang="en"/><body><tu xml:id="a"><tuv xml:lang="en"><seg>A</seg></tuv></tu>'
           b'<tu xml:id="a"><tuv xml:lang="en"><seg>B</seg></tuv></tu></body></tmx>')
    assert len(read_tmx(ids, "m.tmx").units) == 2  # xml:id is not checked (validity, not well-formedness)
    entity = (b'<tmx version="1.4"><header srclang="en"/><body>\n'
              b'<tu><tuv xml:lang="en"><seg>a&nbsp;b</seg></tuv></tu></body></tmx>')
    with pytest.raises(TmxError) as caught:
        read_tmx(entity, "m.tmx")
    assert (caught.value.message, caught.value.line) == ("malformed XML: Entity 'nbsp' not defined", 2)
    with pytest.raises(TmxError) as caught:
        read_tmx(b"", "m.tmx")
    assert (caught.value.message, caught.value.line) == ("malformed XML: Document is empty", 1)


@pytest.mark.parametrize("wrapping", ["group", "second body"])
def test_what_a_memory_holds_besides_its_units_costs_no_memory(wrapping: str) -> None:
    """Units wrapped in another element, or in a second body, are not read, and not kept either: a
    hostile file of them held 17 times its size as a tree. Measured in a process of its own."""
    import subprocess
    import sys

    script = f"""
import resource
from polyglot_docs.catalogs.tmx import read_tmx
units = '<tu><tuv xml:lang="en"><seg>S</seg></tuv><tuv xml:lang="fr"><seg>P</seg></tuv></tu>\\n' * 150_000
inner = "<group>" + units + "</group>" if {wrapping!r} == "group" else "</body><body>" + units
data = ('<tmx version="1.4"><header srclang="en"/><body>' + inner + '</body></tmx>').encode()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert read_tmx(data, "m.tmx").units == []
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    grown = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert grown < 40, f"{grown} MB for a 13 MB file"  # the tree of it: 200 MB
