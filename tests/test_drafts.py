"""Drafts are for reviewers (issue 12, section 2): what a draft edition shows, unit by unit.

A fuzzy or outdated translation is shown, marked "under review", with the source's change beside it
in the parallel edition; an untranslated unit shows the source, marked; a translation whose markup is
not the source's stays out. The notice and watermark are in every language of the edition. Nothing
of this reaches translated XML or a published edition.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import pypdf
import pytest
from lxml import etree, html

from conftest import RU, SETTINGS, STATEMENT, translate_units, write
from polyglot_docs.catalogs.po import read_po_file, write_po
from polyglot_docs.editions.build import BuildOptions, build
from polyglot_docs.editions.html import EditionInput, edition_context, environment, render_template
from polyglot_docs.editions.links import edition_links
from polyglot_docs.editions.plan import Edition
from polyglot_docs.editions.translate import translate, translate_document
from polyglot_docs.repository import Repository

DOC = "statement"
KK = {"title": "Сыртқы істер министрлерінің мәлімдемесі",
      "p1": "Біз <em>әлемдік</em> қоғамдастықты қағидаттарды құрметтеуге шақырамыз."}
# The source corrections a reviewer must see: one replaced word, one added word.
CORRECTED = STATEMENT.replace("respect the principles", "uphold the principles").replace(
    "that crimes had", "that grave crimes had")
RU_P1 = "Призываем мировое сообщество уважать принципы."


def catalog(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"


def reviewed_repo(root: Path, columns: str = "") -> Repository:
    """ru complete, kk two units, then the source corrected and updated: ru p1, p2 and kk p1 turn fuzzy."""
    write(root / "polyglot.toml", SETTINGS + columns)
    write(root / "documents" / f"{DOC}.xml", STATEMENT)
    repo = Repository.open(root)
    repo.update()
    translate_units(catalog(root, "ru"), RU)
    translate_units(catalog(root, "kk"), KK)
    write(root / "documents" / f"{DOC}.xml", CORRECTED)
    repo.update()
    fuzzy = {m.msgctxt for m in read_po_file(catalog(root, "ru")).messages if m.fuzzy}
    assert fuzzy == {"p1", "p2"}
    return repo


def page(path: Path) -> html.HtmlElement:
    return html.parse(str(path)).getroot()


def text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def visible(element: html.HtmlElement) -> str:
    """The text without what only screen readers get."""
    copy = deepcopy(element)
    for hidden in copy.find_class("visually-hidden"):
        hidden.drop_tree()
    return copy.text_content()


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drafts")
    repo = reviewed_repo(root, '\n[editions]\ncolumns = [["en", "ru", "kk"]]\n')
    report = build(repo, BuildOptions(draft=True, formats=("html",), output=root / "d"))
    assert {"ru", "en-ru", "en-ru-kk"} <= {e.folder for e in report.editions}
    return root / "d"


def test_fuzzy_translation_is_shown_under_review_beside_the_source_change(drafts: Path) -> None:
    parallel = page(drafts / "en-ru" / f"{DOC}.html")
    cell = parallel.get_element_by_id("ru-p1")
    assert "review" in cell.get("class").split() and cell.get("data-status") == "fuzzy"
    assert cell.get("lang") is None  # the column's language: it is the translation, not a fallback
    assert cell.find("span[@class='review-label']").text == "Перевод на проверке"
    assert text(cell).endswith(RU_P1) and cell.find("em").text == "мировое"  # markup rebuilt from the source
    source = parallel.get_element_by_id("en-p1")
    change = source.find("span[@class='source-change']")
    assert text(change.find("span[@class='change-label']")) == "Source text changed since the translation"
    assert [text(d) for d in change.iter("del")] == ["Deleted: respect"]
    assert [text(i) for i in change.iter("ins")] == ["Inserted: uphold"]
    assert [d.find("span").get("class") for d in change.iter("del", "ins")] == ["visually-hidden"] * 2
    # What a sighted reader sees: the current source, the deleted word struck through before its replacement.
    assert visible(change.find("span[@class='change-text']")) == (
        "We call upon the global community to respectuphold the principles.")
    added = parallel.get_element_by_id("en-p2").find(".//ins")
    assert text(added) == "Inserted: grave"
    unchanged = parallel.get_element_by_id("en-p3")  # translated: no change shown, no label
    assert unchanged.find(".//del") is None and not unchanged.find_class("source-change")


def test_monolingual_draft_marks_the_translation_under_review(drafts: Path) -> None:
    ru = page(drafts / "ru" / f"{DOC}.html")
    for unit in ("p1", "p2"):
        block = ru.get_element_by_id(f"ru-{unit}")
        assert "review" in block.get("class").split() and block.get("lang") is None
        assert block.find("span[@class='review-label']").text == "Перевод на проверке"
    assert text(ru.get_element_by_id("ru-p1")).endswith(RU_P1)
    assert ru.find(".//del") is None  # the diff is for the parallel edition's source cell
    assert ru.get_element_by_id("ru-h1").get("class") is None  # a finished translation is not marked


def test_untranslated_unit_shows_the_source_marked(drafts: Path) -> None:
    parallel = page(drafts / "en-kk" / f"{DOC}.html")
    cell = parallel.get_element_by_id("kk-h1")
    assert cell.get("lang") == "en" and cell.get("data-status") == "untranslated"
    assert cell.get("class").split() == ["fallback", "fallback-untranslated"]
    label = cell.find("span[@class='fallback-label']")
    assert label.get("lang") == "kk" and label.text == "Әлі аударылмаған"
    assert text(cell).endswith("The judgment")
    assert not parallel.get_element_by_id("en-h1").find_class("source-change")  # nothing under review
    kk_p1 = parallel.get_element_by_id("kk-p1")  # kk's own fuzzy unit: under review, in Kazakh
    assert kk_p1.find("span[@class='review-label']").text == "Аударма тексерілуде"


def test_notice_and_watermark_are_in_every_language(drafts: Path) -> None:
    expected = {("ru",): ["ru"], ("en", "ru"): ["en", "ru"], ("en", "ru", "kk"): ["en", "ru", "kk"]}
    assert not page(drafts / "en" / f"{DOC}.html").find_class("draft-notice")  # the original is no draft
    for langs, notice_langs in expected.items():
        edition = page(drafts / "-".join(langs) / f"{DOC}.html")
        notices = edition.find_class("draft-notice")
        assert [n.get("lang") for n in notices] == notice_langs
        mark = edition.find_class("draft-mark")[0]
        assert mark.get("aria-hidden") == "true"
        assert [s.get("lang") for s in mark.iter("span")] == notice_langs
    three = page(drafts / "en-ru-kk" / f"{DOC}.html")
    assert [text(s) for s in three.find_class("draft-mark")[0].iter("span")] == ["DRAFT", "ПРОЕКТ", "ЖОБА"]
    assert text(three.find_class("draft-notice")[1]).startswith("Проект для рассмотрения, не для публикации.")
    assert text(three.find_class("draft-notice")[2]).startswith("Қарауға арналған жоба, жариялауға жатпайды.")
    # ru and kk translations of p1 were made for the same earlier source: one change, naming both.
    changes = three.get_element_by_id("en-p1").find_class("source-change")
    assert len(changes) == 1
    assert text(changes[0].find("span[@class='change-label']")).endswith("(Русский, Қазақ тілі)")


def test_draft_pdf_carries_every_language_on_every_page(tmp_path: Path) -> None:
    repo = reviewed_repo(tmp_path, '\n[editions]\ncolumns = [["en", "ru", "kk"]]\n')
    long_text = "The Tribunal found that the crimes had been committed on a scale unprecedented in history. " * 6
    document = repo.settings.document_path(DOC)
    document.write_text(document.read_text(encoding="utf-8").replace(
        "<list>", "".join(f'<p xml:id="x{i}">{long_text}</p>' for i in range(8)) + "<list>"), encoding="utf-8")
    repo.update()
    report = build(repo, BuildOptions(draft=True, formats=("pdf",), column_sets=[("en", "ru", "kk")],
                                      output=tmp_path / "d"))
    edition = next(e for e in report.editions if e.langs == ("en", "ru", "kk"))
    pages = pypdf.PdfReader(tmp_path / "d" / edition.path("pdf")).pages
    assert len(pages) >= 2
    for number, pdf_page in enumerate(pages):  # the diagonal watermark repeats on every page
        words = pdf_page.extract_text()
        assert all(word in words for word in ("DRAFT", "ПРОЕКТ", "ЖОБА")), number
    first = pages[0].extract_text()
    assert "Draft for review" in first and "Проект для рассмотрения" in first and "Қарауға арналған" in first


def test_invalid_markup_under_review_stays_out(tmp_path: Path) -> None:
    repo = reviewed_repo(tmp_path)
    # A reviewer's half-done edit: the emphasis lost, the entry still fuzzy.
    translate_units(catalog(tmp_path, "ru"), {"p1": "Призываем мировое сообщество соблюдать принципы."},
                    fuzzy=frozenset({"p1"}))
    translation = translate(repo, DOC, "ru", draft=True)
    outcome = next(o for o in translation.outcomes if o.unit_id == "p1")
    assert outcome.status == "invalid" and outcome.problem == "missing <em>"
    assert "p1" not in translation.changes  # no translation shown, so no change beside it
    block = translation.tree.getroot().find(".//p[@status]")
    assert block.get("{http://www.w3.org/XML/1998/namespace}lang") == "en" and block.get("status") == "invalid"
    report = build(repo, BuildOptions(draft=True, formats=("html",), output=tmp_path / "d"))
    cell = page(report.output / "en-ru" / f"{DOC}.html").get_element_by_id("ru-p1")
    assert cell.get("lang") == "en" and cell.get("data-status") == "invalid"
    assert cell.find("span[@class='fallback-label']").text == "Перевод требует исправления"
    assert "соблюдать" not in text(cell)


def test_outdated_translation_is_reviewed_like_a_fuzzy_one(tmp_path: Path) -> None:
    repo = reviewed_repo(tmp_path)
    translate_units(catalog(tmp_path, "ru"), RU)  # confirmed: nothing fuzzy, nothing outdated
    document = repo.settings.document_path(DOC)
    document.write_text(CORRECTED.replace("item 3.5", "item 3.6"), encoding="utf-8")  # not updated since
    document_now = repo.documents.load(DOC)
    ru = read_po_file(catalog(tmp_path, "ru"))
    tree, outcomes = translate_document(document_now, ru, "ru", draft=True)
    p3 = next(o for o in outcomes if o.unit_id == "p3")
    assert p3.status == "fuzzy"
    block = tree.getroot().find(".//p[@status='fuzzy']")
    assert block.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert "".join(block.itertext()).startswith("См. приговор")
    assert block.find("a").get("href") == "https://example.org/judgment"  # attributes from the source only
    changes = translate(repo, DOC, "ru", document_now, draft=True).changes
    assert [o for o in changes["p3"] if o["op"] != "equal"] == [{"op": "delete", "text": "3.5."},
                                                                 {"op": "insert", "text": "3.6."}]
    # The protected date is spelled out in the diff, not left as a placeholder.
    assert "1 October 1946" in "".join(o["text"] for o in changes["p3"])


def test_translated_xml_carries_no_review_and_no_diff(tmp_path: Path, cli) -> None:
    reviewed_repo(tmp_path)
    result = cli("translate", DOC, "--lang", "ru", "--root", tmp_path)
    root = etree.fromstring(result.stdout_bytes)
    fuzzy = root.findall(".//*[@status='fuzzy']")
    assert [b.get("{http://www.w3.org/XML/1998/namespace}id") for b in fuzzy] == ["p1", "p2"]
    for block in fuzzy:  # as before drafts showed translations: the source, marked
        assert block.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert "".join(fuzzy[0].itertext()) == "We call upon the global community to uphold the principles."
    source = etree.parse(str(tmp_path / "documents" / f"{DOC}.xml")).getroot()
    allowed = {el.tag for el in source.iter()}
    assert {el.tag for el in root.iter()} <= allowed  # no del, ins or change element
    attributes = {name for el in root.iter() for name in el.attrib} - {a for el in source.iter() for a in el.attrib}
    assert attributes == {"status", "source-lang"}
    # The draft tree itself is as clean: the changes travel beside it.
    repo = Repository.open(tmp_path)
    draft = translate(repo, DOC, "ru", draft=True)
    xml = draft.xml().decode("utf-8")
    assert "<del" not in xml and "<ins" not in xml and "uphold" not in xml and set(draft.changes) == {"p1", "p2"}
    assert "Призываем <em>мировое</em>" in xml


def test_published_editions_never_show_a_fuzzy_translation(tmp_path: Path) -> None:
    repo = reviewed_repo(tmp_path)
    report = build(repo, BuildOptions(formats=("html",), output=tmp_path / "site"))
    assert all(not e.draft and "ru" not in e.langs for e in report.editions)  # ru is withheld: two units fuzzy
    for path in (tmp_path / "site").rglob("*.html"):
        body = page(path).find("body")  # the inlined stylesheet names every class; the body must not
        assert "Призываем" not in body.text_content()
        assert not body.find_class("review") and not body.find_class("draft-mark")
    # Rendered as a non-draft edition all the same, the fuzzy unit shows the source, never the translation.
    document = repo.documents.load(DOC)
    edition = Edition(DOC, ("en", "ru"))
    trees = {"en": document.tree, "ru": translate(repo, DOC, "ru", document).tree}
    links = edition_links(edition, {DOC: [("en",), ("en", "ru")]}, "en", False)
    context = edition_context(edition, EditionInput(document, trees), source_lang="en", links=links)
    assert context["draft_marks"] == [] and all(not row["changes"] for row in context["rows"])
    rendered = html.fromstring(render_template(environment(None), "parallel.html.j2", context))
    cell = rendered.get_element_by_id("ru-p1")
    assert cell.get("lang") == "en" and cell.get("data-status") == "fuzzy" and "Призываем" not in text(cell)
    assert not rendered.find_class("source-change") and not rendered.find_class("review")


def test_hostile_text_under_review_is_only_ever_text(tmp_path: Path) -> None:
    repo = reviewed_repo(tmp_path)
    path = catalog(tmp_path, "ru")
    ru = read_po_file(path)
    for message in ru.messages:
        if message.msgctxt == "p1":  # markup the source has, escaped text that looks like markup
            message.msgstr = "&lt;script&gt;alert(1)&lt;/script&gt; <em>мировое</em> сообщество."
        if message.msgctxt == "p2":  # a hand-edited "#|" line that is not even well-formed
            message.previous_msgid = 'The <img src=x onerror="alert(1)"> Tribunal &amp; crimes'
    path.write_bytes(write_po(ru))
    report = build(repo, BuildOptions(draft=True, formats=("html",), output=tmp_path / "d"))
    source = (report.output / "en-ru" / f"{DOC}.html").read_text(encoding="utf-8")
    parallel = html.fromstring(source)
    assert parallel.xpath("//script") == [] and parallel.xpath("//img") == []
    assert not [a for el in parallel.iter() for a in el.attrib if a.startswith("on")]
    assert text(parallel.get_element_by_id("ru-p1")).startswith("Перевод на проверке <script>alert(1)</script>")
    change = parallel.get_element_by_id("en-p2").find_class("change-text")[0]
    assert [d.text_content() for d in change.iter("del")] == ["Deleted: &"]  # the tag-like text dropped
    assert "onerror" not in change.text_content()
