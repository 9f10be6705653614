"""Crashes and concurrent runs: every file is its old version or its new one, never half-written."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SETTINGS, STATEMENT, write
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.repository import Repository

KILLS = int(os.environ.get("POLYGLOT_CRASH_RUNS", "12"))
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def corpus(root: Path, documents: int = 40) -> None:
    write(root / "polyglot.toml", SETTINGS)
    for i in range(documents):
        write(root / "documents" / f"doc-{i:03d}.xml",
              STATEMENT.replace('id="statement"', f'id="doc-{i:03d}"')
              .replace("International Military Tribunal", f"International Military Tribunal ({i})"))


def run(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "polyglot_docs", *args, "--root", str(root)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def test_sigkill_leaves_every_catalog_old_or_new(tmp_path: Path) -> None:
    base = tmp_path / "base"
    corpus(base)
    assert run(base, "update").wait() == 0
    for doc in (base / "documents").glob("*.xml"):  # a revision that changes every catalog
        doc.write_text(doc.read_text(encoding="utf-8").replace("We call upon", "We urge"), encoding="utf-8")
    old = files(base)
    finished = tmp_path / "finished"
    shutil.copytree(base, finished)
    started = time.monotonic()
    assert run(finished, "update").wait() == 0
    duration = time.monotonic() - started
    new = files(finished)
    assert set(new) == set(old) and all(new[name] != old[name] for name in old)

    rng = random.Random(20261128)
    outcomes = {"old": 0, "new": 0}
    for attempt in range(KILLS):
        victim = tmp_path / f"run-{attempt}"
        shutil.copytree(base, victim)
        process = run(victim, "update")
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = files(victim)
        for name, data in after.items():
            if name.endswith(".tmp"):
                continue  # an interrupted write's temporary file; the next run removes it
            assert data in (old[name], new[name]), f"{name} is neither its old nor its new version"
            outcomes["old" if data == old[name] else "new"] += 1
        # The next run finishes the job and cleans up.
        assert run(victim, "update").wait() == 0
        assert files(victim) == new
        shutil.rmtree(victim)
    assert outcomes["old"] and outcomes["new"], outcomes  # kills landed before, during and after writing


def test_second_run_waits_or_fails_clearly_with_no_wait(tmp_path: Path) -> None:
    corpus(tmp_path, documents=3)
    repo = Repository.open(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from polyglot_docs.repository import Repository\n"
        "repo = Repository.open(Path(sys.argv[1]))\n"
        "with repo.lock():\n    print('locked', flush=True); time.sleep(1.5)\n"), str(tmp_path)],
        stdout=subprocess.PIPE, env=ENV)
    assert holder.stdout.readline() == b"locked\n"

    refused = run(tmp_path, "update", "--no-wait")
    _, stderr = refused.communicate()
    assert refused.returncode == 1
    assert stderr.decode().startswith(f"error: {tmp_path}/.polyglot-docs.lock: another polyglot-docs run (pid "
                                      f"{holder.pid}) is working on this repository; try again when it has "
                                      "finished")
    assert not (tmp_path / "locales").exists()  # nothing written

    waiting = run(tmp_path, "update")
    _, stderr = waiting.communicate()
    assert waiting.returncode == 0
    assert stderr.decode().startswith(f"waiting: another polyglot-docs run (pid {holder.pid})")
    assert holder.wait() == 0
    assert len(list((tmp_path / "locales").rglob("*.po"))) == 9
    with repo.lock(wait=False):
        pass  # released by both


def test_build_waits_for_a_running_build(tmp_path: Path) -> None:
    corpus(tmp_path, documents=2)
    assert run(tmp_path, "update").wait() == 0
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys; from pathlib import Path; from polyglot_docs.repository import Repository\n"
        "from polyglot_docs.editions.build import BuildOptions, build\n"
        "repo = Repository.open(Path(sys.argv[1]))\n"
        "with repo.lock():\n    print('locked', flush=True); build(repo, BuildOptions(formats=('pdf',)))\n"),
        str(tmp_path)], stdout=subprocess.PIPE, env=ENV)
    assert holder.stdout.readline() == b"locked\n"
    second = run(tmp_path, "build", "--format", "html")
    _, stderr = second.communicate()
    assert second.returncode == 0 and holder.wait() == 0
    assert stderr.decode().startswith("waiting: another polyglot-docs run")
    assert (tmp_path / "build" / "en" / "index.html").is_file()
    assert (tmp_path / "build" / "en" / "doc-000.pdf").is_file()


def test_lock_does_not_outlive_a_killed_holder(tmp_path: Path) -> None:
    corpus(tmp_path, documents=1)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from polyglot_docs.repository import Repository\n"
        "with Repository.open(Path(sys.argv[1])).lock():\n    print('locked', flush=True); time.sleep(60)\n"),
        str(tmp_path)], stdout=subprocess.PIPE, env=ENV)
    assert holder.stdout.readline() == b"locked\n"
    with pytest.raises(PolyglotError, match="another polyglot-docs run"), Repository.open(tmp_path).lock(wait=False):
        pass
    holder.kill()
    holder.wait()
    with Repository.open(tmp_path).lock(wait=False):
        pass
