"""What readers see: the public indexes, the sitemap and the Atom feeds, from hand-made document states."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
from lxml import etree, html

from polyglot_docs.editions.html import environment
from polyglot_docs.editions.indexes import ATOM, SITEMAP, XHTML, XML_LANG, site_pages
from polyglot_docs.editions.store import DocumentState

BASE = "https://example.org/docs/"
LANGUAGES = ["en", "ru", "hy", "kk"]
A = "{" + ATOM + "}"
S = "{" + SITEMAP + "}"


def state(doc_id: str, doc_type: str, date: str, title: str, **titles: str | None) -> DocumentState:
    languages: dict[str, dict[str, Any]] = {
        lang: {"title": titles.get(lang), "percent": 100.0 if titles.get(lang) else 40.0,
               "reason": None if titles.get(lang) else "3 untranslated (p1, p2, p3) of 9 units", "done": 9}
        for lang in LANGUAGES[1:]}
    return DocumentState(doc_id, "digest-" + doc_id, doc_type, dt.date.fromisoformat(date), title, languages)


STATES = [
    state("cfm-2020", "statement", "2020-11-10", "Statement on Nuremberg", ru="Заявление о Нюрнберге"),
    state("cfm-2021", "statement", "2021-05-19", "Statement by the Ministers", ru="Заявление министров",
          hy="Նախարարների հայտարարություն"),
    state("channel", "news", "2021-06-01", "Operation Channel", ru="Операция «Канал»", kk="«Арна» операциясы"),
    state("later", "news", "2022-01-14", "Council meets", ru="Совет собирается"),
]
# hy is translated but not published (its edition failed the gate); "later" is in English only.
PUBLISHED: dict[str, list[tuple[str, ...]]] = {
    "cfm-2020": [("en",), ("ru",), ("en", "ru")],
    "cfm-2021": [("en",), ("ru",), ("en", "ru")],
    "channel": [("en",), ("ru",), ("kk",), ("en", "ru"), ("en", "kk")],
    "later": [("en",)],
}
PDFS = {"en/cfm-2021.pdf", "ru/cfm-2021.pdf", "en-ru/cfm-2021.pdf", "kk/channel.pdf"}


def pages(base_url: str | None = BASE, states: list[DocumentState] | None = None) -> dict[str, bytes]:
    return site_pages(environment(None), source="en", languages=LANGUAGES, states=states or STATES,
                      published=PUBLISHED, pdfs=PDFS, base_url=base_url)


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return pages()


def page(site: dict[str, bytes], path: str) -> html.HtmlElement:
    return html.fromstring(site[path])


def one(element: etree._Element, path: str) -> html.HtmlElement:
    found = element.find(path)
    assert isinstance(found, etree._Element), path
    return found  # type: ignore[return-value]  # lxml.html parses into HtmlElement


def entries(index: html.HtmlElement) -> list[tuple[str, str, str]]:
    """(group heading, date, title) of every entry, in page order."""
    return [(str(li.xpath("string(ancestor::section/h2)")), one(li, "time").text_content(),
             one(li, "span[@class='title']").text_content()) for li in index.iterfind(".//li[@class='document']")]


def test_the_site_has_an_index_per_published_language_a_sitemap_and_feeds(site: dict[str, bytes]) -> None:
    # Nothing in Armenian is published: no index, no feed, no link to one.
    assert sorted(site) == ["en/feed.xml", "en/index.html", "index.html", "kk/feed.xml", "kk/index.html",
                            "ru/feed.xml", "ru/index.html", "sitemap.xml"]


def test_an_index_lists_what_is_published_in_its_language_titled_in_it(site: dict[str, bytes]) -> None:
    ru = page(site, "ru/index.html")
    assert ru.get("lang") == "ru"
    assert one(ru, ".//h1").text_content() == "Документы: русский язык"
    assert entries(ru) == [
        ("Заявления", "19 мая 2021 года", "Заявление министров"),
        ("Заявления", "10 ноября 2020 года", "Заявление о Нюрнберге"),
        ("Новости", "1 июня 2021 года", "Операция «Канал»"),
    ]
    assert [t.get("datetime") for t in ru.iterfind(".//time")] == ["2021-05-19", "2020-11-10", "2021-06-01"]
    kk = page(site, "kk/index.html")
    assert entries(kk) == [("Жаңалықтар", "2021 жылғы 1 маусым", "«Арна» операциясы")]


def test_an_index_says_nothing_about_workflow(site: dict[str, bytes]) -> None:
    for path in ("index.html", "en/index.html", "ru/index.html", "kk/index.html"):
        text = one(page(site, path), "body").text_content()
        for word in ("%", "Переведено", "Не опубликовано", "завершен", "Complete", "translated", "Not published",
                     "аударылған", "Жарияланбаған"):
            assert word not in text, (path, word)


def test_an_entry_links_only_to_published_versions(site: dict[str, bytes]) -> None:
    ru = page(site, "ru/index.html")
    statement, older, channel = ru.iterfind(".//li[@class='document']")
    assert [a.get("href") for a in statement.iter("a")] == [
        "../ru/cfm-2021.html", "../ru/cfm-2021.pdf", "../en-ru/cfm-2021.html", "../en-ru/cfm-2021.pdf",
        "../en/cfm-2021.html"]  # Armenian is translated but not published: no link
    assert [a.get("href") for a in older.iter("a")] == ["../ru/cfm-2020.html", "../en-ru/cfm-2020.html",
                                                       "../en/cfm-2020.html"]
    others = channel.xpath(".//a[@hreflang]")
    assert [(a.get("hreflang"), a.get("lang"), a.text_content()) for a in others] == [
        ("en", "en", "English"), ("kk", "kk", "Қазақ тілі")]
    assert "На других языках: English, Қазақ тілі" in channel.text_content()
    parallel = statement.xpath(".//a[@href='../en-ru/cfm-2021.html']")[0]
    assert parallel.text_content() == "English – Русский: параллельный текст"
    assert [span.get("lang") for span in parallel.iter("span")] == ["en", "ru"]
    assert statement.xpath(".//a[@href='../ru/cfm-2021.pdf']/@type") == ["application/pdf"]


def test_the_root_index_is_the_source_index_with_every_published_language(site: dict[str, bytes]) -> None:
    root = page(site, "index.html")
    assert root.get("lang") == "en"
    assert [t for _, _, t in entries(root)] == ["Statement by the Ministers", "Statement on Nuremberg",
                                                "Council meets", "Operation Channel"]
    nav = one(root, ".//nav")
    assert nav.get("aria-label") == "Languages"
    links = nav.findall(".//a")
    assert [(a.get("href"), a.get("lang"), a.get("aria-current")) for a in links] == [
        ("en/index.html", "en", "page"), ("ru/index.html", "ru", None), ("kk/index.html", "kk", None)]
    assert root.xpath("//a[@href='en/cfm-2021.html']")
    head = {(link.get("hreflang"), link.get("href")) for link in root.iterfind(".//link[@rel='alternate']")
            if link.get("hreflang")}
    assert head == {("en", "en/index.html"), ("ru", "ru/index.html"), ("kk", "kk/index.html"),
                    ("x-default", "index.html")}
    kk = page(site, "kk/index.html")
    assert [a.get("aria-current") for a in kk.iterfind(".//nav//a")] == [None, None, "page"]
    assert one(kk, ".//nav").get("aria-label") == "Тілдер"


def test_pages_have_landmarks_and_headings(site: dict[str, bytes]) -> None:
    ru = page(site, "ru/index.html")
    body = one(ru, "body")
    assert [child.tag for child in body] == ["header", "main"]
    assert len(ru.findall(".//h1")) == 1
    for section in ru.iterfind(".//main/section"):
        heading = one(section, "h2")
        assert section.get("aria-labelledby") == heading.get("id")


def test_a_title_in_another_language_is_marked() -> None:
    # A draft site may list a Russian edition whose title is not translated yet.
    draft = [state("cfm-2021", "statement", "2021-05-19", "Statement by the Ministers")]
    site = pages(None, draft)
    title = one(page(site, "ru/index.html"), ".//span[@class='title']")
    assert (title.get("lang"), title.text_content()) == ("en", "Statement by the Ministers")
    assert one(page(site, "en/index.html"), ".//span[@class='title']").get("lang") is None
    feed = etree.fromstring(pages(BASE, draft)["ru/feed.xml"])
    assert one(feed, f"{A}entry/{A}title").get(XML_LANG) == "en"


def test_without_a_base_url_there_is_no_sitemap_and_no_feed() -> None:
    site = pages(None)
    assert sorted(site) == ["en/index.html", "index.html", "kk/index.html", "ru/index.html"]
    for data in site.values():
        assert not html.fromstring(data).xpath("//link[@type='application/atom+xml']")


def test_each_index_links_its_feed(site: dict[str, bytes]) -> None:
    for path, href in (("index.html", "en/feed.xml"), ("ru/index.html", "../ru/feed.xml"),
                       ("kk/index.html", "../kk/feed.xml")):
        links = page(site, path).xpath("//head/link[@rel='alternate'][@type='application/atom+xml']")
        assert [link.get("href") for link in links] == [href]


def sitemap_urls(site: dict[str, bytes]) -> dict[str, tuple[str | None, set[tuple[str, str]]]]:
    root = etree.fromstring(site["sitemap.xml"])
    assert root.tag == f"{S}urlset"
    assert root.nsmap == {None: SITEMAP, "xhtml": XHTML}
    urls: dict[str, tuple[str | None, set[tuple[str, str]]]] = {}
    for url in root.iterfind(f"{S}url"):
        loc = url.findtext(f"{S}loc")
        assert loc and loc not in urls
        links = url.findall("{" + XHTML + "}link")
        assert all(link.get("rel") == "alternate" for link in links)
        urls[loc] = (url.findtext(f"{S}lastmod"), {(str(link.get("hreflang")), str(link.get("href")))
                                                    for link in links})
    return urls


def test_the_sitemap_lists_every_page_with_symmetric_language_versions(site: dict[str, bytes]) -> None:
    urls = sitemap_urls(site)
    html_pages = {f"{'-'.join(langs)}/{doc}.html" for doc, editions in PUBLISHED.items() for langs in editions}
    indexes = {"index.html", "en/index.html", "ru/index.html", "kk/index.html"}
    assert set(urls) == {BASE + path for path in html_pages | indexes}
    assert urls[BASE + "ru/cfm-2021.html"] == ("2021-05-19", {
        ("en", BASE + "en/cfm-2021.html"), ("ru", BASE + "ru/cfm-2021.html"),
        ("x-default", BASE + "en/cfm-2021.html")})
    assert urls[BASE + "kk/index.html"][0] == "2021-06-01"
    assert urls[BASE + "en-kk/channel.html"] == ("2021-06-01", set())  # a parallel edition is no one language's
    # Google's rule: every version lists all the versions, itself included, and they list it back.
    for loc, (_, alternates) in urls.items():
        if not alternates:
            continue
        assert loc in {href for _, href in alternates}
        assert len({lang for lang, _ in alternates}) == len(alternates)
        for _, href in alternates:
            assert urls[href][1] == alternates, (loc, href)


def test_each_feed_is_atom_newest_first(site: dict[str, bytes]) -> None:
    feed = etree.fromstring(site["ru/feed.xml"])
    assert feed.tag == f"{A}feed" and feed.get(XML_LANG) == "ru"
    for name in ("id", "title", "updated", "author/" + A + "name"):
        assert feed.findtext(A + name), name
    assert feed.findtext(f"{A}updated") == "2021-06-01T00:00:00Z"
    links = {link.get("rel"): link.get("href") for link in feed.iterfind(f"{A}link")}
    assert links == {"self": BASE + "ru/feed.xml", "alternate": BASE + "ru/index.html"}
    items = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in items] == ["Операция «Канал»", "Заявление министров",
                                                         "Заявление о Нюрнберге"]
    for entry in items:
        assert entry.get(XML_LANG) == "ru"
        for name in ("id", "title", "updated", "published"):
            assert entry.findtext(A + name), name
    first_statement = items[1]
    assert first_statement.findtext(f"{A}id") == BASE + "ru/cfm-2021.html"
    assert first_statement.findtext(f"{A}updated") == "2021-05-19T00:00:00Z"
    assert [(link.get("rel"), link.get("type"), link.get("href")) for link in first_statement.iterfind(f"{A}link")
            ] == [("alternate", "text/html", BASE + "ru/cfm-2021.html"),
                  ("enclosure", "application/pdf", BASE + "ru/cfm-2021.pdf")]
    assert [link.get("rel") for link in items[0].iterfind(f"{A}link")] == ["alternate"]  # no Russian PDF


def test_feeds_read_with_feedparser(site: dict[str, bytes]) -> None:
    for lang, titles in (("en", ["Council meets", "Operation Channel", "Statement by the Ministers",
                                 "Statement on Nuremberg"]),
                         ("kk", ["«Арна» операциясы"])):
        parsed = feedparser.parse(site[f"{lang}/feed.xml"])
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert parsed.feed.language == lang
        assert [entry.title for entry in parsed.entries] == titles
        assert all(entry.link == BASE + f"{lang}/{entry.id.rsplit('/', 1)[1]}" for entry in parsed.entries)
        dates = [entry.updated_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True)
    kk = feedparser.parse(site["kk/feed.xml"]).entries[0]
    assert [e.href for e in kk.enclosures] == [BASE + "kk/channel.pdf"]


def test_the_output_is_the_same_bytes_every_time(site: dict[str, bytes]) -> None:
    assert pages() == site
    assert pages(states=list(reversed(STATES))) == site  # the order the repository lists documents in


def vnu_jar() -> Path | None:
    installed = Path(__file__).resolve().parents[1] / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
    for candidate in (os.environ.get("VNU_JAR"), installed):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def test_indexes_pass_the_nu_html_checker(site: dict[str, bytes], tmp_path: Path) -> None:
    java, jar = shutil.which("java"), vnu_jar()
    if not java or not jar:
        pytest.skip("the Nu HTML Checker needs Java and vnu.jar (scripts/setup.sh --test)")
    for path, data in site.items():
        if path.endswith(".html"):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(data)
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "gnu", "--skip-non-html",
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
