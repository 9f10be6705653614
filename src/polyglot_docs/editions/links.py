"""Links between editions and the entries of the language indexes, as plain data for the templates.

All links are relative, so the output folder can be served from anywhere or read offline.
"""

from __future__ import annotations

from typing import Any

from polyglot_docs.editions.locale import LocaleInfo
from polyglot_docs.editions.plan import Edition
from polyglot_docs.editions.store import DocumentState


def edition_links(edition: Edition, built: dict[str, list[tuple[str, ...]]], source: str,
                   formats: tuple[str, ...]) -> dict[str, Any]:
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
        "pdf": f"{doc_id}.pdf" if "pdf" in formats else None,
        "alternates": alternates if not edition.parallel else [
            a for a in alternates if a["lang"] in edition.langs],
        "others": others,
    }


def language_links(languages: list[str], prefix: str) -> list[dict[str, str]]:
    return [{"lang": lang, "name": LocaleInfo(lang).name, "href": f"{prefix}{lang}/index.html"}
            for lang in languages]


def index_entries(lang: str, states: list[DocumentState], built: dict[str, list[tuple[str, ...]]], source: str,
                   formats: tuple[str, ...], prefix: str) -> list[dict[str, Any]]:
    info = LocaleInfo(lang)
    entries = []
    for state in states:
        if lang == source:
            percent, title, title_lang = 100.0, state.title, source
        else:
            language = state.languages[lang]
            percent = language["percent"]
            title, title_lang = (language["title"], lang) if language["title"] else (state.title, source)
        has_mono = (lang,) in built.get(state.id, [])
        parallels = sorted(langs for langs in built.get(state.id, []) if len(langs) > 1 and lang in langs)
        entries.append({
            "id": state.id,
            "type": state.type,
            "date": state.date,
            "date_label": info.date(state.date),
            "title": title,
            "title_lang": title_lang,
            "complete": percent >= 100.0,
            "percent": info.percent(round(percent)),
            "html": f"{prefix}{lang}/{state.id}.html" if has_mono else None,
            "pdf": f"{prefix}{lang}/{state.id}.pdf" if has_mono and "pdf" in formats else None,
            "parallels": [{"label": " – ".join(LocaleInfo(code).name for code in langs),
                           "html": f"{prefix}{'-'.join(langs)}/{state.id}.html",
                           "pdf": f"{prefix}{'-'.join(langs)}/{state.id}.pdf" if "pdf" in formats else None}
                          for langs in parallels],
        })
    return entries
