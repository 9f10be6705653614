"""The pages that list a site's editions: indexes for readers, the sitemap, and a feed per language.

Readers see only what is published in their language, titled in it: no workflow state (that is
``report``'s). A language has an index (``<lang>/index.html``) once one of its monolingual editions is
published; the source language always has one, and the root ``index.html`` is the source-language
index with links to the others.

``sitemap.xml`` (sitemaps.org 0.9, with Google's ``xhtml:link`` hreflang alternates) and the Atom
feeds (``<lang>/feed.xml``, RFC 4287) need absolute addresses, so they are written only when
``[site] base-url`` is set: with ``base_url`` None there is no sitemap and no feed. Every date in
them is a document's date, never the clock, so the same repository gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlsplit

import jinja2
from lxml import etree

from polyglot_docs import __version__
from polyglot_docs.editions.html import index_context, render_template
from polyglot_docs.editions.links import index_entries, language_links, language_tag
from polyglot_docs.editions.locale import LocaleInfo
from polyglot_docs.editions.store import DocumentState

# doc_id -> the column sets of its editions in the site, monolingual ones as (lang,)
SiteEditions = dict[str, list[tuple[str, ...]]]

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What an address may keep as it is; anything else (a non-ASCII path in base-url) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass
class Site:
    """What is published, as the listings need it."""

    source: str
    languages: list[str]  # source first, then the targets, in polyglot.toml's order
    states: list[DocumentState]
    published: SiteEditions
    pdfs: set[str]
    base_url: str | None

    def monolingual(self, doc_id: str) -> list[str]:
        """The languages of a document's published monolingual editions, in the site's language order."""
        editions = self.published.get(doc_id, [])
        return [lang for lang in self.languages if (lang,) in editions]

    @cached_property
    def _listings(self) -> dict[str, list[DocumentState]]:
        newest_first = sorted(self.states, key=lambda s: (s.date, s.id), reverse=True)
        return {lang: [s for s in newest_first if (lang,) in self.published.get(s.id, [])]
                for lang in self.languages}

    def listed(self, lang: str) -> list[DocumentState]:
        """The documents of a language's index and feed, newest first."""
        return self._listings[lang]

    @cached_property
    def indexed(self) -> list[str]:
        """The languages that have an index: the source, and every other with a published edition."""
        return [lang for lang in self.languages if lang == self.source or self.listed(lang)]

    def url(self, path: str) -> str:
        if self.base_url is None:
            raise ValueError("absolute addresses need [site] base-url")
        return quote(self.base_url, safe=_URL_SAFE) + quote(path, safe=_URL_SAFE)


def site_pages(env: jinja2.Environment, *, source: str, languages: list[str], states: list[DocumentState],
               published: SiteEditions, pdfs: set[str], base_url: str | None) -> dict[str, bytes]:
    """Every listing of the site by its path in the site: indexes, and with a base URL sitemap and feeds."""
    site = Site(source, languages, states, published, pdfs, base_url)
    indexed = site.indexed
    feeds = {lang for lang in indexed if base_url is not None and site.listed(lang)}
    pages = {f"{lang}/index.html": _index_page(env, site, lang, "../", lang in feeds) for lang in indexed}
    pages["index.html"] = _index_page(env, site, source, "", source in feeds)
    if base_url is not None:
        pages["sitemap.xml"] = sitemap(site)
        pages.update({f"{lang}/feed.xml": feed(site, lang) for lang in indexed if lang in feeds})
    return pages


def _index_page(env: jinja2.Environment, site: Site, lang: str, prefix: str, has_feed: bool) -> bytes:
    entries = index_entries(lang, site.states, site.published, site.languages, site.pdfs, prefix)
    context = index_context(lang, entries, language_links(site.indexed, prefix, lang), root=prefix,
                            feed=f"{prefix}{lang}/feed.xml" if has_feed else None)
    return render_template(env, "index.html.j2", context).encode("utf-8")


