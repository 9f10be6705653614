"""What an edition is made from, as digests: the inputs that decide whether an output is up to date.

Like Sphinx's builders, ``build`` decides its work from what is outdated, but by content, not
time: each output's key is the digest of everything it is made from (document, catalogs,
templates with what they include, furniture, fonts, settings, links). A whole build is skipped
when a cheaper fingerprint of every input's size and modification time is unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2 import meta

from polyglot_docs.core.cache import digest
from polyglot_docs.repository import Repository

if TYPE_CHECKING:
    from polyglot_docs.editions.build import BuildOptions

PACKAGE = Path(__file__).parent  # the default templates and the furniture


def file_digest(path: Path) -> str:
    """A file's content digest as every cache key of the editions uses it ("-": no such file)."""
    return digest(path.read_bytes()) if path.exists() else "-"


class InputDigests:
    """Content digests of everything an edition is made from, read once per build."""

    def __init__(self, repo: Repository, env: jinja2.Environment):
        self.repo = repo
        self.env = env
        self.files: dict[Path, str] = {}
        self.templates: dict[str, str] = {}
        self._fonts: str | None = None
        self.settings = self.file(repo.settings.settings_path)

    def file(self, path: Path) -> str:
        if path not in self.files:
            self.files[path] = file_digest(path)
        return self.files[path]

    def template(self, name: str) -> str:
        """A template and everything it includes, extends or imports."""
        if name not in self.templates:
            self.templates[name] = "…"  # guards against include cycles
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                self.templates[name] = "-"
                return "-"
            try:
                referenced = sorted(r for r in meta.find_referenced_templates(self.env.parse(source)) if r)
            except jinja2.TemplateSyntaxError:
                referenced = []
            self.templates[name] = digest(filename or name, source, *[self.template(r) for r in referenced])
        return self.templates[name]

    def fonts(self) -> str:
        """The installed fonts: a PDF changes when they do."""
        if self._fonts is None:
            entries = []
            for folder in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
                for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else []:
                    if path.is_file():
                        stat = path.stat()
                        entries.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
            self._fonts = digest(*entries)
        return self._fonts

    def furniture(self, lang: str) -> str:
        folder = PACKAGE / "furniture"
        return digest(self.file(folder / f"{lang}.po"), self.file(folder / "furniture.pot"),
                      self.file(folder / "dates.toml"))



def build_fingerprint(repo: Repository, options: BuildOptions, output: Path) -> str:
    """Every input of a build by path, size and modification time, and the build's options.

    Only decides whether a build can be skipped as a whole; what is rebuilt otherwise is decided
    from content digests.
    """
    settings = repo.settings
    parts = [str(output), repr((options.doc_ids, options.langs, options.column_sets, options.draft,
                                options.formats, options.pdf_variant))]
    folders = [settings.documents_dir, settings.locales_dir, settings.templates_dir, PACKAGE / "templates",
               PACKAGE / "furniture"]
    if "pdf" in options.formats:
        folders += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
    stack = [str(folder) for folder in folders if folder.is_dir()]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif not entry.name.startswith("."):
                    stat = entry.stat(follow_symlinks=False)  # a dangling link is an input too
                    parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    stat = settings.settings_path.stat()
    parts.append(f"settings:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*sorted(parts))
