"""Markup check: a translation carries exactly the inline tags of its source.

The inline elements of a unit (emphasis, links, placeholders such as ``<x1/>``)
travel through the catalog as tags, and the edition is rebuilt from the
translation's tags, so it must be well-formed and hold the source's tags, no
more and no fewer, without attributes, with placeholders left empty. Tags are
compared as a multiset: languages reorder phrases, so order is free. The
comparison is ``polyglot_docs.documents.inline.markup_problems``. A translation that is not
well-formed is described by its own sequence of tags ("unclosed <a1>", "</a1> without <a1>",
"<b1> closed by </a1>", "unknown tag <x9>"), not in the XML parser's words.
"""

from __future__ import annotations

from polyglot_docs.checks.base import ERROR, Finding, UnitText
from polyglot_docs.checks.glossary import Glossary
from polyglot_docs.documents.inline import markup_problems


def check_markup(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    return [Finding("markup", ERROR, problem) for problem in markup_problems(unit.source, unit.translation)]
