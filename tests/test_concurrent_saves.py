"""A translator saving a catalog while `update` runs: the save is never lost.

`update` reads every catalog, merges, stages the new files, and replaces the catalogs at the end. A
catalog saved in between is left as it was saved and named in the output; the next update merges it.
These tests save catalogs from another process at chosen points (an audit hook in the update process,
as the SIGKILL test kills it) and at random moments (a thread of this process, many updates), and look
for every save afterwards.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from polyglot_docs.core import fsutil
from polyglot_docs.core.cache import digest
from test_crash_and_concurrency import ENV, corpus

DOCUMENTS = 60  # three target languages: 180 catalogs, every one rewritten by every update
UPDATES = int(os.environ.get("POLYGLOT_SAVE_UPDATES", "20"))
PAUSE = 0.004  # the saver waits up to this many seconds between two saves: hundreds of saves per update
LEFT = "changed while updating; left as saved — run update again"

# Runs `python -m polyglot_docs ARGS...` with DOCUMENTS_PER_UPDATE_WORKER set to WORKER_SHARE, so that
# `--jobs 2` forks workers on a small repository too.
RUNNER = """\
import runpy, sys
import polyglot_docs.catalogs.update as update
update.DOCUMENTS_PER_UPDATE_WORKER = int(sys.argv[1])
sys.argv = ["polyglot-docs", *sys.argv[2:]]
runpy.run_module("polyglot_docs", run_name="__main__", alter_sys=True)
"""

# Runs `python -m polyglot_docs ARGS...` with an audit hook that, at a point named by MOMENT, saves
# catalogs as a translator's editor would: the catalog's bytes with a line "# saved by a translator
# (<moment> <n>)" put first. MOMENT is "staged" (when update creates the temporary file of a catalog's
# new version: after the read, before the commit), "replacing" (the audit event of the rename that puts
# it in place: after every check made before it), "replaced" (when the file that rename took from the
# target is opened again: after the rename) or "twice" (both of the last two: two saves of one catalog
# a few microseconds apart). HOW is "rename" (a new file renamed over the catalog) or "inplace" (the
# catalog truncated and rewritten). Only the first COUNT catalogs met are saved.
SAVER = """\
import os, re, runpy, sys
locales, moment, how, count = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
STAGED = re.compile(r"^\\.(.+\\.po)\\.[^.]+\\.tmp$")
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT
saved, busy, exchanged, verified = [], [False], set(), set()

def save(path, label):
    with open(path, "rb") as stream:
        data = stream.read()
    data = f"# saved by a translator ({label} {len(saved)})\\n".encode() + data
    if how == "rename":
        with open(path + "~", "wb") as stream:
            stream.write(data)
        os.replace(path + "~", path)
    else:
        with open(path, "r+b") as stream:
            stream.write(data)
            stream.truncate()
    saved.append(path)

def hook(event, args):
    if busy[0] or len(saved) >= count:
        return
    busy[0] = True
    try:
        act(event, args)
    finally:
        busy[0] = False

def act(event, args):
    if event == "open" and isinstance(args[0], str):
        folder, name = os.path.split(os.path.abspath(args[0]))
        match = STAGED.match(name)
        if not match or not folder.startswith(locales):
            return
        target = os.path.join(folder, match.group(1))
        if isinstance(args[2], int) and args[2] & WRITES:
            if moment == "staged":
                save(target, "staged")
        elif os.path.abspath(args[0]) in exchanged - verified:  # the check of what the exchange took
            verified.add(os.path.abspath(args[0]))
            if moment in ("replaced", "twice"):
                save(target, "replaced")
    elif event == "os.rename" and str(args[1]).endswith(".po") and STAGED.match(os.path.basename(str(args[0]))):
        tmp = os.path.abspath(str(args[0]))
        if tmp in exchanged:
            return  # putting a save back: not a replacement
        exchanged.add(tmp)
        if moment in ("replacing", "twice"):
            save(os.path.abspath(str(args[1])), "replacing")

