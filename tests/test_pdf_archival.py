"""The PDF a press office archives: PDF/A-3a by default, and set as a typesetter would set it.

Everything is read back from real PDFs: the XMP identification, the output intent, the structure
tree and each column's /Lang, the attached sources (with pikepdf); the words at line ends and how
full each page is (with poppler's pdftotext).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from conftest import RU, SETTINGS, STATEMENT, translate_units, write
from polyglot_docs.editions import pdf as pdf_module
from polyglot_docs.editions.build import BuildOptions, build
from polyglot_docs.editions.pdf import mark_addresses
from polyglot_docs.repository import Repository

DOC = "statement"
KK = {
    "org": "Ұжымдық қауіпсіздік туралы шарт ұйымы",
    "place": "Душанбе",
    "title": "Сыртқы істер министрлерінің мәлімдемесі",
    "p1": "Біз <em>әлемдік</em> қоғамдастықты қағидаттарды құрметтеуге шақырамыз.",
    "h1": "Үкім",
    "p2": "Нюрнбергтегі Халықаралық әскери трибунал қылмыстар жасалғанын анықтады.",
    "p3": "<x1/> күнгі <a1>үкімді</a1> қараңыз, 3,5-тармақ.",
    "li1": "Сыртқы істер министрлері кеңесі",
    "li2": "Қорғаныс министрлері кеңесі",
}
# Sentences said in the three languages, from which paragraphs of any length are made.
SENTENCES = {
    "en": ["The International Military Tribunal in Nuremberg found that the crimes had been committed on a scale "
           "unprecedented in history.",
           "We call upon the global community to respect the principles of international law established by the "
           "judgment.",
           "The judgment enshrined in law the final defeat of Nazism and remains a foundation of the world order.",
           "We categorically reject any attempts to falsify history and to revise the outcome of the Second World "
           "War."],
    "ru": ["Международный военный трибунал в Нюрнберге установил, что преступления были совершены в "
           "беспрецедентных в истории масштабах.",
           "Призываем мировое сообщество уважать принципы международного права, закреплённые приговором.",
           "Приговор юридически закрепил окончательный разгром нацизма и остаётся основой мирового порядка.",
           "Категорически отвергаем любые попытки фальсифицировать историю и пересмотреть итоги Второй мировой "
           "войны."],
    "kk": ["Нюрнбергтегі Халықаралық әскери трибунал қылмыстардың тарихта болмаған ауқымда жасалғанын анықтады.",
           "Біз әлемдік қоғамдастықты үкіммен бекітілген халықаралық құқық қағидаттарын құрметтеуге шақырамыз.",
           "Үкім нацизмнің түпкілікті жеңілгенін құқықтық тұрғыдан бекітті және әлемдік тәртіптің негізі болып "
           "қала береді.",
           "Біз тарихты бұрмалауға және Екінші дүниежүзілік соғыстың нәтижелерін қайта қарауға бағытталған кез "
           "келген әрекетті үзілді-кесілді қабылдамаймыз."],
}
# Paragraph lengths (characters of English) whose rows, kept whole up to 450 characters as they once
# were, left page 1 of en-ru 72 % full and page 7 of en-ru-kk 67 %.
LENGTHS = [260, 330, 150, 420, 440, 210, 150, 150, 90, 420, 520, 330, 90, 260, 520, 520, 380, 330]
LONG_URL = "https://en.odkb-csto.org/news/news_odkb/v-bishkeke-sostoyalas-mezhdunarodnaya-konferentsiya/"
NAMES = {  # the names, over and over, each time a little further along the line
    "en": " ".join(f"At meeting {i + 1} of the {'joint ' * (i % 4)}working group, Vagharshak Harutyunyan "
                   f"thanked Imangali Tasmagambetov." for i in range(14)),
    "ru": " ".join(f"На {'совместной ' * (i % 4)}встрече № {i + 1} Имангали Тасмагамбетов поблагодарил "
                   f"Вагаршака Арутюняна." for i in range(14)),
    "kk": " ".join(f"{i + 1}-кездесуде Имангали Тасмағамбетов Вағаршак Арутюнянға алғыс айтты." for i in range(14)),
}
THREE = ("en", "ru", "kk")
MM = 72 / 25.4


def paragraph(lang: str, length: int) -> str:
    text, index = "", 0
    while len(text) < length:
        text += (" " if text else "") + SENTENCES[lang][index % len(SENTENCES[lang])]
        index += 1
    return text


def make_repo(root: Path) -> Repository:
    """The test statement, with long paragraphs, the names and an address, complete in ru and kk."""
    write(root / "polyglot.toml", SETTINGS + '\n[editions]\ncolumns = [["en", "ru", "kk"]]\n')
    extra = [f'<p xml:id="long{i}">{paragraph("en", n)}</p>' for i, n in enumerate(LENGTHS)]
    extra += [f'<p xml:id="names">{NAMES["en"]}</p>', f'<p xml:id="url">Source: {LONG_URL}</p>']
    write(root / "documents" / f"{DOC}.xml", STATEMENT.replace("<list>", "\n    ".join(extra) + "\n    <list>"))
    repo = Repository.open(root)
    repo.update()
    for lang, base in (("ru", RU), ("kk", KK)):
        units = {**base, **{f"long{i}": paragraph(lang, n) for i, n in enumerate(LENGTHS)},
                 "names": NAMES[lang], "url": f"{'Дереккөз' if lang == 'kk' else 'Источник'}: {LONG_URL}"}
        translate_units(root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po", units)
    return repo


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repository, Path]:
    repo = make_repo(tmp_path_factory.mktemp("archive"))
    report = build(repo, BuildOptions())  # the defaults: what `polyglot-docs build` makes
    assert {("en", "ru"), THREE} <= {e.langs for e in report.editions}
    return repo, report.output


def pdf_of(output: Path, langs: tuple[str, ...]) -> Path:
    return output / "-".join(langs) / f"{DOC}.pdf"


def xmp(pdf: pikepdf.Pdf) -> etree._Element:
    packet = pdf.Root.Metadata.read_bytes()
    return etree.fromstring(packet[packet.index(b"<x:xmpmeta"):packet.rindex(b"</x:xmpmeta>") + 12])


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, in document order."""
    found: list[pikepdf.Dictionary] = []

    def walk(node: pikepdf.Object) -> None:
        if not isinstance(node, pikepdf.Dictionary):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize("langs", [("en", "ru"), THREE, ("ru",)])
