"""Editions to HTML: page contexts as plain data, Jinja2 templates for the look.

The package ships default templates (``polyglot_docs/editions/templates``); a repository's
own ``templates/`` folder overrides any of them by file name. Autoescaping is
on for every template, so text from documents and catalogs is always escaped.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markupsafe import Markup

from polyglot_docs import __version__
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.documents.model import Document
from polyglot_docs.editions.content import Block, Section, read_blocks, read_sections
from polyglot_docs.editions.diff import DiffOp
from polyglot_docs.editions.locale import LocaleInfo
from polyglot_docs.editions.plan import Edition


def environment(override: Path | None) -> jinja2.Environment:
    """The templates: the repository's own (``override``) over the package's, rendered in Jinja's sandbox.

    A repository's templates are code anyone who can push may write: the sandbox refuses access to
    attributes that lead to Python internals (``cycler.__init__.__globals__``…), so a template can
    only format the data it is given. ``house.css`` is included as plain CSS, never as a template.
    """
    loaders: list[jinja2.BaseLoader] = []
    if override is not None and override.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(override)))
    loaders.append(jinja2.PackageLoader("polyglot_docs.editions", "templates"))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["css_counters"] = css_counters
    env.globals["plain_css"] = lambda name: plain_css(env, name)
    return env


def plain_css(env: jinja2.Environment, name: str) -> Markup:
    """A stylesheet's text as it is, for a ``<style>`` element: not a template; empty when there is none."""
    try:
        source = env.loader.get_source(env, name)[0] if env.loader else ""
    except jinja2.TemplateNotFound:
        return Markup("")
    # "</" could close the <style> element; in CSS, "<\/" means the same characters.
    return Markup(source.replace("</", "<\\/"))


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render a template; a missing or broken one is a one-line error naming the file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise PolyglotError(f"template not found: {error.name}", name) from None
    except jinja2.TemplateSyntaxError as error:
        raise PolyglotError(f"template syntax error: {error.message}", _template_file(env, error.name or name),
                            error.lineno) from None
    except SecurityError as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith((".j2", ".css"))]
        where = frames[-1] if frames else None
        raise PolyglotError(f"template refused by the sandbox: {error}", where.filename if where else name,
                            where.lineno if where else None) from None
    except jinja2.TemplateError as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith((".j2", ".css"))]
        where = frames[-1] if frames else None
        raise PolyglotError(f"template error: {error}", where.filename if where else name,
                            where.lineno if where else None) from None


def _template_file(env: jinja2.Environment, name: str) -> str:
    try:
        source = env.loader.get_source(env, name) if env.loader else None
    except jinja2.TemplateNotFound:
        return name
    return source[1] if source and source[1] else name


def css_string(text: str) -> Markup:
    """A CSS string literal safe inside <style>: quotes, backslashes, newlines and <>& escaped."""
    escaped = "".join(_CSS_ESCAPES.get(char, char) for char in text)
    return Markup(f'"{escaped}"')


_CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\A ", "<": "\\3C ", ">": "\\3E ", "&": "\\26 "}


def css_counters(template: str) -> Markup:
    """CSS ``content`` for a localised "Page {page} of {pages}" string."""
    parts: list[str] = []
    rest = template
    while rest:
        positions = [(rest.find(m), m) for m in ("{page}", "{pages}") if rest.find(m) >= 0]
        if not positions:
            parts.append(css_string(rest))
            break
        index, marker = min(positions)
        if index:
            parts.append(css_string(rest[:index]))
        parts.append("counter(page)" if marker == "{page}" else "counter(pages)")
        rest = rest[index + len(marker):]
    return Markup(" ".join(parts))


# A pair longer than this may split across pages (in all columns at once) rather
# than leave a large gap; shorter pairs are kept whole. 200 characters are at most about
# seven lines in the narrowest column (three languages, landscape, ragged-right Kazakh), under a
# quarter of a page, so a pair pushed whole never leaves a page less than three quarters full.
LONG_PAIR_CHARACTERS = 200


@dataclass
class Column:
    """One language of an edition: its blocks and its masthead."""

    lang: str
    info: LocaleInfo
    blocks: dict[str, Block]
    source: bool

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def dir(self) -> str:
        return self.info.direction

    def block(self, unit_id: str) -> Block | None:
        return self.blocks.get(unit_id)

    def reviewing(self, block: Block | None) -> bool:
        """Whether a block shows a translation awaiting review (a draft's fuzzy unit), not a fallback."""
        return block is not None and block.status == "fuzzy" and block.lang == self.lang


@dataclass
class EditionInput:
    """What rendering one edition reads: the document and each language's XML.

    ``changes`` (drafts only): language -> unit id -> the source's word diff since that language's
    translation under review was made. It travels beside the trees so translated XML never holds it.
    """

    document: Document
    trees: dict[str, etree._ElementTree]  # language -> source or translated tree
    changes: dict[str, dict[str, list[DiffOp]]] = field(default_factory=dict)


