"""What the translation memory keeps between updates: the source pool and each language's list of sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import RU, STATEMENT, translate_units, write
from polyglot_docs.catalogs import update as update_module
from polyglot_docs.catalogs.memory import SOURCES_KIND
from polyglot_docs.catalogs.po import read_po_file
from polyglot_docs.catalogs.sourcepool import SourcePool
from polyglot_docs.repository import Repository
from test_editions import DOC, HY, KK, make_repo

NEAR_P2 = "The International Military Tribunal in Nuremberg found that crimes had been committed there."


def _add_document_near_p2(root: Path) -> None:
    write(root / "documents" / "doc9.xml", STATEMENT.replace('id="statement"', 'id="doc9"').replace(
        "The\n       International Military Tribunal   in Nuremberg found that crimes had been committed.", NEAR_P2))


def _proposed_from_p2(root: Path) -> bool:
    catalog = read_po_file(root / "locales" / "ru" / "LC_MESSAGES" / "doc9.po")
    unit = next(m for m in catalog.messages if m.msgctxt == "p2")
    return unit.fuzzy and unit.msgstr == RU["p2"] and re.fullmatch(
        rf"memory: \d\d % from {DOC}#p2", unit.extracted_comments[-1]) is not None


def test_the_next_update_derives_only_the_texts_the_last_one_did_not_keep(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    repo.update()  # keeps the pool and the lists of sources, the translators' work included
    kept = SourcePool.load(repo.catalogs.cache, "en")
    assert kept.texts and all(repo.catalogs.cache.get(SOURCES_KIND, lang)[0] == kept.token
                              for lang in ("ru", "kk", "hy"))
    coded: list[str] = []
    original = SourcePool._coded
    monkeypatch.setattr(SourcePool, "_coded", lambda pool, text: coded.append(text) or original(pool, text))
    _add_document_near_p2(tmp_path)
    Repository.open(tmp_path).update()
    assert _proposed_from_p2(tmp_path)
    assert NEAR_P2 in coded and not set(coded) & set(kept.texts)  # asked about, not derived again


def test_a_pool_mostly_of_texts_no_catalog_holds_any_more_is_rebuilt(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polyglot_docs.catalogs.memory.COMPACT_ABOVE", 0)
    repo = make_repo(tmp_path)
    repo.update()
    before = SourcePool.load(repo.catalogs.cache, "en")
    # The translations withdrawn but one: the pool keeps only the text it still holds, renumbered.
    catalogs = tmp_path / "locales"
    translate_units(catalogs / "ru" / "LC_MESSAGES" / f"{DOC}.po", {unit: "" for unit in RU if unit != "p2"})
    translate_units(catalogs / "kk" / "LC_MESSAGES" / f"{DOC}.po", dict.fromkeys(KK, ""))
    translate_units(catalogs / "hy" / "LC_MESSAGES" / f"{DOC}.po", dict.fromkeys(HY, ""))
    repo.update()
    after = SourcePool.load(repo.catalogs.cache, "en")
    assert len(before.texts) > 1 and len(after.texts) == 1 and after.token != before.token
    assert len(after._table) == len(set(after.codes[0])) < len(before._table)  # words no text uses are gone
    assert repo.catalogs.cache.get(SOURCES_KIND, "ru")[1][0][-1] == [0]
    _add_document_near_p2(tmp_path)
    Repository.open(tmp_path).update()
    assert _proposed_from_p2(tmp_path)


def test_an_update_of_some_languages_keeps_the_pool_the_others_number_into(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polyglot_docs.catalogs.memory.COMPACT_ABOVE", 0)
    repo = make_repo(tmp_path)
    repo.update()
    before = SourcePool.load(repo.catalogs.cache, "en")
    translate_units(tmp_path / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po", dict.fromkeys(RU, ""))
    repo.update(langs=["ru"])
    assert SourcePool.load(repo.catalogs.cache, "en").token == before.token
    assert repo.catalogs.cache.get(SOURCES_KIND, "kk")[0] == before.token


def test_a_damaged_pool_is_derived_again(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update()
    kept = SourcePool.load(repo.catalogs.cache, "en")
    repo.catalogs.cache.put("memory-pool", "en", [kept.token, "version", ["only"], [], {}, {}])
    repo.catalogs.cache.flush()
    assert SourcePool.load(repo.catalogs.cache, "en").texts == []
    _add_document_near_p2(tmp_path)
    Repository.open(tmp_path).update()
    assert _proposed_from_p2(tmp_path)


def test_an_update_with_nothing_to_do_reads_no_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    repo.update()

    def refused(*_: object) -> SourcePool:
        raise AssertionError("the pool was read")

    monkeypatch.setattr(SourcePool, "load", refused)
    assert not any(result.written for result in Repository.open(tmp_path).update())


def test_a_damaged_list_of_sources_is_derived_again(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update()
    token = repo.catalogs.cache.get(SOURCES_KIND, "ru")[0]
    repo.catalogs.cache.put(SOURCES_KIND, "ru", [token, [[f"locales/ru/LC_MESSAGES/{DOC}.po", "size?", None]]])
    repo.catalogs.cache.flush()
    _add_document_near_p2(tmp_path)
    Repository.open(tmp_path).update()
    assert _proposed_from_p2(tmp_path)


def test_a_damaged_pool_or_list_of_the_right_shape_but_wrong_contents_is_derived_again(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update()
    kept = SourcePool.load(repo.catalogs.cache, "en")
    cache = repo.catalogs.cache
    stored = cache.get("memory-pool", "en")
    cache.put("memory-pool", "en", [*stored[:2], [7] * len(kept.texts), stored[3], {"x": [1.5]}, stored[5]])
    token, chunks = cache.get(SOURCES_KIND, "ru")
    damaged = [[rel, *seen, [float(n) for n in numbers]] for rel, *seen, numbers in chunks]
    cache.put(SOURCES_KIND, "ru", [token, damaged])
    cache.flush()
    assert SourcePool.load(cache, "en").texts == []
    _add_document_near_p2(tmp_path)
    Repository.open(tmp_path).update()
    assert _proposed_from_p2(tmp_path)


def test_updates_run_one_after_another_in_one_process_see_what_the_last_one_left(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)  # one Repository, one updater, as a long-lived process (an editor's server) has
    repo.update()
    _add_document_near_p2(tmp_path)
    repo.update()
    assert _proposed_from_p2(tmp_path)
    doc9 = tmp_path / "locales" / "ru" / "LC_MESSAGES" / "doc9.po"
    confirmed = "Международный военный трибунал в Нюрнберге установил, что там были совершены преступления."
    translate_units(doc9, {"p2": confirmed})
    repo.update()  # a document the last update did not know is now a source, and its translation too
    write(tmp_path / "documents" / "doc10.xml", STATEMENT.replace('id="statement"', 'id="doc10"').replace(
        "The\n       International Military Tribunal   in Nuremberg found that crimes had been committed.", NEAR_P2))
    repo.update()
    unit = next(m for m in read_po_file(tmp_path / "locales" / "ru" / "LC_MESSAGES" / "doc10.po").messages
                if m.msgctxt == "p2")
    assert (unit.msgstr, unit.extracted_comments[-1]) == (confirmed, "memory: 100 % from doc9#p2")


def test_a_catalog_saved_while_update_ran_is_not_remembered_with_what_update_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    catalog = tmp_path / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po"
    saved = "Трибунал в Нюрнберге установил, что преступления были совершены."
    original = update_module._mark_left

    def translator_saves(*args: object) -> None:  # after every rename, before the memory records the catalogs
        translate_units(catalog, {"p2": saved})
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(update_module, "_mark_left", translator_saves)
    repo.update()
    monkeypatch.undo()
    write(tmp_path / "documents" / "doc9.xml", STATEMENT.replace('id="statement"', 'id="doc9"'))
    Repository.open(tmp_path).update()
    unit = next(m for m in read_po_file(tmp_path / "locales" / "ru" / "LC_MESSAGES" / "doc9.po").messages
                if m.msgctxt == "p2")
    assert unit.msgstr == saved  # what the file holds, not what the update had read of it


LEGACY_PAIRS = {"The ministers met in Minsk.": ("Министры встретились в Минске.", "Министрлер Минскіде кездесті."),
                "The Council adopted a statement.": ("Совет принял заявление.", "Кеңес мәлімдеме қабылдады.")}


def _import_legacy_memory(root: Path) -> None:
    from polyglot_docs.catalogs.memoryfile import import_memory
    from polyglot_docs.core.settings import load_settings

    units = "".join(f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="ru"><seg>{ru}</seg></tuv>'
                    f'<tuv xml:lang="kk"><seg>{kk}</seg></tuv></tu>' for en, (ru, kk) in LEGACY_PAIRS.items())
    source = write(root / "legacy.tmx", f'<tmx version="1.4"><header srclang="en"/><body>{units}</body></tmx>')
    import_memory(load_settings(root), source)


def test_an_imported_memory_s_sources_are_kept_in_the_pool_and_its_index_shared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker would otherwise segment and code an imported memory's sources again at every update
    (30 000 of them: 2 s a worker), and search them once for each language that has them."""
    repo = make_repo(tmp_path)
    _import_legacy_memory(tmp_path)
    _add_document_near_p2(tmp_path)
    repo.update()
    kept = SourcePool.load(repo.catalogs.cache, "en")
    assert set(LEGACY_PAIRS) <= set(kept.texts)
    coded: list[str] = []
    original = SourcePool._coded
    monkeypatch.setattr(SourcePool, "_coded", lambda pool, text: coded.append(text) or original(pool, text))
    updater = Repository.open(tmp_path).updater
    ru, kk = updater._proposer("ru"), updater._proposer("kk")
    assert ru._indexes()[1] is kk._indexes()[1] and ru._indexes()[1].texts == list(LEGACY_PAIRS)
    near = ru.propose("The ministers met in Minsk again.")
    assert near is not None and near.kind == "fuzzy" and near.msgstr == LEGACY_PAIRS["The ministers met in Minsk."][0]
    assert "The ministers met in Minsk again." in coded and not set(coded) & set(LEGACY_PAIRS)


