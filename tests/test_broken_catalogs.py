"""One bad file costs only itself: ``status`` and ``check`` report it and go on, ``update`` names every one.

The repository has three documents in ru, hy and kk; the Russian catalog of ``statement`` and the
Kazakh catalog of ``second`` are malformed, and the Russian translation of ``third`` has a wrong
number, so that ``check`` has something to find in a readable catalog.
"""

from __future__ import annotations

import csv
import io
import json
import pickle
from pathlib import Path

import pytest
from click.testing import Result

from conftest import RU, SETTINGS, STATEMENT, translate_units, write
from polyglot_docs.core.errors import CatalogError, PolyglotError, PolyglotErrors, raise_errors

DOCS = ("statement", "second", "third")
RU_BAD = "locales/ru/LC_MESSAGES/statement.po"
KK_BAD = "locales/kk/LC_MESSAGES/second.po"
RU_THIRD = "locales/ru/LC_MESSAGES/third.po"


def document(doc_id: str) -> str:
    return STATEMENT.replace('id="statement"', f'id="{doc_id}"')


def break_line(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in a catalog by ``new``; the number of the line that now holds ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


@pytest.fixture
def broken(tmp_path: Path, cli) -> tuple[Path, dict[str, int]]:
    """The repository, and the line of the error in each malformed catalog."""
    write(tmp_path / "polyglot.toml", SETTINGS)
    for doc_id in DOCS:
        write(tmp_path / "documents" / f"{doc_id}.xml", document(doc_id))
    cli("update", "--root", tmp_path)
    translate_units(tmp_path / RU_THIRD, {**RU, "p3": RU["p3"].replace("3,5", "4,5")})
    lines = {
        RU_BAD: break_line(tmp_path / RU_BAD, 'msgctxt "p1"\n', 'msgctxt "p1\n'),
        KK_BAD: break_line(tmp_path / KK_BAD, 'msgid "The judgment"\nmsgstr ""\n',
                           'msgid "The judgment"\nmsgstr "unterminated\n') + 1,  # the msgstr line
    }
    return tmp_path, lines


def locales(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_status_reports_both_catalogs_and_counts_the_others(broken, cli) -> None:
    root, lines = broken
    result = cli("status", "--root", root, expect=1)
    no_traceback(result)
    assert result.stderr.splitlines() == [f"error: {RU_BAD}:{lines[RU_BAD]}: unterminated string",
                                          f"error: {KK_BAD}:{lines[KK_BAD]}: unterminated string"]
    table = result.stdout.splitlines()
    assert sum(line.startswith(doc_id) for line in table for doc_id in DOCS) == 7  # 3 documents x 3 languages - 2
    assert any(line.startswith("third") and " ru " in line and "100.0" in line for line in table)


def test_status_json_carries_the_errors(broken, cli) -> None:
    root, lines = broken
    result = cli("status", "--root", root, "--json", expect=1)
    no_traceback(result)
    data = json.loads(result.stdout)
    assert data["schema"] == "polyglot-docs/status/1"
    assert data["errors"] == [{"path": RU_BAD, "line": lines[RU_BAD], "message": "unterminated string"},
                              {"path": KK_BAD, "line": lines[KK_BAD], "message": "unterminated string"}]
    counted = {(c["document"], c["language"]) for c in data["catalogs"]}
    assert counted == {(d, lang) for d in DOCS for lang in ("ru", "hy", "kk")} - {("statement", "ru"),
                                                                                   ("second", "kk")}


def test_status_csv_lists_the_readable_catalogs_and_fail_under_still_works(broken, cli) -> None:
    root, lines = broken
    result = cli("status", "--root", root, "--format", "csv", expect=1)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7 and {r["path"] for r in rows}.isdisjoint({RU_BAD, KK_BAD})
    assert f"error: {RU_BAD}:{lines[RU_BAD]}: unterminated string" in result.stderr.splitlines()
    below = cli("status", "--root", root, "--fail-under", "50", expect=1)
    assert "locales/hy/LC_MESSAGES/statement.po: 0.0% < 50%" in below.stderr.splitlines()
    assert f"{RU_THIRD}: " not in below.stderr  # complete, and readable
    fine = cli("status", "--root", root, "--lang", "hy")  # the broken catalogs are not asked for
    assert fine.stderr == ""


def test_check_reports_both_catalogs_and_checks_the_rest(broken, cli) -> None:
    root, lines = broken
    result = cli("check", "--root", root, expect=1)
    no_traceback(result)
    out = result.stdout.splitlines()
    assert f"{RU_BAD}:{lines[RU_BAD]}: error: catalog: unterminated string" in out
    assert f"{KK_BAD}:{lines[KK_BAD]}: error: catalog: unterminated string" in out
    assert any(line.startswith(f"{RU_THIRD}:") and ": error: numbers: " in line for line in out)
    assert result.stderr.startswith("3 error(s)")

    data = json.loads(cli("check", "--root", root, "--json", expect=1).stdout)
    unreadable = [f for f in data["findings"] if f["check"] == "catalog"]
    assert [(f["path"], f["line"], f["severity"], f["language"], f["document"]) for f in unreadable] == [
        (KK_BAD, lines[KK_BAD], "error", "kk", "second"), (RU_BAD, lines[RU_BAD], "error", "ru", "statement")]
    assert data["summary"]["error"] == 3

    rows = list(csv.DictReader(io.StringIO(cli("check", "--root", root, "--format", "csv", expect=1).stdout)))
    assert {(r["path"], r["check"]) for r in rows if r["severity"] == "error"} == {
        (RU_BAD, "catalog"), (KK_BAD, "catalog"), (RU_THIRD, "numbers")}


def test_check_reports_an_unreadable_document_once(broken, cli) -> None:
    root, _ = broken
    write(root / "documents" / "second.xml", "<document><p>unclosed</document>\n")
    result = cli("check", "--root", root, expect=1)
    no_traceback(result)
    about_second = [line for line in result.stdout.splitlines() if "second" in line]
    assert len(about_second) == 1 and about_second[0].startswith("documents/second.xml:1: error: document: ")
    assert any(line.startswith(f"{RU_THIRD}:") for line in result.stdout.splitlines())
    status = cli("status", "--root", root, expect=1)
    assert [line.split(":")[0] for line in status.stderr.splitlines()] == ["error", "error"]
    assert "documents/second.xml:1: " in status.stderr and RU_BAD in status.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_update_names_every_bad_file_and_changes_nothing(broken, cli, monkeypatch, jobs: int) -> None:
    monkeypatch.setattr("polyglot_docs.catalogs.update.DOCUMENTS_PER_UPDATE_WORKER", 1)  # workers with jobs=2
    root, lines = broken
    for doc_id in DOCS:  # a source change: every catalog would be rewritten
        write(root / "documents" / f"{doc_id}.xml", document(doc_id).replace("principles", "principles now"))
    before = locales(root)
    result = cli("update", "--root", root, "--jobs", str(jobs), expect=1)
    no_traceback(result)
    assert result.stderr.splitlines() == [f"error: {KK_BAD}:{lines[KK_BAD]}: unterminated string",
                                          f"error: {RU_BAD}:{lines[RU_BAD]}: unterminated string"]
    assert locales(root) == before
    assert not list(root.rglob("*.tmp"))


def test_update_names_a_bad_document_and_its_bad_catalog(broken, cli) -> None:
    root, lines = broken
    write(root / "documents" / "statement.xml", "<document><p>unclosed</document>\n")
    before = locales(root)
    result = cli("update", "--root", root, expect=1)
    errors = result.stderr.splitlines()
    assert len(errors) == 3 and errors[0].startswith("error: documents/statement.xml:1: ")
    assert f"error: {RU_BAD}:{lines[RU_BAD]}: unterminated string" in errors
    assert locales(root) == before


def test_several_errors_are_one_error_that_crosses_processes() -> None:
    first, second = CatalogError("unterminated string", "a.po", 3), PolyglotError("no line", "b.po")
    errors = PolyglotErrors([first, PolyglotErrors([second])])
    assert str(errors) == "a.po:3: unterminated string\nb.po: no line"
    copy = pickle.loads(pickle.dumps(errors))
    assert [(type(e), str(e)) for e in copy.errors] == [(CatalogError, "a.po:3: unterminated string"),
                                                       (PolyglotError, "b.po: no line")]
    with pytest.raises(CatalogError):  # one error keeps its own kind
        raise_errors([first])
    raise_errors([])
