"""Incremental builds: work in proportion to what changed, decided from content hashes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import STATEMENT, write
from polyglot_docs.build import BuildOptions, build
from polyglot_docs.repository import Repository
from test_editions import DOC, RU, fill, make_repo


def test_rebuild_only_what_changed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(tmp_path / "documents" / "second.xml", STATEMENT.replace('id="statement"', 'id="second"'))
    repo.update()
    fill(tmp_path, "ru", RU)  # fills the first document only
    first = build(repo, BuildOptions(langs=["ru"]))
    expected = [f"{folder}/{DOC}.{kind}" for folder in ("en", "ru", "en-ru") for kind in ("html", "pdf")]
    assert sorted(first.rendered) == sorted([*expected, "en/second.html", "en/second.pdf"])

    assert build(repo, BuildOptions(langs=["ru"])).rendered == []  # no-op

    fill(tmp_path, "ru", {**RU, "h1": "Судебный приговор"})  # one catalog changes
    again = build(repo, BuildOptions(langs=["ru"]))
    assert sorted(again.rendered) == [f"en-ru/{DOC}.html", f"en-ru/{DOC}.pdf", f"ru/{DOC}.html", f"ru/{DOC}.pdf"]

    package = Path(__file__).resolve().parents[1] / "src" / "polyglot_docs" / "templates"
    override = tmp_path / "templates" / "parallel.html.j2"
    write(override, (package / "parallel.html.j2").read_text(encoding="utf-8").replace(
        '<main>', '<main class="override">'))
    touched = build(repo, BuildOptions(langs=["ru"]))
    assert sorted(touched.rendered) == [f"en-ru/{DOC}.html", f"en-ru/{DOC}.pdf"]  # only what uses the template

    shutil.rmtree(repo.settings.cache_dir)  # the cache is safe to delete
    cold = build(Repository.open(tmp_path), BuildOptions(langs=["ru"]))
    assert len(cold.rendered) == 8 and cold.written == []  # all redone, and the bytes are the same


def test_parallel_workers_give_the_same_pdfs(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    one = build(repo, BuildOptions(langs=["ru", "kk"], draft=True, formats=("pdf",), output=tmp_path / "one"))
    two = build(repo, BuildOptions(langs=["ru", "kk"], draft=True, formats=("pdf",), output=tmp_path / "two",
                                   jobs=2))
    assert sorted(one.rendered) == sorted(two.rendered) and len(one.rendered) == 5
    for name in one.rendered:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