def test_a_damaged_imported_memory_stops_the_update_before_it_writes_and_never_the_pool(tmp_path: Path) -> None:
    from polyglot_docs.catalogs.memory import keep_sources
    from polyglot_docs.catalogs.tmx import TmxError

    make_repo(tmp_path)
    _import_legacy_memory(tmp_path)
    (tmp_path / "memory" / "legacy.tmx").write_text("<tmx version='1.4'><header", encoding="utf-8")
    catalogs = sorted((tmp_path / "locales").rglob("*.po"))
    before = {path: path.read_bytes() for path in catalogs}
    _add_document_near_p2(tmp_path)
    with pytest.raises(TmxError, match="malformed XML") as caught:
        Repository.open(tmp_path).update()
    assert caught.value.path == "memory/legacy.tmx" and caught.value.line == 1
    assert {path: path.read_bytes() for path in catalogs} == before
    assert not (tmp_path / "locales" / "ru" / "LC_MESSAGES" / "doc9.po").exists()

    def unreadable() -> list[str]:
        raise TmxError("malformed XML", "memory/legacy.tmx", 1)

    # What keeps the pool at the end of an update that proposed nothing (so never read the memory).
    updater = Repository.open(tmp_path).updater
    merged: dict[str, dict[str, dict[str, tuple[str, str]]]] = {"ru": {DOC: {"A source.": ("Источник.", "p1")}}}
    keep_sources(updater.catalogs, updater.source_pool, merged, [DOC], imported=unreadable)
    updater.cache.flush()
    assert "A source." in SourcePool.load(Repository.open(tmp_path).catalogs.cache, "en").texts
