"""End to end over temporary repositories: import, extract, init, translate, edit, update, translate back."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree

from conftest import RU, STATEMENT, assert_gettext_canonical, gettext_tool, translate_units, write
from polyglot_docs.catalogs.po import read_po, read_po_file
from polyglot_docs.documents.validate import document_schema


def catalog_path(repo: Path, lang: str, doc: str = "statement") -> Path:
    return repo / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"


def messages(path: Path) -> dict[str, object]:
    catalog = read_po_file(path)
    return {m.msgctxt: m for m in catalog.messages}


def all_catalogs(repo: Path) -> list[Path]:
    return sorted(repo.glob("locales/**/*.po")) + sorted(repo.glob("locales/templates/*.pot"))




def test_scenario_import_to_translate(repo: Path, cli) -> None:
    (repo / "documents" / "statement.xml").unlink()
    text = ("Statement by the Ministers for Foreign Affairs\n19.05.2021\n"
            "We remember with sorrow all those who fell victim.\n"
            "The judgment enshrined in law the final defeat of Nazism.\n"
            "The trials laid the foundation for post-war instruments.\n"
            "We call upon the international community to share objective information.\n")
    cli("import", "-", "--type", "statement", "--id", "statement", "--place", "Dushanbe", "--root", repo, input=text)
    cli("extract", "--root", repo)
    assert (repo / "locales" / "templates" / "statement.pot").exists()
    cli("init", "--lang", "ru", "--root", repo)
    ru = catalog_path(repo, "ru")
    header = read_po_file(ru)
    assert header.header_field("Language") == "ru"
    assert header.header_field("Plural-Forms").startswith("nplurals=3;")
    assert "charset=UTF-8" in header.header_field("Content-Type")
    translate_units(ru, {"title": "Заявление министров иностранных дел",
                         "p1": "С прискорбием вспоминаем всех, кто стал жертвой.",
                         "p2": "Приговор юридически закрепил окончательный разгром нацизма.",
                         "p3": "Процесс заложил основу послевоенных документов.",
                         "p4": "Призываем международное сообщество распространять объективную информацию."})

    # The editor changes p2, deletes p3, adds a paragraph and moves p4 to the top.
    doc = repo / "documents" / "statement.xml"
    xml = doc.read_text(encoding="utf-8")
    p1 = re.search(r'\s*<p xml:id="p1">.*?</p>', xml).group(0)
    p3 = re.search(r'\s*<p xml:id="p3">.*?</p>', xml).group(0)
    p4 = re.search(r'\s*<p xml:id="p4">.*?</p>', xml).group(0)
    xml = xml.replace(p3, "").replace(p4, "").replace(p1, p4 + p1)
    xml = xml.replace("final defeat of Nazism", "final and irrevocable defeat of Nazism")
    xml = xml.replace("</body>", '  <p xml:id="p5">A new closing paragraph.</p>\n  </body>')
    doc.write_text(xml, encoding="utf-8")
    cli("update", "--root", repo)

    state = messages(ru)
    assert list(state) == ["org", "place", "title", "p4", "p1", "p2", "p5"]
    assert not state["p1"].fuzzy and state["p1"].msgstr.startswith("С прискорбием")
    assert not state["p4"].fuzzy and state["p4"].msgstr.startswith("Призываем")  # moved, unchanged
    assert state["p2"].fuzzy and state["p2"].msgstr.startswith("Приговор юридически")
    assert state["p2"].previous_msgid == "The judgment enshrined in law the final defeat of Nazism."
    assert state["p5"].msgstr == "" and not state["p5"].fuzzy
    obsolete = read_po_file(ru).obsolete
    assert [(m.msgctxt, m.msgstr) for m in obsolete] == [("p3", "Процесс заложил основу послевоенных документов.")]
    for path in all_catalogs(repo):
        assert_gettext_canonical(path)

    # The translated document: fuzzy and untranslated units fall back to the source, marked.
    result = cli("translate", "statement", "--lang", "ru", "--root", repo)
    tree = etree.fromstring(result.stdout_bytes)
    assert document_schema().validate(tree.getroottree()), document_schema().error_log
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    blocks = {e.get("{http://www.w3.org/XML/1998/namespace}id"): e for e in tree.iter() if e.get(
        "{http://www.w3.org/XML/1998/namespace}id")}
    assert tree.get(lang) == "ru"
    assert blocks["p1"].text.startswith("С прискорбием") and blocks["p1"].get("status") is None
    assert blocks["p2"].get("status") == "fuzzy" and blocks["p2"].get(lang) == "en"
    assert blocks["p5"].get("status") == "untranslated" and blocks["p5"].text == "A new closing paragraph."

    # Deleted p3 comes back: its translation returns from the obsolete entry.
    doc.write_text(xml.replace("</body>", p3 + "\n  </body>"), encoding="utf-8")
    cli("update", "--root", repo)
    state = messages(ru)
    assert state["p3"].msgstr == "Процесс заложил основу послевоенных документов." and not state["p3"].fuzzy
    assert read_po_file(ru).obsolete == []


def test_update_twice_changes_no_byte_and_catalogs_are_gettext_canonical(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(catalog_path(repo, "ru"), RU)
    cli("update", "--root", repo)
    before = {p: p.read_bytes() for p in all_catalogs(repo)}
    stamps = {p: p.stat().st_mtime_ns for p in before}
    result = cli("update", "--root", repo)
    assert result.stderr == "3 catalog(s): 0 written, 3 unchanged\n" and result.stdout == ""
    assert {p: p.read_bytes() for p in all_catalogs(repo)} == before
    assert {p: p.stat().st_mtime_ns for p in before} == stamps  # not even rewritten
    for path in before:
        assert_gettext_canonical(path)


def test_unit_content_in_catalog(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    state = messages(catalog_path(repo, "ru"))
    assert state["p3"].msgid == "See <a1>the judgment</a1> of <x1/>, item 3.5."
    assert state["p3"].extracted_comments == [
        "Paragraph", "<a1> is a link to https://example.org/judgment", "<x1/> is kept as written: 1 October 1946"]
    assert state["p2"].extracted_comments == ["Paragraph", "Note: Use the official Russian name of the Tribunal."]
    assert state["p2"].msgid == "The International Military Tribunal in Nuremberg found that crimes had been committed."
    assert state["p1"].references == ["documents/statement.xml"]
    assert "symbol" not in state  # its:translate="no" blocks are not units


def test_translate_restores_markup_and_refuses_mismatch(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(catalog_path(repo, "ru"), {**RU, "h1": "<em>Приговор</em>"})
    result = cli("translate", "statement", "--lang", "ru", "--root", repo)
    tree = etree.fromstring(result.stdout_bytes)
    p3 = tree.find(".//p[@{http://www.w3.org/XML/1998/namespace}id='p3']")
    assert etree.tostring(p3, encoding="unicode", with_tail=False).endswith(
        'См. <a href="https://example.org/judgment">приговор</a> от '
        '<span its:translate="no">1 October 1946</span>, пункт 3,5.</p>')
    h1 = tree.find(".//h")
    assert h1.get("status") == "invalid" and h1.text == "The judgment"
    assert re.search(r"warning: locales/ru/LC_MESSAGES/statement.po:\d+: unit h1: unexpected <em>", result.stderr)


def test_translation_memory_offers_fuzzy_for_identical_text(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(catalog_path(repo, "ru"), RU)
    write(repo / "documents" / "second.xml", STATEMENT.replace('id="statement"', 'id="second"'))
    result = cli("update", "--root", repo)
    assert "created locales/ru/LC_MESSAGES/second.po" in result.output
    state = messages(catalog_path(repo, "ru", "second"))
    assert state["org"].msgstr == RU["org"] and state["org"].fuzzy


def test_id_anchoring_where_msgmerge_cross_matches(repo: Path, cli, tmp_path: Path) -> None:
    """msgmerge gives a changed paragraph its most similar neighbour's translation; update never does."""
    text = STATEMENT.replace("Council of Defence Ministers", "Council of Foreign Ministers of the member states")
    write(repo / "documents" / "statement.xml", text)
    cli("update", "--root", repo)
    translate_units(catalog_path(repo, "ru"), {**RU, "li2": "Совет министров иностранных дел государств-членов"})
    # li1 changes to read almost like li2's old text.
    write(repo / "documents" / "statement.xml", text.replace(
        ">Council of Foreign Ministers<", ">Council of the Foreign Ministers of the member states<"))
    before = tmp_path / "before.po"
    before.write_bytes(catalog_path(repo, "ru").read_bytes())
    cli("update", "--root", repo)
    state = messages(catalog_path(repo, "ru"))
    assert state["li1"].fuzzy and state["li1"].msgstr == RU["li1"]
    assert state["li2"].msgstr == "Совет министров иностранных дел государств-членов" and not state["li2"].fuzzy

    # The same revision through GNU msgmerge: li1 is handed li2's translation.
    merged = gettext_tool("msgmerge", "--previous", "-q", "-o", "-", before,
                          repo / "locales" / "templates" / "statement.pot")
    theirs = {m.msgctxt: m for m in read_po(merged.stdout).messages}
    assert theirs["li1"].msgstr == "Совет министров иностранных дел государств-членов"


