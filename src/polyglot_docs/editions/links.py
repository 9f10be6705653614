"""Links between editions and the entries of the language indexes, as plain data for the templates.

All links are relative, so the output folder can be served from anywhere or read offline.
"""

from __future__ import annotations

from typing import Any

from polyglot_docs.editions.locale import LocaleInfo
from polyglot_docs.editions.plan import Edition
from polyglot_docs.editions.store import DocumentState


def edition_links(edition: Edition, built: dict[str, list[tuple[str, ...]]], source: str, pdf: bool
                  ) -> dict[str, Any]:
    """The links of one edition's page: its PDF, its index, and the other editions of its document."""
    doc_id = edition.doc_id
    monolingual = sorted(langs[0] for langs in built.get(doc_id, []) if len(langs) == 1)
    parallels = sorted(langs for langs in built.get(doc_id, []) if len(langs) > 1)
    alternates = [{"lang": lang, "href": f"../{lang}/{doc_id}.html"} for lang in monolingual]
    if source in monolingual:
        alternates.append({"lang": "x-default", "href": f"../{source}/{doc_id}.html"})
    others = [{"lang": lang, "label": LocaleInfo(lang).name, "href": f"../{lang}/{doc_id}.html"}
              for lang in monolingual if (lang,) != edition.langs]
    others += [{"lang": langs[0], "label": " – ".join(LocaleInfo(lang).name for lang in langs),
                "href": f"../{'-'.join(langs)}/{doc_id}.html"} for langs in parallels if langs != edition.langs]
    return {
        "index": f"../{edition.langs[0] if len(edition.langs) == 1 else edition.langs[-1]}/index.html",
        "pdf": f"{doc_id}.pdf" if pdf else None,
        "alternates": alternates if not edition.parallel else [
            a for a in alternates if a["lang"] in edition.langs],
        "others": others,
    }


def language_tag(code: str) -> str:
    """A language code as HTML, Atom and sitemaps write it (BCP 47): ``pt_BR`` is ``pt-BR``."""
    return code.replace("_", "-")


def language_links(indexed: list[str], prefix: str, current: str) -> list[dict[str, Any]]:
    """The language indexes of the site (only languages with something published), ``current`` marked."""
    return [{"code": lang, "lang": language_tag(lang), "name": LocaleInfo(lang).name,
             "href": f"{prefix}{lang}/index.html", "current": lang == current} for lang in indexed]


def index_entries(lang: str, states: list[DocumentState], published: dict[str, list[tuple[str, ...]]],
                  languages: list[str], pdfs: set[str], prefix: str) -> list[dict[str, Any]]:
    """A reader's index of one language: the documents whose edition in it is published.

    A document is listed only when its monolingual edition in ``lang`` is in the site; its parallel
    editions with ``lang`` and its published editions in other languages are links of the entry.
    Nothing about translation progress: readers see what they can read.
    """
    info = LocaleInfo(lang)
    source = languages[0]
    entries = []
    for state in states:
        editions = published.get(state.id, [])
        if (lang,) not in editions:
            continue
        translated = state.title if lang == source else state.languages.get(lang, {}).get("title")
        # A draft may show the source title; it is then marked as the source language.
        title, title_lang = (translated, lang) if translated else (state.title, source)
        entries.append({
            "id": state.id,
            "type": state.type,
            "date": state.date,
            "date_label": info.date(state.date),
            "title": title,
            "title_lang": language_tag(title_lang),
            "html": f"{prefix}{lang}/{state.id}.html",
            "pdf": _pdf(f"{lang}/{state.id}.pdf", pdfs, prefix),
            "parallels": [{"languages": [{"lang": language_tag(code), "name": LocaleInfo(code).name}
                                         for code in langs],
                           "html": f"{prefix}{'-'.join(langs)}/{state.id}.html",
                           "pdf": _pdf(f"{'-'.join(langs)}/{state.id}.pdf", pdfs, prefix)}
                          for langs in sorted(e for e in editions if len(e) > 1 and lang in e)],
            "others": [{"lang": language_tag(other), "name": LocaleInfo(other).name,
                        "href": f"{prefix}{other}/{state.id}.html"}
                       for other in languages if other != lang and (other,) in editions],
        })
    return entries


def _pdf(path: str, pdfs: set[str], prefix: str) -> str | None:
    return f"{prefix}{path}" if path in pdfs else None
