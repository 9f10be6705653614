"""The repository's own corpus: what it asserts about documents/ and locales/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import assert_gettext_canonical
from polyglot_docs.repository import Repository

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = sorted(ROOT.glob("locales/*/LC_MESSAGES/*.po")) + sorted(ROOT.glob("locales/templates/*.pot"))


def test_documents_are_valid() -> None:
    repo = Repository.open(ROOT)
    assert repo.documents.validate() == []
    assert len(repo.documents.ids()) >= 6


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_is_gettext_canonical(path: Path) -> None:
    assert_gettext_canonical(path)


def test_catalogs_are_current_and_every_language_is_complete() -> None:
    rows = Repository.open(ROOT).status().rows_or_raise()
    assert not [r.path for r in rows if r.outdated], "run polyglot-docs update"
    assert [r.path for r in rows if not r.counts.complete] == []
    assert {r.lang for r in rows} == {"ru", "hy", "be", "kk", "ky", "tg"}


def test_every_translation_passes_check() -> None:
    findings = Repository.open(ROOT).check()
    assert [str(f) for f in findings] == []


def test_glossaries_hold_the_same_concepts_in_every_language() -> None:
    sources = {}
    for path in sorted(ROOT.glob("glossary/*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        assert all(row["target"].strip() for row in rows), path
        sources[path.stem] = {row["source"] for row in rows}
    assert set(sources) == {"ru", "hy", "be", "kk", "ky", "tg"}
    first = sources["ru"]
    assert len(first) >= 25
    assert {lang: concepts ^ first for lang, concepts in sources.items()} == {lang: set() for lang in sources}
