"""The repository's edges and the last line of defence (issue 13, §1 and §6).

Symbolic links committed to a shared repository never lead a command outside it; file-system
failures are one line naming the path; nothing is half-written; a traceback only with --debug.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import RU, translate_units, write

CATALOG = Path("locales/ru/LC_MESSAGES/statement.po")


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and ".polyglot-cache" not in p.parts}


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def updated(repo: Path, cli) -> Path:
    cli("update", "--root", repo)
    translate_units(repo / CATALOG, RU)
    return repo


def test_a_language_folder_linking_out_is_never_written(updated: Path, tmp_path_factory, cli) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (updated / "locales" / "ru").rename(outside / "ru")
    (updated / "locales" / "ru").symlink_to(outside / "ru")
    before = files(outside)
    document = updated / "documents" / "statement.xml"
    document.write_text(document.read_text(encoding="utf-8").replace("global", "whole"), encoding="utf-8")
    line = one_error_line(cli("update", "--root", updated, expect=1).stderr)
    assert "locales/ru/LC_MESSAGES" in line and "symbolic link" in line
    assert files(outside) == before


def test_an_output_folder_linking_out_is_refused(updated: Path, tmp_path_factory, cli) -> None:
    outside = tmp_path_factory.mktemp("www")
    (updated / "build").symlink_to(outside)
    line = one_error_line(cli("build", "--format", "html", "--root", updated, expect=1).stderr)
    assert "[paths] output" in line and "symbolic link" in line
    assert list(outside.iterdir()) == []


def test_a_catalog_linked_to_another_file_is_refused_without_quoting_it(updated: Path, tmp_path_factory,
                                                                           cli) -> None:
    secret = tmp_path_factory.mktemp("etc") / "passwd"
    secret.write_text("root:x:0:0:SECRET:/root:/bin/bash\n", encoding="utf-8")
    (updated / CATALOG).unlink()
    (updated / CATALOG).symlink_to(secret)
    for command in (("status",), ("check",), ("update",)):
        result = cli(*command, "--root", updated, expect=1)
        assert "SECRET" not in result.output + result.stderr
        assert "the catalog is a symbolic link; commit the file itself" in result.output + result.stderr
    assert secret.read_text(encoding="utf-8") == "root:x:0:0:SECRET:/root:/bin/bash\n"


def test_dangling_links_and_link_loops_under_locales_give_no_traceback(updated: Path, cli) -> None:
    (updated / "locales" / "loop").symlink_to(updated / "locales" / "loop")
    (updated / "locales" / "ru" / "LC_MESSAGES" / "notes.txt").symlink_to(updated / "nowhere")
    for command in (("status",), ("check",), ("build", "--format", "html")):
        result = cli(*command, "--root", updated, expect=None)
        assert "Traceback" not in result.output, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)


def test_a_catalog_that_is_a_folder_is_one_line(updated: Path, cli) -> None:
    (updated / CATALOG).unlink()
    (updated / CATALOG).mkdir()
    line = one_error_line(cli("update", "--root", updated, expect=1).stderr)
    assert line == f"error: {CATALOG}: the catalog is a folder, not a file"


def test_a_cache_that_is_a_file_is_one_line(updated: Path, cli) -> None:
    import shutil

    shutil.rmtree(updated / ".polyglot-cache")
    write(updated / ".polyglot-cache", "not a folder\n")
    line = one_error_line(cli("status", "--root", updated, expect=1).stderr)
    assert line.endswith(".polyglot-cache: the cache folder is a file; delete it (the cache is safe to delete)")


def test_an_id_too_long_for_a_file_name_is_refused(repo: Path, cli) -> None:
    text = "19.05.2021\nTitle\nA paragraph.\n"
    line = one_error_line(cli("import", "-", "--id", "a" * 300, "--root", repo, input=text, expect=1).stderr)
    assert "--id is 300 characters long; at most 100 are allowed" in line
    assert sorted(p.name for p in (repo / "documents").iterdir()) == ["statement.xml"]


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC, errno.EROFS])
def test_a_failing_disk_during_update_is_one_line_and_nothing_is_half_written(
        updated: Path, cli, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    import polyglot_docs.core.fsutil as fsutil

    document = updated / "documents" / "statement.xml"
    document.write_text(document.read_text(encoding="utf-8").replace("global", "whole"), encoding="utf-8")
    before = files(updated)
    staged = []
    real_stage = fsutil.stage

    def failing_stage(path: Path, data: bytes, **kwargs: object) -> Path | None:
        if staged:  # the second file fails: the first is staged already
            raise OSError(code, os.strerror(code), str(path))
        result = real_stage(path, data, **kwargs)  # type: ignore[arg-type]
        staged.append(result)
        return result

    monkeypatch.setattr("polyglot_docs.catalogs.update.stage", failing_stage)
    line = one_error_line(cli("update", "--root", updated, expect=1).stderr)
    assert line.endswith(os.strerror(code)) and str(updated) in line
    assert files(updated) == before  # nothing replaced, no temporary file left


def test_an_unexpected_error_is_one_line_unless_debug(updated: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("something nobody foresaw")

    monkeypatch.setattr("polyglot_docs.catalogs.store.CatalogStore.status", broken)
    line = one_error_line(cli("status", "--root", updated, expect=1).stderr)
    assert line.startswith("error: unexpected ValueError: something nobody foresaw; please report it")
    result = cli("--debug", "status", "--root", updated, expect=1)
    assert isinstance(result.exception, ValueError)