def short_title(column: Column, document: Document) -> str:
    block = column.block("short-title") or None
    if block is None:
        for b in column.blocks.values():
            if b.role == "short title":
                block = b
    if block is not None:
        return block.plain
    title = column.block("title")
    text = title.plain if title else document.id
    if len(text) <= 70:
        return text
    return f"{column.info.text('type-' + document.type)}, {column.info.date(document.date)}"


def edition_context(edition: Edition, data: EditionInput, *, source_lang: str, links: dict[str, Any]
                    ) -> dict[str, Any]:
    document = data.document
    columns = []
    for lang in edition.langs:
        tree = data.trees[lang]
        columns.append(Column(lang, LocaleInfo(lang), read_blocks(tree.getroot(), lang), lang == source_lang))
    sections: list[Section] = read_sections(document.root)
    title_by_role = {b.role: b.id for b in columns[0].blocks.values()}
    meta_ids = [title_by_role[r] for r in ("title",) if r in title_by_role]
    rows = []
    for unit_id in meta_ids:
        rows.append({"kind": "title", "id": unit_id, "cells": [c.block(unit_id) for c in columns], "long": False,
                     "changes": _row_changes(unit_id, columns, data.changes)})
    for section in sections:
        for unit_id in section.ids:
            cells = [c.block(unit_id) for c in columns]
            rows.append({"kind": {"h": "heading", "p": "paragraph", "list": "item", "quote": "quote"}[section.kind],
                         "numbered": section.numbered, "id": unit_id, "cells": cells,
                         "long": max(len(c.plain) for c in cells if c) > LONG_PAIR_CHARACTERS,
                         "changes": _row_changes(unit_id, columns, data.changes)})
    first = columns[0]
    org = first.block("org") or next((b for b in first.blocks.values() if b.role == "organisation"), None)
    title = first.block("title")
    return {
        "edition": edition,
        "document": document,
        "symbol": document.symbol,
        "columns": columns,
        "sections": sections,
        "rows": rows,
        "landscape": len(edition.langs) > 2,
        "page": {
            "lang": first.lang,
            "dir": first.dir,
            "title": " / ".join(t.plain for c in columns if (t := c.block("title"))) or document.id,
            "author": org.plain if org else "",
            "description": title.plain if title else "",
            "keywords": ", ".join(document.tags),
            "created": dt.datetime.combine(document.date, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
        "short_titles": [short_title(c, document) for c in columns],
        "draft_marks": draft_marks(columns) if edition.draft else [],
        "links": links,
        "source_lang": source_lang,
        "generator": f"polyglot-docs {__version__}",
    }


def _row_changes(unit_id: str, columns: list[Column], changes: dict[str, dict[str, list[DiffOp]]]
                 ) -> list[dict[str, Any]]:
    """The source's changes behind a row's translations under review, one entry per distinct change.

    Columns whose translations were made for the same earlier source share one entry: in a
    three-language draft the reviewer sees each different change once, with the columns it concerns.
    """
    found: list[dict[str, Any]] = []
    for column in columns:
        ops = changes.get(column.lang, {}).get(unit_id)
        if not ops or not column.reviewing(column.block(unit_id)):
            continue
        same = next((entry for entry in found if entry["ops"] == ops), None)
        if same is None:
            found.append({"ops": ops, "columns": [column]})
        else:
            same["columns"].append(column)
    return found


def draft_marks(columns: list[Column]) -> list[dict[str, str]]:
    """The draft watermark word and notice in every language of an edition, each text once."""
    marks: list[dict[str, str]] = []
    for column in columns:
        word, notice = column.info.text("draft"), column.info.text("draft-notice")
        if any(m["word"] == word and m["notice"] == notice for m in marks):
            continue  # a language without its own furniture repeats the English words: show them once
        marks.append({"lang": column.lang, "dir": column.dir, "word": word, "notice": notice})
    return marks


def index_context(lang: str, entries: list[dict[str, Any]], languages: list[dict[str, Any]], *, root: str,
                  feed: str | None) -> dict[str, Any]:
    """A reader's index page: entries grouped by type, newest first; ``root`` leads to the site's root.

    Phrases with a placeholder that the page fills with links are split around it, so that each
    language's word order and punctuation are its translators' and the links keep their own language.
    """
    info = LocaleInfo(lang)
    groups = []
    for doc_type in ("statement", "news"):  # the schema's types, in the order readers look for them
        items = sorted((e for e in entries if e["type"] == doc_type), key=lambda e: (e["date"], e["id"]),
                       reverse=True)
        if items:
            groups.append({"type": doc_type, "label": info.text("group-" + doc_type), "entries": items})
    return {"lang": lang, "lang_tag": lang.replace("_", "-"), "info": info, "groups": groups,
            "languages": languages, "root": root, "feed": feed,
            "title": info.text("index-title", language=info.name_of(lang)),
            "parallel_label": _around(info.text("parallel-edition"), "{languages}"),
            "also_in": _around(info.text("also-in"), "{languages}"),
            "generator": f"polyglot-docs {__version__}"}


def _around(template: str, placeholder: str) -> tuple[str, str]:
    """The text before and after a placeholder; a translation without it gets the links at its end."""
    before, found, after = template.partition(placeholder)
    return (before, after) if found else (before + " ", "")
