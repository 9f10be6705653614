"""The repository's own corpus: what it asserts about documents/ and locales/."""

from __future__ import annotations

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


def test_catalogs_are_current_and_russian_is_complete() -> None:
    rows = Repository.open(ROOT).status().rows_or_raise()
    assert not [r.path for r in rows if r.outdated], "run polyglot-docs update"
    assert all(r.counts.complete for r in rows if r.lang == "ru")
    for lang in ("kk", "hy"):
        translated = sum(r.counts.translated for r in rows if r.lang == lang)
        total = sum(r.counts.total for r in rows if r.lang == lang)
        assert translated * 3 >= total
