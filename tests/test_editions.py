"""Editions: real HTML and real PDFs from WeasyPrint, opened and inspected."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from lxml import etree, html

from conftest import RU, SETTINGS, STATEMENT, translate_units, write
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.editions.build import BuildOptions, build, inside
from polyglot_docs.repository import Repository

DOC = "statement"
KK = {"org": "Ұжымдық қауіпсіздік туралы шарт ұйымы", "place": "Душанбе",
      "title": "Сыртқы істер министрлерінің мәлімдемесі"}
HY = {"org": "Հավաքական անվտանգության պայմանագրի կազմակերպություն", "place": "Դուշանբե",
      "title": "Արտաքին գործերի նախարարների հայտարարություն", "h1": "Դատավճիռը"}


def fill(repo: Path, lang: str, translations: dict[str, str]) -> None:
    translate_units(repo / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po", translations)


def make_repo(root: Path) -> Repository:
    write(root / "polyglot.toml", SETTINGS)
    write(root / "documents" / f"{DOC}.xml", STATEMENT)
    repo = Repository.open(root)
    repo.update()
    fill(root, "ru", RU)
    fill(root, "kk", KK)
    fill(root, "hy", HY)
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repository, Path]:
    root = tmp_path_factory.mktemp("repo")
    repo = make_repo(root)
    report = build(repo, BuildOptions())
    assert {(e.doc_id, e.langs) for e in report.editions} == {(DOC, ("en",)), (DOC, ("ru",)), (DOC, ("en", "ru"))}
    hy = "hy: 5 untranslated (p1, p2, p3, li1, li2) of 9 units"
    kk = "kk: 6 untranslated (p1, h1, p2, p3, li1, 1 more) of 9 units"
    assert {s.langs: s.reason for s in report.skipped} == {("hy",): hy, ("kk",): kk, ("en", "hy"): hy, ("en", "kk"): kk}
    return repo, report.output


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_parallel_html_is_aligned_by_unit(built: tuple[Repository, Path]) -> None:
    repo, out = built
    page = html.parse(str(out / "en-ru" / f"{DOC}.html")).getroot()
    assert page.get("lang") == "en"
    assert [th.get("lang") for th in page.iterfind(".//thead/tr/th")] == ["en", "ru"]
    assert [th.text_content() for th in page.iterfind(".//thead/tr/th")] == ["English", "Русский"]
    rows = page.findall(".//tbody/tr")
    units = [u.id for u in repo.documents.load(DOC).units if u.role not in ("organisation", "place")]
    assert [r.get("data-unit") for r in rows] == units
    for row in rows:
        cells = row.findall("td")
        assert [c.get("lang") for c in cells] == ["en", "ru"]
        assert [c[0].get("id") for c in cells] == [f"en-{row.get('data-unit')}", f"ru-{row.get('data-unit')}"]
    p3 = page.get_element_by_id("ru-p3")
    assert etree.tostring(p3, encoding="unicode", with_tail=False) == (
        '<p id="ru-p3">См. <a href="https://example.org/judgment">приговор</a> от '
        '<span class="verbatim" translate="no">1 October 1946</span>, пункт 3,5.</p>')
    assert page.get_element_by_id("ru-p1").find("em").text == "мировое"


def test_monolingual_html_links_its_language_versions(built: tuple[Repository, Path]) -> None:
    _, out = built
    page = html.parse(str(out / "ru" / f"{DOC}.html")).getroot()
    assert page.get("lang") == "ru"
    alternates = {link.get("hreflang"): link.get("href") for link in page.iterfind(".//link[@rel='alternate']")}
    assert alternates == {"en": f"../en/{DOC}.html", "ru": f"../ru/{DOC}.html", "x-default": f"../en/{DOC}.html"}
    assert page.find(".//h1").text_content() == RU["title"]
    assert page.find(".//time").text == "19 мая 2021 года"
    assert "Язык оригинала" in page.find(".//p[@class='original-note']").text_content()
    english = html.parse(str(out / "en" / f"{DOC}.html")).getroot()
    assert {link.get("hreflang") for link in english.iterfind(".//link[@rel='alternate']")} == {"en", "ru",
                                                                                              "x-default"}


def test_index_per_language(built: tuple[Repository, Path]) -> None:
    _, out = built
    assert not (out / "hy" / "index.html").exists() and not (out / "kk" / "index.html").exists()  # nothing published
    for lang in ("en", "ru"):
        page = html.parse(str(out / lang / "index.html")).getroot()
        assert page.get("lang") == lang
        assert {a.get("hreflang") for a in page.iterfind(".//link[@rel='alternate']")} >= {"en", "ru", "x-default"}
        assert "%" not in page.find("body").text_content()  # readers see no workflow state
    ru = html.parse(str(out / "ru" / "index.html")).getroot()
    assert RU["title"] in ru.text_content() and "19 мая 2021" in ru.text_content()
    hrefs = [a.get("href") for a in ru.iterfind(".//main//a")]
    assert hrefs == [f"../ru/{DOC}.html", f"../ru/{DOC}.pdf", f"../en-ru/{DOC}.html", f"../en-ru/{DOC}.pdf",
                     f"../en/{DOC}.html"]


def test_bilingual_pdf(built: tuple[Repository, Path]) -> None:
    repo, out = built
    path = out / "en-ru" / f"{DOC}.pdf"
    reader = pypdf.PdfReader(path)
    meta = reader.metadata
    assert meta.title == "Statement by the Ministers for Foreign Affairs / " + RU["title"]
    assert meta.author == "Collective Security Treaty Organization"
    assert meta["/CreationDate"].startswith("D:20210519")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    def flatten(items: list, depth: int = 1) -> list:
        out = []
        for item in items:
            if isinstance(item, list):
                out += flatten(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))
        return out
    # One bookmark per unit, from the first column only.
    assert flatten(reader.outline) == [(1, "Statement by the Ministers for Foreign Affairs", 0),
                                       (2, "The judgment", 0)]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.strip().splitlines()[2:]
    assert rows and all(re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", row) for row in rows), fonts
    text = pdftotext(path)
    flat = " ".join(words(text)).lower()  # the masthead is set in capitals
    document = repo.documents.load(DOC)
    for unit in document.units:
        english = " ".join(words(re.sub(r"<[^>]+>", " ", unit.text.replace("<x1/>", "1 October 1946"))))
        assert english.lower() in flat, unit.id
    for unit_id, russian in RU.items():
        expected = " ".join(words(re.sub(r"<[^>]+>", " ", russian.replace("<x1/>", "1 October 1946"))))
        assert expected.lower() in flat, unit_id
    assert "Страница 1 из 1" in text and "Page 1 of 1" in text


def test_pdf_is_reproducible(built: tuple[Repository, Path], tmp_path: Path) -> None:
    repo, out = built
    again = build(repo, BuildOptions(formats=("pdf",), output=tmp_path / "again"))
    for edition in again.editions:
        assert (tmp_path / "again" / edition.path("pdf")).read_bytes() == (out / edition.path("pdf")).read_bytes()


def test_draft_marks_every_page_and_every_fallback(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    long_text = "The Tribunal found that the crimes had been committed on a scale unprecedented in history. " * 6
    extra = "".join(f'\n    <p xml:id="x{i}">{long_text}</p>' for i in range(12))
    document = repo.settings.document_path(DOC)
    document.write_text(document.read_text(encoding="utf-8").replace("<list>", extra + "\n    <list>"),
                        encoding="utf-8")
    repo.update()
    report = build(repo, BuildOptions(langs=["kk"], draft=True, output=tmp_path / "draft"))
    assert report.skipped == [] and {e.langs: e.draft for e in report.editions} == {
        ("kk",): True, ("en", "kk"): True}  # --lang kk renders only what has Kazakh in it
    page = html.parse(str(tmp_path / "draft" / "en-kk" / f"{DOC}.html")).getroot()
    fallbacks = page.xpath("//td[@lang='kk']/*[contains(@class, 'fallback')]")
    assert len(fallbacks) == 6 + 12
    for element in fallbacks:
        assert element.get("lang") == "en" and element.get("data-status") == "untranslated"
        assert element.find("span[@class='fallback-label']").get("lang") == "kk"
    pdf = tmp_path / "draft" / "en-kk" / f"{DOC}.pdf"
    pages = pypdf.PdfReader(pdf).pages
    assert len(pages) >= 3
    for page in pages:  # pdftotext leaves out the diagonal mark; pypdf reads it; in every language
        assert "ЖОБА" in page.extract_text() and "DRAFT" in page.extract_text()


def test_left_column_and_three_languages(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    settings = repo.settings.settings_path
    settings.write_text(settings.read_text(encoding="utf-8") + '\n[editions]\nleft = "ru"\n'
                        'columns = [["en", "ru", "kk"]]\n', encoding="utf-8")
    repo = Repository.open(tmp_path)
    report = build(repo, BuildOptions(langs=["ru"], formats=("html",), output=tmp_path / "left"))
    assert ("ru", "en") in {e.langs for e in report.editions}
    page = html.parse(str(tmp_path / "left" / "ru-en" / f"{DOC}.html")).getroot()
    assert [th.get("lang") for th in page.iterfind(".//thead/tr/th")] == ["ru", "en"]
    with pytest.raises(PolyglotError, match=r"--langs en,hy,kk: not an edition of this repository"):
        build(repo, BuildOptions(column_sets=[("en", "hy", "kk")], draft=True, output=tmp_path / "three"))
    three = build(repo, BuildOptions(column_sets=[("en", "ru", "kk")], draft=True, output=tmp_path / "three"))
    edition = next(e for e in three.editions if len(e.langs) == 3)
    box = pypdf.PdfReader(tmp_path / "three" / edition.path("pdf")).pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape


def test_missing_glyph_fails_the_build(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    fill(tmp_path, "ru", {**RU, "h1": "Приговор \ue000"})
    with pytest.raises(PolyglotError, match=r"missing glyphs \(U\+E000\)"):
        build(repo, BuildOptions(langs=["ru"], formats=("pdf",)))


def test_armenian_and_kazakh_render_without_missing_glyphs(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    report = build(repo, BuildOptions(langs=["hy", "kk"], draft=True, formats=("pdf",)))
    text = pdftotext(report.output / "en-hy" / f"{DOC}.pdf")
    assert HY["title"] in text.replace("\n", " ")
    assert "2021 թվականի մայիսի 19" in text


def test_hostile_translations_never_reach_the_page(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    hostile = {
        **RU,
        "p1": 'Призываем <em onclick="alert(1)">мировое</em> сообщество.',
        "h1": "<script>alert(1)</script>",
        "p2": "&lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)/>",
        "p3": 'См. <a1 href="javascript:alert(1)">приговор</a1> от <x1/>.',
        "li1": "&lt;b onmouseover=alert(1)&gt;Совет&lt;/b&gt;",
    }
    fill(tmp_path, "ru", hostile)
    report = build(repo, BuildOptions(langs=["ru"], draft=True, formats=("html",)))
    page_text = (report.output / "ru" / f"{DOC}.html").read_text(encoding="utf-8")
    page = html.fromstring(page_text)
    assert page.xpath("//script") == [] and page.xpath("//img") == []
    assert not [a for el in page.iter() for a in el.attrib if a.startswith("on")]
    assert "javascript:" not in page_text
    assert page.get_element_by_id("ru-li1").text_content() == "<b onmouseover=alert(1)>Совет</b>"
    for unit_id in ("p1", "h1", "p2", "p3"):
        assert page.get_element_by_id(f"ru-{unit_id}").get("data-status") == "invalid"


def test_source_links_keep_only_safe_schemes(tmp_path: Path) -> None:
    write(tmp_path / "polyglot.toml", SETTINGS)
    write(tmp_path / "documents" / f"{DOC}.xml",
          STATEMENT.replace("https://example.org/judgment", "javascript:alert(1)"))
    report = build(Repository.open(tmp_path), BuildOptions(formats=("html",)))
    assert "javascript:" not in (report.output / "en" / f"{DOC}.html").read_text(encoding="utf-8")


def test_nothing_is_written_outside_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(PolyglotError, match="outside the output folder"):
        inside(tmp_path, "../escape.html")


def test_archival_pdf_carries_the_sources(built: tuple[Repository, Path], tmp_path: Path) -> None:
    repo, _ = built
    report = build(repo, BuildOptions(langs=["ru"], formats=("pdf",), pdf_variant="pdf/a-3b",
                                      output=tmp_path / "archive"))
    reader = pypdf.PdfReader(report.output / "en-ru" / f"{DOC}.pdf")
    assert set(reader.attachments) == {f"{DOC}.xml", f"{DOC}.ru.po"}
    assert reader.attachments[f"{DOC}.xml"][0] == (repo.settings.document_path(DOC)).read_bytes()
    assert b"pdfaid:part" in reader.xmp_metadata.stream.get_data() if reader.xmp_metadata else False


def vnu_jar() -> Path:
    installed = Path(__file__).resolve().parents[1] / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
    candidates = [os.environ.get("VNU_JAR"), installed]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.fail("the Nu HTML Checker is not installed: run scripts/setup.sh --test (npm vnu-jar, Java)")


def test_html_passes_the_nu_html_checker(built: tuple[Repository, Path], tmp_path: Path) -> None:
    repo, out = built
    draft = build(repo, BuildOptions(draft=True, formats=("html",), output=tmp_path / "draft"))
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker"
    result = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "gnu", "--skip-non-html",
                             str(out), str(draft.output)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_accessible_pdf_tags_each_column_with_its_language(built: tuple[Repository, Path], tmp_path: Path) -> None:
    import pikepdf

    repo, _ = built
    report = build(repo, BuildOptions(langs=["ru"], formats=("pdf",), pdf_variant="pdf/ua-1",
                                      output=tmp_path / "ua"))
    with pikepdf.open(report.output / "en-ru" / f"{DOC}.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        cells: list[tuple[str, str | None]] = []

        def walk(node: pikepdf.Object) -> None:
            if not isinstance(node, pikepdf.Dictionary):
                return
            if node.get("/S") in ("/TH", "/TD"):
                cells.append((str(node.S), str(node.Lang) if "/Lang" in node else None))
            kids = node.get("/K")
            for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert cells and [lang for _, lang in cells] == ["en", "ru"] * (len(cells) // 2)


def test_repository_templates_override_the_defaults(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(tmp_path / "templates" / "house.css", ".masthead .organisation { color: #123456; }\n")
    report = build(repo, BuildOptions(langs=["ru"], formats=("html",)))
    assert "#123456" in (report.output / "ru" / f"{DOC}.html").read_text(encoding="utf-8")


def test_pdftotext_rejoins_hyphenated_words(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    english = ("The International Military Tribunal established incontrovertibly the responsibility of the "
               "organizations, notwithstanding considerable administrative counterarguments, ") * 3
    russian = ("Международный военный трибунал неопровержимо установил ответственность организаций, "
               "несмотря на многочисленные административные контраргументы, ") * 3
    document = repo.settings.document_path(DOC)
    document.write_text(document.read_text(encoding="utf-8").replace(
        "<list>", f'<p xml:id="long">{english.strip()}</p>\n    <list>'), encoding="utf-8")
    repo.update()
    fill(tmp_path, "ru", {**RU, "long": russian.strip()})
    report = build(repo, BuildOptions(langs=["ru"], formats=("pdf",)))
    pdf = report.output / "en-ru" / f"{DOC}.pdf"
    assert re.search(r"\w-\n", pdftotext(pdf, "-raw")), "expected hyphenated line ends"
    flat = " ".join(words(pdftotext(pdf)))
    assert " ".join(words(english)) in flat
    assert " ".join(words(russian)) in flat