sys.addaudithook(hook)
sys.argv = ["polyglot-docs", *sys.argv[5:]]
runpy.run_module("polyglot_docs", run_name="__main__", alter_sys=True)
"""


def catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po"))


def revise(root: Path, revision: int) -> None:
    """A source change that changes every catalog: a new first paragraph in every document."""
    for path in sorted((root / "documents").glob("*.xml")):
        text = re.sub(r'(<p xml:id="p1">)(Revision \d+: )?', rf"\g<1>Revision {revision}: ",
                      path.read_text(encoding="utf-8"), count=1)
        path.write_text(text, encoding="utf-8")


def update(root: Path, *args: str, share: int = 100) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", RUNNER, str(share), "update", *args, "--root", str(root)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def update_saving(root: Path, moment: str, how: str, count: int, *args: str) -> tuple[int, str]:
    process = subprocess.Popen([sys.executable, "-c", SAVER, str(root / "locales"), moment, how, str(count),
                                "update", *args, "--root", str(root)], env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    _, stderr = process.communicate()
    return process.returncode, stderr.decode()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    corpus(tmp_path, documents=4)
    assert update(tmp_path).wait() == 0
    revise(tmp_path, 1)
    return tmp_path


def saved_marks(root: Path) -> dict[str, list[str]]:
    return {p.name + "/" + p.parent.parent.name: re.findall(r"# saved by a translator \([^)]*\)",
                                                            p.read_text(encoding="utf-8"))
            for p in catalogs(root)}


@pytest.mark.parametrize("how", ["rename", "inplace"])
@pytest.mark.parametrize("moment", ["staged", "replacing"])
def test_a_save_between_read_and_replace_is_left_as_saved(repository: Path, moment: str, how: str) -> None:
    """Saved after update read it (when its new version is staged, or at the very rename that would replace
    it): the catalog keeps the translator's bytes, the output names it, and the next update merges it."""
    returncode, stderr = update_saving(repository, moment, how, 3)
    assert returncode == 0, stderr
    marks = saved_marks(repository)
    saved = sorted(name for name, found in marks.items() if found)
    assert len(saved) == 3, f"saves lost: {3 - len(saved)}\n{stderr}"
    left = [line for line in stderr.splitlines() if line.endswith(LEFT)]
    assert len(left) == 3, stderr
    assert "3 left as saved during the update" in stderr
    for path in catalogs(repository):  # the others are merged; the three saved ones still as saved
        text = path.read_text(encoding="utf-8")
        assert ("Revision 1:" in text) == (not marks[path.name + "/" + path.parent.parent.name]), path
    assert update(repository).wait() == 0  # the next update merges the saved catalogs, keeping the saves
    assert saved_marks(repository) == marks
    assert all("Revision 1:" in path.read_text(encoding="utf-8") for path in catalogs(repository))


@pytest.mark.parametrize("how", ["rename", "inplace"])
def test_a_save_just_after_the_replacement_lands_on_the_new_file(repository: Path, how: str) -> None:
    """Saved the moment after the rename: the save is made on the merged file, which stays."""
    returncode, stderr = update_saving(repository, "replaced", how, 3)
    assert returncode == 0 and LEFT not in stderr, stderr
    texts = [path.read_text(encoding="utf-8") for path in catalogs(repository)]
    assert sum("# saved by a translator" in text for text in texts) == 3
    assert all("Revision 1:" in text for text in texts)


def test_two_saves_at_the_moment_of_the_replacement_are_both_kept(repository: Path) -> None:
    """One save just before the exchange and another just after, a few microseconds apart: the first is put
    back in place, the second (made on the merged file while it stood at the target) is kept beside it."""
    returncode, stderr = update_saving(repository, "twice", "inplace", 2)
    assert returncode == 0, stderr
    kept = sorted((repository / "locales").rglob("*.po.saved-*"))
    assert len(kept) == 1 and f"the other save is kept as {kept[0].name}" in stderr, stderr
    catalog = kept[0].with_name(kept[0].name.split(".saved-")[0])
    assert "(replacing 0)" in catalog.read_text(encoding="utf-8")
    assert "(replaced 1)" in kept[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("noreplace", [True, False], ids=["renameat2", "no-renameat2"])
def test_a_catalog_created_meanwhile_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      noreplace: bool) -> None:
    if not noreplace:
        monkeypatch.setattr(fsutil, "_renameat2", lambda: None)
    target, tmp = tmp_path / "ru.po", tmp_path / ".ru.po.x.tmp"
    tmp.write_bytes(b"ours")
    target.write_bytes(b"theirs")  # created after update found no file
    assert fsutil.commit([fsutil.Staged(tmp, target, fsutil.NOTHING)]) == [(target, fsutil.CHANGED)]
    assert target.read_bytes() == b"theirs" and not tmp.exists()
    tmp.write_bytes(b"ours")
    target.unlink()
    assert fsutil.commit([fsutil.Staged(tmp, target, fsutil.NOTHING)]) == []
    assert target.read_bytes() == b"ours"


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "no-renameat2"])
def test_same_size_same_tick_in_place_save_is_found_by_its_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  exchange: bool) -> None:
    """A save that leaves inode, size and modification time as they were is still found: the bytes differ."""
    if not exchange:
        monkeypatch.setattr(fsutil, "_renameat2", lambda: None)
    target, tmp = tmp_path / "ru.po", tmp_path / ".ru.po.x.tmp"
    target.write_bytes(b"msgstr 'A'\n")
    stat = os.lstat(target)
    seen = fsutil.Seen.of(stat, digest(target.read_bytes()))
    with open(target, "r+b") as stream:
        stream.write(b"msgstr 'B'\n")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as if within the same timestamp tick
    tmp.write_bytes(b"merged\n")
    assert fsutil.commit([fsutil.Staged(tmp, target, seen)]) == [(target, fsutil.CHANGED)]
    assert target.read_bytes() == b"msgstr 'B'\n" and not tmp.exists()
    tmp.write_bytes(b"merged\n")  # unchanged: replaced
    seen = fsutil.Seen.of(os.lstat(target), digest(b"msgstr 'B'\n"))
    assert fsutil.commit([fsutil.Staged(tmp, target, seen)]) == []
    assert target.read_bytes() == b"merged\n" and not tmp.exists()


