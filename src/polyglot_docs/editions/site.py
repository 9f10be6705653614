"""The output folder as a whole: built in a staging copy, swapped in at once, described by its manifest.

A build never changes the live folder file by file. It makes a staging folder beside it whose
files are hard links to the live ones (nothing is copied, and nothing the tool never wrote is
lost), writes and removes files there, and then exchanges the two folders in one
``renameat2(RENAME_EXCHANGE)`` call: a reader or an ``rsync`` sees the old site or the new one,
never a mix. Where the kernel or file system cannot exchange, the live folder is renamed aside
and the staging folder renamed in its place (two renames; a killed run is repaired by the next).

``manifest.json`` lists every file the tool wrote with its SHA-256, and per edition its document,
languages and the digests of the source and catalogs it was made from. The next build removes
what the last one wrote and this one would not write.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.core.fsutil import rename_exchange

MANIFEST = "manifest.json"
MANIFEST_SCHEMA = "polyglot-docs/manifest/1"


def inside(output: Path, relative: str) -> Path:
    """``output/relative``, refusing any path that would leave the output folder."""
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise PolyglotError(f"refusing to write outside the output folder: {relative}")
    return output / path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Manifest:
    files: dict[str, str] = field(default_factory=dict)  # path in the site -> SHA-256
    editions: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        """The manifest of the site in ``folder``; None when there is none or it is not ours."""
        try:
            data = json.loads((folder / MANIFEST).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
            return None
        files = data.get("files")
        editions = data.get("editions")
        if not isinstance(files, dict) or not isinstance(editions, list):
            return None
        return cls({str(k): str(v) for k, v in files.items()}, [e for e in editions if isinstance(e, dict)])

    def to_bytes(self, generator: str) -> bytes:
        data = {"schema": MANIFEST_SCHEMA, "generator": generator,
                "files": dict(sorted(self.files.items())), "editions": self.editions}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


class Staging:
    """A hard-linked copy of ``output`` to build into; :meth:`swap` puts it in the live folder's place."""

    def __init__(self, output: Path):
        self.output = output
        self.folder = output.with_name(f".{output.name}.staging")
        self.aside = output.with_name(f".{output.name}.previous")

    def prepare(self) -> Path:
        """Repair what a killed run left, then make the staging copy of the live folder."""
        if self.aside.is_dir() and not self.output.exists():
            os.rename(self.aside, self.output)  # killed between the two renames of the fallback swap
        for leftover in (self.folder, self.aside):
            _remove_tree(leftover)
        self.folder.mkdir(parents=True)
        if self.output.is_dir():
            _link_tree(self.output, self.folder)
        return self.folder

    def swap(self) -> None:
        """Make the staging folder the live one, at once; then remove the old site."""
        if not self.output.exists():
            os.rename(self.folder, self.output)
            return
        if not rename_exchange(self.folder, self.output):
            os.rename(self.output, self.aside)
            os.rename(self.folder, self.output)
            self.folder = self.aside
        _remove_tree(self.folder)

    def discard(self) -> None:
        _remove_tree(self.folder)


def _link_tree(source: Path, target: Path) -> None:
    """Mirror ``source`` into ``target`` with hard links (copies where links are refused); links stay links."""
    for folder, dirs, files in os.walk(source, followlinks=False):
        here = Path(folder)
        there = target / here.relative_to(source)
        for name in dirs:
            if (here / name).is_symlink():
                os.symlink(os.readlink(here / name), there / name)
            else:
                (there / name).mkdir()
        for name in files:
            path = here / name
            if path.is_symlink():
                os.symlink(os.readlink(path), there / name)
                continue
            try:
                os.link(path, there / name, follow_symlinks=False)
            except OSError:
                shutil.copy2(path, there / name, follow_symlinks=False)


def _remove_tree(folder: Path) -> None:
    if folder.is_symlink():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)


def prune(folder: Path, keep: set[str], written_before: set[str]) -> list[str]:
    """Remove the files the tool wrote before (``written_before``) that are not in ``keep``; empty folders too."""
    removed = []
    for relative in sorted(written_before - keep):
        path = folder / relative
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(relative)
            for parent in Path(relative).parents:
                if str(parent) == ".":
                    break
                with contextlib.suppress(OSError):
                    (folder / parent).rmdir()  # only when empty
    return removed
