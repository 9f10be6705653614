"""Crashes and concurrent runs: every file is its old version or its new one, never half-written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
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


# Runs `python -m polyglot_docs ARGS...` with an audit hook that numbers every change the run makes
# under locales/ (a file opened for writing, a rename, a removal, a truncation) and SIGKILLs the process
# itself just before change number KILL_AT, so a kill lands at a chosen point, not at a chosen time.
# With KILL_AT -1 nothing is killed and the changes are written to LOG as JSON [event, path, digest]
# lists, a rename's digest being the SHA-256 of the bytes it puts in place. Audit hooks see these
# operations however the package performs them, so the hook needs no knowledge of its modules.
KILLER = """\
import atexit, hashlib, json, os, runpy, signal, sys
locales, kill_at, log = os.path.abspath(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
changes = []

def path_of(event, args):
    if event == "open" and isinstance(args[2], int) and args[2] & WRITES:
        return args[0]
    if event == "os.rename":
        return args[1]  # os.rename and os.replace: the name that changes
    if event in ("os.remove", "os.truncate"):
        return args[0]
    return None

def hook(event, args):
    path = path_of(event, args)
    if path is None or isinstance(path, int):
        return
    path = os.path.abspath(os.fsdecode(path))
    if not path.startswith(locales + os.sep):
        return
    if len(changes) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    digest = None
    if kill_at < 0 and event == "os.rename":
        with open(args[0], "rb") as source:
            digest = hashlib.sha256(source.read()).hexdigest()
    changes.append((event, path, digest))

if kill_at < 0:
    atexit.register(lambda: open(log, "w", encoding="utf-8").write(json.dumps(changes)))
sys.addaudithook(hook)
sys.argv = ["polyglot-docs", *sys.argv[4:]]
runpy.run_module("polyglot_docs", run_name="__main__", alter_sys=True)
"""


def run_killed_at(root: Path, kill_at: int, log: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", KILLER, str(root / "locales"), str(kill_at), str(log), *args,
                             "--root", str(root)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_sigkill_leaves_every_catalog_old_or_new(tmp_path: Path) -> None:
    """Killed at any point of an update, every catalog is its old version or its new one, never a mix or
    a part; the catalogs already replaced are exactly those the run had renamed into place, and the next
    run finishes the job.

    No timing is involved. A first run records every change it makes under locales/: that a catalog is
    only ever changed by one rename, which puts its complete new bytes in place, shows that no instant
    of the run has a catalog in any other state. Then runs are SIGKILLed at points chosen from that
    list (before the first change, before the first, middle and last renames, and spread over the rest)
    and what they leave on disk is checked against it.
    """
    base = tmp_path / "base"
    corpus(base)
    assert run(base, "update").wait() == 0
    for doc in (base / "documents").glob("*.xml"):  # a revision that changes every catalog
        doc.write_text(doc.read_text(encoding="utf-8").replace("We call upon", "We urge"), encoding="utf-8")
    old = files(base)

    finished, log = tmp_path / "finished", tmp_path / "changes.json"
    shutil.copytree(base, finished)
    process = run_killed_at(finished, -1, log, "update", "--jobs", "1")  # one process: the same order every run
    _, stderr = process.communicate()
    assert process.returncode == 0, stderr.decode()
    new = files(finished)
    assert set(new) == set(old) and all(new[name] != old[name] for name in old)
    changes = [(event, str(Path(path).relative_to(finished)), digest)
               for event, path, digest in json.loads(log.read_text())]
    on_catalogs = [(i, event, name, digest) for i, (event, name, digest) in enumerate(changes) if name in old]
    assert {event for _, event, _, _ in on_catalogs} == {"os.rename"}  # never written in place, truncated, removed
    assert sorted(name for _, _, name, _ in on_catalogs) == sorted(old)  # each catalog replaced exactly once
    for _, _, name, digest in on_catalogs:  # by its complete new version
        assert digest == hashlib.sha256(new[name]).hexdigest(), f"{name} was renamed into place unfinished"
    renames = [i for i, _, _, _ in on_catalogs]

    points = {0, renames[0], renames[len(renames) // 2], renames[-1]}
    points |= {round(i * (len(changes) - 1) / max(1, KILLS - 1)) for i in range(KILLS)}
    outcomes = {"old": 0, "new": 0}
    for kill_at in sorted(points):
        victim = tmp_path / f"killed-at-{kill_at}"
        shutil.copytree(base, victim)
        process = run_killed_at(victim, kill_at, log, "update", "--jobs", "1")
        process.communicate()
        assert process.returncode == -signal.SIGKILL, f"not killed at change {kill_at}: {changes[kill_at]}"
        after = {name: data for name, data in files(victim).items() if not name.endswith(".tmp")}
        assert set(after) == set(old)  # temporaries aside (the next run removes them), nothing added or lost
        for name, data in after.items():
            assert data in (old[name], new[name]), f"killed at change {kill_at}: {name} is neither old nor new"
        replaced = {changes[i][1] for i in renames if i < kill_at}
        assert {name for name in after if after[name] == new[name]} == replaced, f"killed at change {kill_at}"
        outcomes["old"] += len(after) - len(replaced)
        outcomes["new"] += len(replaced)
        # The next run finishes the job and cleans up.
        assert run(victim, "update").wait() == 0
        assert files(victim) == new
        shutil.rmtree(victim)
    assert outcomes["old"] and outcomes["new"], outcomes  # kills landed before, during and after the renames


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