# -- saves at random moments, many updates ----------------------------------------------------------------


@dataclass
class Saver:
    """A translator saving random catalogs at random moments, from a thread of its own, while told to."""

    files: list[Path]
    seed: int
    marks: dict[Path, list[str]] = field(default_factory=dict)  # every line each save put first, in order
    during: int = 0  # saves made while an update process was running
    active: threading.Event = field(default_factory=threading.Event)
    stopped: threading.Event = field(default_factory=threading.Event)
    idle: threading.Lock = field(default_factory=threading.Lock)  # held during a save
    process: subprocess.Popen[bytes] | None = None

    def run(self) -> None:
        rng, last = random.Random(self.seed), None
        while not self.stopped.is_set():
            if not self.active.wait(0.01):
                continue
            time.sleep(rng.uniform(0, PAUSE))
            # Never the same catalog twice in a row: an editor's two saves of one file are not microseconds apart.
            path = rng.choice([p for p in self.files if p != last])
            with self.idle:
                if not self.active.is_set():
                    continue
                self.save(path, rng.random() < 0.5)
                if self.process is not None and self.process.poll() is None:
                    self.during += 1
            last = path

    def save(self, path: Path, in_place: bool) -> None:
        mark = f"# saved by a translator (random {sum(map(len, self.marks.values()))})"
        data = f"{mark}\n".encode() + path.read_bytes()
        if in_place:  # as an editor that rewrites the file (truncates it, then writes)
            with open(path, "wb") as stream:
                stream.write(data)
        else:  # as an editor that writes a new file and renames it over the old one
            spare = path.with_name(path.name + "~")
            spare.write_bytes(data)
            os.replace(spare, path)
        self.marks.setdefault(path, []).append(mark)

    def lost(self) -> list[str]:
        """The saves not found: each save's line must be in its catalog (or in a copy kept beside it)."""
        missing = []
        for path, marks in self.marks.items():
            text = "".join(p.read_text(encoding="utf-8") for p in [path, *path.parent.glob(path.name + ".saved-*")])
            missing += [f"{path.name}: {mark}" for mark in marks if mark + "\n" not in text]
        return missing


def test_random_saves_during_many_updates_are_never_lost(tmp_path: Path) -> None:
    corpus(tmp_path, documents=DOCUMENTS)
    assert update(tmp_path).wait() == 0
    saver = Saver(catalogs(tmp_path), seed=13)
    assert len(saver.files) == 3 * DOCUMENTS
    thread = threading.Thread(target=saver.run, daemon=True)
    thread.start()
    counts = {"updates": 0, "left as saved": 0, "stopped by a half-written save": 0}
    try:
        for revision in range(1, UPDATES + 1):
            revise(tmp_path, revision)
            args = ("--jobs", "2") if revision % 2 else ("--jobs", "1")  # worker processes every other time
            saver.process = update(tmp_path, *args, share=20)
            saver.active.set()
            _, stderr = saver.process.communicate()
            with saver.idle:
                saver.active.clear()
            text = stderr.decode()
            if saver.process.returncode:
                # A catalog read in the middle of an in-place save (truncated, not yet rewritten) may not
                # parse: then the update stops, nothing replaced. Only that is accepted as a failure.
                errors = [line for line in text.splitlines() if line.startswith("error: ")]
                assert errors and all(".po:" in line for line in errors), text
                counts["stopped by a half-written save"] += 1
            counts["updates"] += 1
            counts["left as saved"] += sum(line.endswith(LEFT) for line in text.splitlines())
            assert saver.lost() == [], text
    finally:
        saver.stopped.set()
        thread.join()
    assert update(tmp_path).wait() == 0  # with no one saving, every catalog is merged at last
    lost = saver.lost()
    made = sum(map(len, saver.marks.values()))
    print(f"\n{counts['updates']} updates of {len(saver.files)} catalogs; saves made: {made}, while an update "
          f"ran: {saver.during}; catalogs left as saved: {counts['left as saved']}; updates stopped by a "
          f"half-written save: {counts['stopped by a half-written save']}; saves lost: {len(lost)}")
    assert lost == []
    assert saver.during >= 10 * UPDATES and counts["left as saved"] > 0, (saver.during, counts)
    assert all(f"Revision {UPDATES}:" in path.read_text(encoding="utf-8") for path in saver.files)
    assert not list((tmp_path / "locales").rglob("*.tmp"))