def _serialise(root: etree._Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def sitemap(site: Site) -> bytes:
    """One ``<url>`` per index and per published HTML edition, with its language versions.

    Google's rules: every page of a set of language versions lists all of them, itself included,
    and ``x-default`` (the root index; a document's source edition). A parallel edition is no one
    language's version, so it is listed without alternates.
    """
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "xhtml": XHTML})
    indexed = site.indexed
    index_versions = [(language_tag(lang), f"{lang}/index.html") for lang in indexed]
    index_versions.append(("x-default", "index.html"))
    for path in ["index.html", *(f"{lang}/index.html" for lang in indexed)]:
        lang = site.source if path == "index.html" else path.split("/")[0]
        dates = [s.date for s in site.listed(lang)]
        _sitemap_url(urlset, site, path, max(dates).isoformat() if dates else None, index_versions)
    for state in sorted(site.states, key=lambda s: s.id):
        mono = site.monolingual(state.id)
        versions = [(language_tag(lang), f"{lang}/{state.id}.html") for lang in mono]
        if site.source in mono:
            versions.append(("x-default", f"{site.source}/{state.id}.html"))
        for lang in mono:
            _sitemap_url(urlset, site, f"{lang}/{state.id}.html", state.date.isoformat(), versions)
        for langs in sorted(e for e in site.published.get(state.id, []) if len(e) > 1):
            _sitemap_url(urlset, site, f"{'-'.join(langs)}/{state.id}.html", state.date.isoformat(), [])
    return _serialise(urlset)


def _sitemap_url(urlset: etree._Element, site: Site, path: str, lastmod: str | None,
                 versions: list[tuple[str, str]]) -> None:
    url = etree.SubElement(urlset, f"{{{SITEMAP}}}url")
    etree.SubElement(url, f"{{{SITEMAP}}}loc").text = site.url(path)
    if lastmod:
        etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = lastmod
    for hreflang, href in versions:
        etree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang, href=site.url(href))


def feed(site: Site, lang: str) -> bytes:
    """The Atom feed of a language: its published documents, newest first.

    Ids are the pages' addresses, which do not change while the site stays where it is. Atom
    wants an author; the documents' organisation is not known here, so the site's host stands in.
    """
    info = LocaleInfo(lang)
    listed = site.listed(lang)
    title = info.text("index-title", language=info.name_of(lang))
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    root.set(XML_LANG, language_tag(lang))
    _atom(root, "id", site.url(f"{lang}/feed.xml"))
    _atom(root, "title", title)
    _atom(root, "updated", _timestamp(listed[0]))
    _atom(root, "link", rel="self", type="application/atom+xml", href=site.url(f"{lang}/feed.xml"))
    _atom(root, "link", rel="alternate", type="text/html", hreflang=language_tag(lang),
          href=site.url(f"{lang}/index.html"))
    author = _atom(root, "author")
    _atom(author, "name", urlsplit(site.url("")).hostname or site.url(""))
    _atom(author, "uri", site.url(""))
    _atom(root, "generator", "polyglot-docs", version=__version__)
    for state in listed:
        _feed_entry(root, site, info, state)
    return _serialise(root)


def _feed_entry(root: etree._Element, site: Site, info: LocaleInfo, state: DocumentState) -> None:
    lang = info.code
    page = f"{lang}/{state.id}.html"
    entry = _atom(root, "entry")
    entry.set(XML_LANG, language_tag(lang))
    _atom(entry, "id", site.url(page))
    translated = state.title if lang == site.source else state.languages.get(lang, {}).get("title")
    title = _atom(entry, "title", translated or state.title)
    if not translated:  # a draft may have only the source title
        title.set(XML_LANG, language_tag(site.source))
    _atom(entry, "updated", _timestamp(state))
    _atom(entry, "published", _timestamp(state))
    _atom(entry, "link", rel="alternate", type="text/html", hreflang=language_tag(lang), href=site.url(page))
    if f"{lang}/{state.id}.pdf" in site.pdfs:
        _atom(entry, "link", rel="enclosure", type="application/pdf", hreflang=language_tag(lang),
              href=site.url(f"{lang}/{state.id}.pdf"))
    _atom(entry, "category", term=state.type, label=info.text("type-" + state.type))


def _atom(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    element.text = text
    return element


def _timestamp(state: DocumentState) -> str:
    # Documents carry a date and Atom wants a time: midnight UTC is the one that needs no clock.
    return f"{state.date.isoformat()}T00:00:00Z"
