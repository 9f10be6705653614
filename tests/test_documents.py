"""Documents: schema and rule validation, ids, import."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import STATEMENT, write
from polyglot_docs.core.xmlsafe import parse_document_bytes
from polyglot_docs.documents.importer import import_text, parse_date_line, split_paragraphs
from polyglot_docs.documents.model import XML_ID
from polyglot_docs.repository import Repository


def problems(repo: Path, text: str, name: str = "statement") -> list[str]:
    write(repo / "documents" / f"{name}.xml", text)
    return [str(p) for p in Repository.open(repo).documents.validate()]


def test_valid_document(repo: Path, cli) -> None:
    assert Repository.open(repo).documents.validate() == []
    result = cli("validate", "--root", repo)
    assert "1 document(s) valid" in result.output


@pytest.mark.parametrize(("change", "message", "line"), [
    (('xml:id="p2"', 'xml:id="p1"'), "duplicate id 'p1' (first on line 11)", 13),
    (('id="statement"', 'id="other"'), "document id 'other' does not match the file name 'statement.xml'", 3),
    (('xml:lang="en"', 'xml:lang="fr"'), "xml:lang 'fr' is not the repository's source language 'en'", 3),
    ((' xml:id="h1"', ""), "<h> has no xml:id; run 'polyglot-docs ids' to add one", 12),
    (('<h xml:id="h1">', '<h2 xml:id="h1">'), "schema:", 12),
    (('date="2021-05-19"', 'date="19.05.2021"'), "schema:", 3),
    (('xml:id="p3"', 'xml:id="3p"'), "schema:", None),
])
def test_problems_name_file_and_line(repo: Path, change: tuple[str, str], message: str, line: int | None) -> None:
    text = STATEMENT.replace(*change)
    if change[0] == '<h xml:id="h1">':
        text = text.replace("</h>", "</h2>")
    found = problems(repo, text)
    assert found, "expected a problem"
    assert any(message in p for p in found), found
    prefix = "documents/statement.xml:" + (f"{line}:" if line else "")
    assert all(p.startswith("documents/statement.xml:") for p in found)
    assert any(p.startswith(prefix) for p in found)


def test_validate_exits_nonzero_and_prints_each_problem(repo: Path, cli) -> None:
    write(repo / "documents" / "statement.xml", STATEMENT.replace('xml:id="p2"', 'xml:id="p1"'))
    write(repo / "documents" / "broken.xml", "<document><p>unclosed</document>\n")
    result = cli("validate", "--root", repo, expect=1)
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("documents/broken.xml:1: malformed XML") for line in lines)
    assert any(line.startswith("documents/statement.xml:13: duplicate id") for line in lines)


def test_dtd_and_entities_refused() -> None:
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaa">]>\n<document>&a;</document>\n'
    with pytest.raises(Exception, match="DTDs and entity declarations are not allowed") as caught:
        parse_document_bytes(bomb, "documents/x.xml")
    assert str(caught.value).startswith("documents/x.xml:2: ")


def test_ids_adds_missing_ids_and_keeps_existing(repo: Path, cli) -> None:
    text = STATEMENT.replace(' xml:id="h1"', "").replace(' xml:id="li2"', "").replace(
        '<p xml:id="p1">', '<p>')
    write(repo / "documents" / "statement.xml", text)
    result = cli("ids", "--root", repo)
    assert "added" in result.output
    doc = Repository.open(repo).documents.load("statement")
    assert [u.id for u in doc.units] == ["org", "place", "title", "p4", "h1", "p2", "p3", "li1", "li2"]
    before = (repo / "documents" / "statement.xml").read_bytes()
    cli("ids", "--root", repo)
    assert (repo / "documents" / "statement.xml").read_bytes() == before
    cli("ids", "--root", repo, "--check")


def test_date_lines() -> None:
    assert parse_date_line("19.05.2021").isoformat() == "2021-05-19"
    assert parse_date_line("19 May 2021").isoformat() == "2021-05-19"
    assert parse_date_line("May 19, 2021").isoformat() == "2021-05-19"
    assert parse_date_line("On 19 May 2021 the ministers met") is None
    assert parse_date_line("31.02.2021") is None


def test_paragraph_splitting() -> None:
    assert split_paragraphs("one\ntwo\n\n") == ["one", "two"]
    assert split_paragraphs("one\nstill one\n\ntwo\n") == ["one still one", "two"]
    assert split_paragraphs("one\nstill one\n\ntwo\n", "line") == ["one", "still one", "two"]


def test_import_statement_recognises_title_and_date(repo: Path, cli) -> None:
    text = "Statement by the Ministers\n19.05.2021\nFirst paragraph.\nSecond paragraph.\n"
    result = cli("import", "-", "--type", "statement", "--place", "Dushanbe", "--root", repo, input=text)
    assert "wrote documents/2021-05-19-statement-by-the-ministers.xml" in result.output
    doc = Repository.open(repo).documents.load("2021-05-19-statement-by-the-ministers")
    assert doc.type == "statement" and doc.date.isoformat() == "2021-05-19"
    assert [(u.id, u.text) for u in doc.units] == [
        ("org", "Collective Security Treaty Organization"), ("place", "Dushanbe"),
        ("title", "Statement by the Ministers"), ("p1", "First paragraph."), ("p2", "Second paragraph.")]
    # Importing again refuses to overwrite.
    again = cli("import", "-", "--type", "statement", "--root", repo, input=text, expect=1)
    assert "document exists; pass --force" in again.output


def test_import_news_with_options(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no date line in the text; pass --date"):
        import_text("On 14 September 2023 they met.", source="news.txt", doc_type="news", lang="en",
                    organisation="CSTO", title="Meeting")
    doc_id, data = import_text("On 14 September 2023 they met.", source="news.txt", doc_type="news", lang="en",
                               organisation="CSTO", title="Meeting", place="Moscow",
                               date=__import__("datetime").date(2023, 9, 14))
    assert doc_id == "2023-09-14-meeting"
    tree = parse_document_bytes(data, "x")
    assert [e.get(XML_ID) for e in tree.iter() if e.get(XML_ID)] == ["org", "place", "title", "p1"]
