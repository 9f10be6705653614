"""Incremental builds: work in proportion to what changed, decided from content hashes."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import RU, STATEMENT, assert_gettext_canonical, translate_units, write
from polyglot_docs.catalogs.memory import TranslationMemory
from polyglot_docs.catalogs.sourcepool import SourcePool
from polyglot_docs.core.errors import CatalogError
from polyglot_docs.editions.build import BuildOptions, build
from polyglot_docs.repository import Repository
from test_editions import DOC, fill, make_repo


def test_rebuild_only_what_changed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(tmp_path / "documents" / "second.xml", STATEMENT.replace('id="statement"', 'id="second"'))
    repo.update()
    fill(tmp_path, "ru", RU)  # fills the first document only
    first = build(repo, BuildOptions())
    expected = [f"{folder}/{DOC}.{kind}" for folder in ("en", "ru", "en-ru") for kind in ("html", "pdf")]
    assert sorted(first.rendered) == sorted([*expected, "en/second.html", "en/second.pdf"])

    assert build(repo, BuildOptions(langs=["ru"])).rendered == []  # no-op

    fill(tmp_path, "ru", {**RU, "h1": "Судебный приговор"})  # one catalog changes
    again = build(repo, BuildOptions(langs=["ru"]))
    assert sorted(again.rendered) == [f"en-ru/{DOC}.html", f"en-ru/{DOC}.pdf", f"ru/{DOC}.html", f"ru/{DOC}.pdf"]

    package = Path(__file__).resolve().parents[1] / "src" / "polyglot_docs" / "editions" / "templates"
    override = tmp_path / "templates" / "parallel.html.j2"
    write(override, (package / "parallel.html.j2").read_text(encoding="utf-8").replace(
        '<main>', '<main class="override">'))
    touched = build(repo, BuildOptions(langs=["ru"]))
    assert sorted(touched.rendered) == [f"en-ru/{DOC}.html", f"en-ru/{DOC}.pdf"]  # only what uses the template

    shutil.rmtree(repo.settings.cache_dir)  # the cache is safe to delete
    cold = build(Repository.open(tmp_path), BuildOptions())
    assert len(cold.rendered) == 8 and cold.written == []  # all redone, and the bytes are the same


def test_parallel_workers_give_the_same_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polyglot_docs.editions.pdfpool.PDF_TASKS_PER_WORKER", 1)  # a fresh pool every two PDFs
    repo = make_repo(tmp_path)
    one = build(repo, BuildOptions(langs=["ru", "kk"], draft=True, formats=("pdf",), output=tmp_path / "one"))
    two = build(repo, BuildOptions(langs=["ru", "kk"], draft=True, formats=("pdf",), output=tmp_path / "two",
                                   jobs=2))
    assert sorted(one.rendered) == sorted(two.rendered) and len(one.rendered) == 4  # ru, kk, en-ru, en-kk
    for name in one.rendered:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def _revise(root: Path) -> None:
    for i in range(6):
        path = root / "documents" / f"doc{i}.xml"
        text = path.read_text(encoding="utf-8").replace("the principles", f"the principles, revision {i}")
        path.write_text(text.replace('<item xml:id="li2">', '<item xml:id="li3">New item</item><item xml:id="li2">'),
                        encoding="utf-8")


def _corpus(root: Path) -> Repository:
    repo = make_repo(root)
    for i in range(6):
        write(root / "documents" / f"doc{i}.xml", STATEMENT.replace('id="statement"', f'id="doc{i}"'))
    repo.update()
    for i in range(6):
        translate_units(root / "locales" / "ru" / "LC_MESSAGES" / f"doc{i}.po", RU)
    return repo


def test_update_in_worker_processes_writes_what_one_process_writes(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Two copies of one repository: one updated in-process, one by two workers sharing the documents.
    monkeypatch.setattr("polyglot_docs.catalogs.update.DOCUMENTS_PER_UPDATE_WORKER", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one, two = tmp_path / "one", tmp_path / "two"
    _corpus(one)
    shutil.copytree(one, two)
    _revise(one)
    _revise(two)
    results_one = Repository.open(one).update(jobs=1)
    results_two = Repository.open(two).update(jobs=2)
    assert [(r.lang, r.doc_id, r.written, r.summary) for r in results_one] == \
           [(r.lang, r.doc_id, r.written, r.summary) for r in results_two]
    assert sum(r.written for r in results_two) == 18  # every catalog of the six documents
    assert _tree(one) == _tree(two)
    assert not list(two.rglob("*.tmp"))


def test_update_from_cached_snapshots_writes_what_a_parse_writes(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The second update reads its catalogs from the cache and copies unchanged entries; a repository
    # with no cache parses everything. The bytes must be the same, and as msgcat prints them.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    _corpus(warm)
    Repository.open(warm).update()  # leaves snapshots of what it wrote
    shutil.copytree(warm, cold)
    shutil.rmtree(cold / ".polyglot-cache")
    _revise(warm)
    _revise(cold)
    Repository.open(warm).update()
    Repository.open(cold).update()
    assert _tree(warm) == _tree(cold)
    for path in (warm / "locales").rglob("*.po"):
        assert_gettext_canonical(path)


def test_an_error_in_any_worker_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polyglot_docs.catalogs.update.DOCUMENTS_PER_UPDATE_WORKER", 1)
    root = tmp_path / "repo"
    _corpus(root)
    _revise(root)
    (root / "locales" / "kk" / "LC_MESSAGES" / "doc5.po").write_text('msgid "x"\nmsgstr "unterminated\n',
                                                                     encoding="utf-8")
    before = _tree(root)
    with pytest.raises(CatalogError, match="doc5.po"):
        Repository.open(root).update(jobs=2)
    assert _tree(root) == before
    assert not list(root.rglob("*.tmp"))


@pytest.mark.parametrize("damage", ["values", "file"])
def test_a_damaged_cache_only_makes_a_slower_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  damage: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    good, bad = tmp_path / "good", tmp_path / "bad"
    _corpus(good)
    Repository.open(good).update()
    shutil.copytree(good, bad)
    database = bad / ".polyglot-cache" / "cache.sqlite"
    if damage == "values":  # what an older version's entries or a torn write look like
        with sqlite3.connect(database) as db:
            db.execute("UPDATE entry SET value = CASE WHEN rowid % 2 THEN x'006d34ff' ELSE 'garbage' END")
    else:
        database.write_bytes(database.read_bytes()[:100] + b"\xff" * 4096)
        for extra in database.parent.glob("cache.sqlite-*"):
            extra.unlink()
    _revise(good)
    _revise(bad)
    # The damaged run reads again what the cache would have skipped; it writes the same.
    assert [(r.lang, r.doc_id) for r in Repository.open(good).update() if r.written] == \
           [(r.lang, r.doc_id) for r in Repository.open(bad).update() if r.written]
    assert _tree(good) == _tree(bad)
    assert [r.counts for r in Repository.open(good).status().rows] == \
           [r.counts for r in Repository.open(bad).status().rows]


def test_the_cache_stays_under_its_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    small, large = tmp_path / "small", tmp_path / "large"
    _corpus(small)
    shutil.copytree(small, large)
    for revision in range(3):  # every revision adds entries for new content
        for root, limit in ((small, "0.1"), (large, "1024")):
            monkeypatch.setenv("POLYGLOT_CACHE_LIMIT_MB", limit)
            for path in (root / "documents").glob("doc*.xml"):
                path.write_text(path.read_text(encoding="utf-8").replace("principles", f"principles ({revision})"),
                                encoding="utf-8")
            Repository.open(root).update()
    with sqlite3.connect(small / ".polyglot-cache" / "cache.sqlite") as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0] - db.execute("PRAGMA freelist_count").fetchone()[0]
        assert pages * db.execute("PRAGMA page_size").fetchone()[0] <= 0.1 * 2**20 * 1.5
    assert _tree(small) == _tree(large)  # what was dropped was only derived again


@pytest.mark.parametrize("jobs", [1, 2])
def test_long_operations_report_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    monkeypatch.setattr("polyglot_docs.catalogs.update.DOCUMENTS_PER_UPDATE_WORKER", 1)
    repo = _corpus(tmp_path)
    _revise(tmp_path)
    seen: list[tuple[int, int]] = []
    repo.update(jobs=jobs, progress=lambda done, total: seen.append((done, total)))
    if jobs == 1:  # in one process, after every document
        assert seen == [(n, 7) for n in range(1, 8)]
    assert all(total == 7 and 0 <= done <= 7 for done, total in seen)
    counted: list[tuple[int, int]] = []
    repo.status(progress=lambda done, total: counted.append((done, total)))
    assert counted == [(0, 21), (7, 21), (14, 21)]
    checked: list[tuple[int, int]] = []
    list(repo.checks.iter_check(progress=lambda done, total: checked.append((done, total))))
    assert checked == [(n, 7) for n in range(7)]



def test_what_the_memory_proposes_does_not_depend_on_the_order_documents_are_read_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A paragraph translated only in doc0's catalog, and edited in doc0 by the revision this update
    # takes in, is still a translation the memory holds: a new document with a paragraph close to it
    # gets it proposed in one process, in two workers (the new document's worker never reads doc0),
    # and with no cache at all.
    monkeypatch.setattr("polyglot_docs.catalogs.update.DOCUMENTS_PER_UPDATE_WORKER", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    said = "We call upon the <em>global</em> community to respect the principles."

    def document(doc_id: str, p1: str) -> str:
        return STATEMENT.replace('id="statement"', f'id="{doc_id}"').replace(said, p1)

    base = tmp_path / "base"
    repo = make_repo(base)
    for doc_id in ("doc0", "doc1", "doc2"):
        write(base / "documents" / f"{doc_id}.xml", document(
            doc_id, "The ministers agreed to hold their next meeting in Minsk in the spring." if doc_id == "doc0"
            else said))
    repo.update()
    translate_units(base / "locales" / "ru" / "LC_MESSAGES" / "doc0.po",
                    {"p1": "Министры договорились провести следующее заседание в Минске весной."})
    trees = []
    for name, jobs in (("one", 1), ("two", 2), ("cold", 2), ("deferring little", 1)):
        # "deferring little": the merges waiting for the memory's batched search are staged after each document.
        monkeypatch.setattr("polyglot_docs.catalogs.update.DEFERRED_MERGES", 1 if name == "deferring little" else 256)
        root = tmp_path / name
        shutil.copytree(base, root)
        if name == "cold":
            shutil.rmtree(root / ".polyglot-cache")
        write(root / "documents" / "doc0.xml", document(
            "doc0", "The ministers agreed to hold their next meeting in Dushanbe in the autumn."))
        write(root / "documents" / "doc9.xml", document(
            "doc9", "The ministers agreed to hold their next meeting in Minsk in the summer."))
        Repository.open(root).update(jobs=jobs)
        trees.append(_tree(root))
    assert trees[0] == trees[1] == trees[2] == trees[3]
    proposal = trees[0]["locales/ru/LC_MESSAGES/doc9.po"].decode()
    assert re.search(r'#\. memory: \d\d % from doc0#p1\n(.*\n)*msgstr "Министры договорились провести следующее '
                     r'заседание в Минске весной\."', proposal)


def test_a_catalog_deleted_after_the_memory_listed_it_offers_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update()
    fill(tmp_path, "ru", {**RU, "p2": "Трибунал установил, что преступления были совершены."})  # a translator's save
    repo.update()  # keeps the list of sources in the cache: the next memory lists the catalog without reading it
    pool = SourcePool.load(repo.catalogs.cache, "en")
    memory = TranslationMemory(repo.catalogs, "ru", lambda: pool)
    assert "The judgment" in memory.sources()
    (tmp_path / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po").unlink()
    assert memory.get("The judgment") is None