def test_status_counts_equal_msgfmt_statistics(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(catalog_path(repo, "ru"), {k: RU[k] for k in ("org", "place", "title", "p1", "h1")})
    translate_units(catalog_path(repo, "kk"), {"org": "Ұжымдық қауіпсіздік туралы шарт ұйымы"})
    write(repo / "documents" / "statement.xml", STATEMENT.replace("We call upon", "We urge"))
    cli("update", "--root", repo)  # p1 becomes fuzzy in ru
    rows = json.loads(cli("status", "--json", "--root", repo).stdout)["catalogs"]
    assert {r["language"] for r in rows} == {"ru", "hy", "kk"}
    for row in rows:
        stats = gettext_tool("msgfmt", "--statistics", "-o", "/dev/null", repo / row["path"]).stderr.decode()
        expected = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", stats)}
        m = row["messages"]
        assert (m["translated"], m["fuzzy"], m["untranslated"]) == (
            expected.get("translated", 0), expected.get("fuzzy", 0), expected.get("untranslated", 0)), stats
    ru = next(r for r in rows if r["language"] == "ru")
    assert ru["messages"]["fuzzy"] == 1 and ru["words"]["total"] > 0


def test_status_fail_under_gates_ci(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(catalog_path(repo, "ru"), RU | {"li2": "Совет министров обороны"})
    cli("status", "--lang", "ru", "--fail-under", "100", "--root", repo)
    result = cli("status", "--lang", "kk", "--fail-under", "50", "--root", repo, expect=1)
    assert "locales/kk/LC_MESSAGES/statement.po: 0.0% < 50%" in result.stderr


def test_commands_find_the_root_from_a_subfolder(repo: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(repo / "documents")
    result = cli("validate")
    assert "1 document(s) valid" in result.output


def test_every_command_has_help(cli) -> None:
    """Every command the app registers (found by introspection, not listed here) answers ``--help``
    with exit 0 and names each of its options by its long name."""
    import typer

    from polyglot_docs.cli import app

    def commands(group, path=()):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):  # a sub-app: its commands are run as `group sub ...`
                yield from commands(command, (*path, name))
            else:
                yield (*path, name), command

    found = list(commands(typer.main.get_command(app)))
    assert found
    for path, command in found:
        output = cli(*path, "--help").output
        assert "Usage" in output, path
        names = [name for param in command.params if param.param_type_name == "option"
                 and not getattr(param, "hidden", False) for name in (*param.opts, *param.secondary_opts)
                 if name.startswith("--")]
        for name in names:  # whole names: --lang is not found inside --langs
            assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", output), f"{' '.join(path)} --help: {name}"
    assert re.match(r"polyglot-docs \d+\.\d+", cli("--version").output)


def test_bad_catalog_is_one_line_error_and_nothing_written(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    ru = catalog_path(repo, "ru")
    broken = ru.read_text(encoding="utf-8").replace('msgctxt "p1"\n', 'msgctxt "p1\n', 1)
    ru.write_text(broken, encoding="utf-8")
    before = {p: p.read_bytes() for p in all_catalogs(repo)}
    result = cli("update", "--root", repo, expect=1)
    assert re.fullmatch(r"error: locales/ru/LC_MESSAGES/statement\.po:\d+: unterminated string\n", result.stderr)
    assert {p: p.read_bytes() for p in all_catalogs(repo)} == before


def test_entry_without_msgctxt_is_refused(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    ru = catalog_path(repo, "ru")
    ru.write_text(ru.read_text(encoding="utf-8") + '\nmsgid "Stray"\nmsgstr "Лишнее"\n', encoding="utf-8")
    result = cli("status", "--root", repo, expect=1)
    assert re.fullmatch(r"error: locales/ru/LC_MESSAGES/statement\.po:\d+: entry has no msgctxt; .*\n", result.stderr)


def test_catalog_of_a_deleted_document_stops_update_and_nothing_is_written(repo: Path, cli) -> None:
    write(repo / "documents" / "second.xml", STATEMENT.replace('id="statement"', 'id="second"'))
    cli("update", "--root", repo)
    (repo / "documents" / "second.xml").unlink()
    write(repo / "documents" / "statement.xml", STATEMENT.replace("We call upon", "We urge"))
    before = {p: p.read_bytes() for p in all_catalogs(repo)}
    result = cli("update", "--root", repo, expect=1)
    assert result.stderr == "".join(  # every catalog of the missing document is named
        f"error: locales/{lang}/LC_MESSAGES/second.po: no document 'second' for this catalog: "
        "restore documents/second.xml or retire the catalog (git rm) on purpose\n" for lang in ("hy", "kk", "ru"))
    assert {p: p.read_bytes() for p in all_catalogs(repo)} == before