def test_the_default_pdf_is_pdf_a_3a(site: tuple[Repository, Path], langs: tuple[str, ...]) -> None:
    _, output = site
    with pikepdf.open(pdf_of(output, langs)) as pdf:
        rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
        ids = {key.split("}")[1]: value for d in xmp(pdf).iter(f"{rdf}Description") for key, value in d.attrib.items()
               if key.startswith("{http://www.aiim.org/pdfa/ns/id/}")}
        assert ids == {"part": "3", "conformance": "A"}
        assert pdf.pdf_version == "1.7"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3  # the sRGB ICC profile
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == langs[0]  # the document's language: its first column's
        assert "/ID" in pdf.trailer
        kinds = {str(element.S) for element in structure(pdf)}
        assert {"/Document", "/P", "/H1"} <= kinds


@pytest.mark.parametrize("langs", [("en", "ru"), THREE])
def test_each_column_carries_its_language(site: tuple[Repository, Path], langs: tuple[str, ...]) -> None:
    _, output = site
    with pikepdf.open(pdf_of(output, langs)) as pdf:
        elements = structure(pdf)
        for kind in ("/TH", "/TD"):
            cells = [str(e.Lang) if "/Lang" in e else None for e in elements if str(e.S) == kind]
            assert cells and cells == list(langs) * (len(cells) // len(langs)), kind
        rows = [e for e in elements if e.S == "/TR"]
        assert len(rows) > 20  # the repeated header on every page, and rows split across pages
        mastheads = [str(e.Lang) for e in elements if e.S == "/Div" and "/Lang" in e]
        assert mastheads == list(langs)


@pytest.mark.parametrize("langs", [("en", "ru"), THREE, ("kk",)])
def test_the_sources_are_attached(site: tuple[Repository, Path], langs: tuple[str, ...]) -> None:
    repo, output = site
    expected = {f"{DOC}.xml": repo.settings.document_path(DOC).read_bytes()}
    expected |= {f"{DOC}.{lang}.po": repo.settings.catalog_path(lang, DOC).read_bytes()
                 for lang in langs if lang != "en"}
    with pikepdf.open(pdf_of(output, langs)) as pdf:
        files = list(pdf.Root.AF)
        assert len({spec.objgen for spec in files}) == len(files)  # WeasyPrint 70 lists each twice: fixed
        attached = {str(spec.UF): spec for spec in files}
        assert {name: spec.EF.F.read_bytes() for name, spec in attached.items()} == expected
        for name, spec in attached.items():
            assert spec.AFRelationship == "/Source"
            assert spec.EF.F.Subtype == ("/application/xml" if name.endswith(".xml") else "/text/x-gettext-translation")
            assert spec.EF.F.Params.ModDate == "D:20210519000000Z"  # the document's date, not the clock
        named = list(pdf.Root.Names.EmbeddedFiles.Names)[1::2]
        assert {spec.objgen for spec in named} == {spec.objgen for spec in files}


def test_pikepdf_validator_finds_only_that_conformance_a_is_more_than_b(site: tuple[Repository, Path]) -> None:
    """pikepdf's allow-list validator checks level B (fonts, colour, metadata, file structure).

    Level A adds what the tests above check (tagging, language, Unicode text); the validator
    knows only B, so it reports the declared conformance "A" and nothing else.
    """
    import pikepdf.pdfa as pdfa  # pikepdf[pdfa], in the test extra
    _, output = site
    for langs in (("en", "ru"), THREE, ("ru",)):
        report = pdfa.validate_written(pdf_of(output, langs), "3b")
        assert [(f.rule, f.message) for f in report.findings] == [
            ("ISO_19005_3:6.6.4-3", "pdfaid:conformance is 'A', expected 'B'")], langs


def test_verapdf_if_installed(site: tuple[Repository, Path]) -> None:
    verapdf = shutil.which("verapdf")
    if verapdf is None:
        pytest.skip("veraPDF is not in PyPI, Debian or npm (only on Maven Central): set it on PATH to run this")
    _, output = site
    for langs in (("en", "ru"), THREE):
        result = subprocess.run([verapdf, "--flavour", "3a", "--format", "text", str(pdf_of(output, langs))],
                                capture_output=True, text=True, timeout=300)
        assert result.stdout.startswith("PASS"), result.stdout + result.stderr


def test_reproducible_byte_for_byte(site: tuple[Repository, Path], tmp_path: Path) -> None:
    repo, output = site
    again = build(repo, BuildOptions(formats=("pdf",), output=tmp_path / "again"))
    for edition in again.editions:
        path = edition.path("pdf")
        assert (tmp_path / "again" / path).read_bytes() == (output / path).read_bytes(), path


def text_lines(path: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout.splitlines()


def split_names(path: Path) -> list[str]:
    """Line ends where a name was hyphenated: the start of a name followed by an inserted hyphen."""
    names = ("Vagharshak", "Harutyunyan", "Tasmagambetov", "Тасмагамбетов", "Тасмағамбетов", "Вагаршака",
             "Арутюняна", "Imangali", "Имангали", "Nuremberg", "Нюрнберге")
    return [line for line in text_lines(path) if (m := re.search(r"(\w+)-$", line))
            and any(name.startswith(m.group(1)) and name != m.group(1) for name in names)]


def test_names_are_never_hyphenated(site: tuple[Repository, Path], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _, output = site
    for langs in (("en", "ru"), THREE, ("ru",)):
        lines = text_lines(pdf_of(output, langs))
        assert any(re.search(r"[a-zа-я]-$", line) for line in lines), "hyphenation is on"
        assert split_names(pdf_of(output, langs)) == [], langs
    # The same edition without the guard does split the names: the test above is not empty luck.
    monkeypatch.setattr(pdf_module, "_names_unhyphenated", contextlib.nullcontext)
    control = build(make_repo(tmp_path / "control"), BuildOptions(column_sets=[("en", "ru")], formats=("pdf",)))
    assert split_names(pdf_of(control.output, ("en", "ru")))


def test_addresses_are_never_hyphenated(site: tuple[Repository, Path]) -> None:
    _, output = site
    for langs in (("en", "ru"), THREE):
        lines = text_lines(pdf_of(output, langs))
        start = next(i for i, line in enumerate(lines) if "https://" in line)
        joined = "".join(line.strip() for line in lines[start:start + 8])
        assert LONG_URL in joined  # broken anywhere, but no hyphen added at a break


def test_mark_addresses_touches_only_text() -> None:
    page = ('<html><head><title>odkb-csto.org</title></head><body class="x"><p>See '
            '<a href="https://odkb-csto.org/a">odkb-csto.org</a>, www.odkb.ru. or mail@odkb-csto.org; e.g. 3.5.</p>')
    assert mark_addresses(page) == (
        '<html><head><title>odkb-csto.org</title></head><body class="x"><p>See '
        '<a href="https://odkb-csto.org/a"><span class="unhyphenated">odkb-csto.org</span></a>, '
        '<span class="unhyphenated">www.odkb.ru</span>. or <span class="unhyphenated">mail@odkb-csto.org</span>; '
        'e.g. 3.5.</p>')


def page_fill(path: Path) -> list[float]:
    """How far down each page's text area the text reaches (running heads and feet left out)."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    fills = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S):
        top, bottom = 22 * MM, float(height) - 20 * MM  # print.css's page margins
        ends = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body) if top <= float(y) <= bottom]
        fills.append((max(ends) - top) / (bottom - top) if ends else 0.0)
    return fills


@pytest.mark.parametrize("langs", [("en", "ru"), THREE])
def test_no_page_but_the_last_is_less_than_three_quarters_full(site: tuple[Repository, Path],
                                                               langs: tuple[str, ...]) -> None:
    _, output = site
    fills = page_fill(pdf_of(output, langs))
    assert len(fills) > 4
    assert [round(f, 2) for f in fills[:-1] if f < 0.75] == [], fills


def test_every_column_has_its_running_head_and_page_number(site: tuple[Repository, Path]) -> None:
    _, output = site
    path = pdf_of(output, THREE)
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                           text=True).stdout.split("\f")[:-1]
    titles = ["Statement by the Ministers for Foreign Affairs", RU["title"], KK["title"]]
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        if number > 1:  # the first page has the mastheads instead
            assert re.search(r"\s{2,}".join(map(re.escape, titles)), lines[0]), lines[0]
        total = len(pages)
        assert re.search(rf"Page {number} of {total}\s{{2,}}Страница {number} из {total}\s{{2,}}"
                         rf"{total} беттің {number}-беті", lines[-1]), lines[-1]