def _init_with_a_save_while_staged(root: Path, monkeypatch: pytest.MonkeyPatch, saved: bytes, *, force: bool
                                   ) -> tuple[list[Path], list[Path]]:
    """``init --lang kk`` in this process, a translator writing doc-001's catalog the moment its new
    version is staged: after init looked at the file (and read it, with ``force``), before the rename."""
    import polyglot_docs.catalogs.update as update_module
    from polyglot_docs.repository import Repository

    real_stage = update_module.stage

    def stage_then_save(path: Path, data: bytes, **options: object) -> Path | None:
        tmp = real_stage(path, data, **options)  # type: ignore[arg-type]
        if path.name == "doc-001.po":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(saved)
        return tmp

    monkeypatch.setattr(update_module, "stage", stage_then_save)
    return Repository.open(root).updater.init("kk", force=force)


def test_init_leaves_a_catalog_created_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus(tmp_path, documents=3)
    saved = b'msgid ""\nmsgstr ""\n"Language: kk\\n"\n\n# a translator\'s own start\n'
    written, left = _init_with_a_save_while_staged(tmp_path, monkeypatch, saved, force=False)
    folder = tmp_path / "locales" / "kk" / "LC_MESSAGES"
    assert (folder / "doc-001.po").read_bytes() == saved
    assert [p.name for p in written] == ["doc-000.po", "doc-002.po"] and [p.name for p in left] == ["doc-001.po"]
    assert not list(folder.glob(".*.tmp"))


def test_init_force_leaves_a_catalog_saved_after_it_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    corpus(tmp_path, documents=3)
    from polyglot_docs.repository import Repository

    Repository.open(tmp_path).updater.init("kk")
    folder = tmp_path / "locales" / "kk" / "LC_MESSAGES"
    before = {p.name: p.read_bytes() for p in folder.glob("*.po")}
    for path in folder.glob("*.po"):  # what --force replaces: catalogs someone started on
        path.write_bytes(path.read_bytes() + b"\n# started\n")
    saved = before["doc-001.po"] + b"\n# saved during init --force\n"
    written, left = _init_with_a_save_while_staged(tmp_path, monkeypatch, saved, force=True)
    assert (folder / "doc-001.po").read_bytes() == saved
    assert [p.name for p in written] == ["doc-000.po", "doc-002.po"] and [p.name for p in left] == ["doc-001.po"]
    assert b"# started" not in (folder / "doc-000.po").read_bytes()
    assert not list(folder.glob(".*.tmp"))


def test_init_force_refuses_a_linked_catalog(tmp_path: Path) -> None:
    from polyglot_docs.core.errors import CatalogError
    from polyglot_docs.repository import Repository

    corpus(tmp_path, documents=1)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.po"
    outside.write_bytes(b"# not the repository's\n")
    folder = tmp_path / "locales" / "kk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "doc-000.po").symlink_to(outside)
    with pytest.raises(CatalogError):
        Repository.open(tmp_path).updater.init("kk", force=True)
    assert outside.read_bytes() == b"# not the repository's\n" and (folder / "doc-000.po").is_symlink()


def test_init_says_which_catalogs_it_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    import polyglot_docs.catalogs.update as update_module

    corpus(tmp_path, documents=2)
    real_stage = update_module.stage

    def stage_then_save(path: Path, data: bytes, **options: object) -> Path | None:
        tmp = real_stage(path, data, **options)  # type: ignore[arg-type]
        if path.name == "doc-001.po":
            path.write_bytes(b'msgid ""\nmsgstr ""\n')
        return tmp

    monkeypatch.setattr(update_module, "stage", stage_then_save)
    result = cli("init", "--lang", "kk", "--root", tmp_path)
    assert result.stdout == "wrote locales/kk/LC_MESSAGES/doc-000.po\n"
    assert result.stderr == ("locales/kk/LC_MESSAGES/doc-001.po: created or saved by someone else while init ran; "
                             "left as it is\n1 catalog(s) created for kk\n")
