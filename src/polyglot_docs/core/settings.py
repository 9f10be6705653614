"""Repository settings: one ``polyglot.toml`` at the repository root.

The file names the source language, the target languages and the folders; a
command run anywhere inside the repository finds it by walking up from the
current folder, or is pointed at the root with ``--root``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from polyglot_docs.core.errors import SettingsError
from polyglot_docs.core.paths import leaves

SETTINGS_FILE = "polyglot.toml"
_KNOWN = {
    "repository": {"source-language", "target-languages", "organisation"},
    "paths": {"documents", "locales", "templates", "output", "drafts", "glossary", "cache", "memory"},
    "editions": {"columns", "left"},
    "site": {"base-url"},
    "memory": {"proposals", "threshold", "accept-exact"},
}
DEFAULT_PATHS = {"documents": "documents", "locales": "locales", "templates": "templates", "output": "build",
                 "drafts": "drafts", "glossary": "glossary", "cache": ".polyglot-cache",
                 "memory": "memory"}
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?")
_LineOf = Callable[[str], int | None]  # the line a key or a table is set on, for messages


@dataclass(frozen=True)
class MemorySettings:
    """``[memory]``: what ``update`` proposes from the translation memory."""

    proposals: bool = True  # false: no proposal at all
    threshold: int = 75  # lowest similarity (percent) of a near match
    accept_exact: bool = False  # an exact match of a short unit (a name) comes in translated, not fuzzy


@dataclass(frozen=True)
class Settings:
    root: Path
    source_language: str
    target_languages: tuple[str, ...]
    organisation: str
    documents_dir: Path
    locales_dir: Path
    templates_dir: Path
    output_dir: Path
    glossary_dir: Path
    cache_dir: Path
    drafts_dir: Path | None = None  # None: <root>/drafts
    # Parallel editions published besides the source–target pairs, as column sets (``[editions] columns``).
    extra_columns: tuple[tuple[str, ...], ...] = ()
    left: str | None = None  # the language of the left column of every parallel edition that has it
    base_url: str | None = None  # where the site is published (``[site] base-url``): sitemap and feeds
    memory: MemorySettings = MemorySettings()
    memory_dir: Path | None = None  # imported translation memories (``[paths] memory``); None: <root>/memory

    @property
    def memories(self) -> Path:
        return self.memory_dir or self.root / DEFAULT_PATHS["memory"]

    @property
    def drafts(self) -> Path:
        return self.drafts_dir or self.root / DEFAULT_PATHS["drafts"]

    @property
    def settings_path(self) -> Path:
        return self.root / SETTINGS_FILE

    def document_path(self, doc_id: str) -> Path:
        return self.documents_dir / f"{doc_id}.xml"

    def template_path(self, doc_id: str) -> Path:
        return self.locales_dir / "templates" / f"{doc_id}.pot"

    def catalog_path(self, lang: str, doc_id: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{doc_id}.po"

    def glossary_path(self, lang: str) -> Path:
        return self.glossary_dir / f"{lang}.csv"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds polyglot.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise SettingsError(f"no {SETTINGS_FILE} here or in any parent folder; pass --root",
                        str(here))


def load_settings(root: Path | None = None) -> Settings:
    root = find_root(root) if root is None else root.resolve()
    display = SETTINGS_FILE  # messages name files relative to the repository root
    text, data = _read_settings(root / SETTINGS_FILE, display)
    line_of = _line_finder(text)
    _check_known(data, display, line_of)
    repository = data.get("repository", {})
    source, targets = _languages(repository, display, line_of)
    organisation = repository.get("organisation", "")
    if not isinstance(organisation, str):
        raise SettingsError("[repository] organisation must be a string", display, line_of("organisation"))
    resolved = _paths(root, data.get("paths", {}), display, line_of)
    columns, left = _editions(data.get("editions", {}), [source, *targets], display, line_of)
    return Settings(root, source, tuple(targets), organisation, resolved["documents"], resolved["locales"],
                    resolved["templates"], resolved["output"], resolved["glossary"], resolved["cache"],
                    resolved["drafts"], columns, left, _base_url(data.get("site", {}), display, line_of),
                    _memory(data.get("memory", {}), display, line_of), resolved["memory"])


def _read_settings(path: Path, display: str) -> tuple[str, dict[str, Any]]:
    """The settings file's text and its parsed TOML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise SettingsError(f"no {SETTINGS_FILE} in this folder", display) from error
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read settings: {error}", display) from error
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+)", str(error))
        raise SettingsError(f"invalid TOML: {str(error).split(' (at line')[0]}", display,
                            int(match.group(1)) if match else None) from error


def _line_finder(text: str) -> _LineOf:
    """A function giving the line a key or a table is set on, for messages."""
    def line_of(key: str) -> int | None:
        for number, line in enumerate(text.splitlines(), start=1):
            if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line) or line.strip() == f"[{key}]":
                return number
        return None

    return line_of


def _check_known(data: dict[str, Any], display: str, line_of: _LineOf) -> None:
    """Refuse tables and keys this version does not know."""
    for table, value in data.items():
        if table not in _KNOWN or not isinstance(value, dict):
            raise SettingsError(f"unknown setting [{table}]", display, line_of(table))
        for key in value:
            if key not in _KNOWN[table]:
                raise SettingsError(f"unknown setting {key!r} in [{table}]", display, line_of(key))


def _languages(repository: dict[str, Any], display: str, line_of: _LineOf) -> tuple[str, list[str]]:
    """The source language and the target languages, each a known code, none listed twice."""
    source = repository.get("source-language")
    if not isinstance(source, str):
        raise SettingsError("[repository] source-language must be a language code such as \"en\"", display,
                            line_of("source-language"))
    targets = repository.get("target-languages", [])
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise SettingsError("[repository] target-languages must be a list of language codes", display,
                            line_of("target-languages"))
    seen: set[str] = set()
    for code in [source, *targets]:
        check_language(code, display, line_of("target-languages" if code != source else "source-language"))
        if code in seen:
            raise SettingsError(f"language {code!r} is listed twice", display, line_of("target-languages"))
        seen.add(code)
    return source, targets


def _paths(root: Path, configured: dict[str, Any], display: str, line_of: _LineOf) -> dict[str, Path]:
    """Each folder setting (default or configured), resolved under the root; none may leave it."""
    paths = {**DEFAULT_PATHS, **configured}
    resolved: dict[str, Path] = {}
    for name, value in paths.items():
        if not isinstance(value, str) or not value or Path(value).is_absolute() or ".." in Path(value).parts:
            raise SettingsError(f"[paths] {name} must be a folder inside the repository", display, line_of(name))
        resolved[name] = root / value
        if leaves(resolved[name], root):  # a committed symbolic link: nothing is read or written through it
            raise SettingsError(f"[paths] {name}: {value}/ leads out of the repository through a symbolic link; "
                                "refusing to use it", display, line_of(name))
    return resolved


def _editions(table: dict[str, Any], languages: list[str], display: str, line_of: _LineOf
              ) -> tuple[tuple[tuple[str, ...], ...], str | None]:
    """Extra parallel column sets and the left-column language, each of the repository's languages."""
    columns = table.get("columns", [])
    if not isinstance(columns, list) or not all(
            isinstance(c, list) and len(c) >= 2 and len(set(c)) == len(c) and all(x in languages for x in c)
            for c in columns):
        raise SettingsError("[editions] columns must be a list of column sets of two or more different languages "
                            f"of this repository ({', '.join(languages)}), such as [[\"en\", \"ru\", \"kk\"]]",
                            display, line_of("columns"))
    left = table.get("left")
    if left is not None and left not in languages:
        raise SettingsError(f"[editions] left must be one of {', '.join(languages)}", display, line_of("left"))
    return tuple(tuple(c) for c in columns), left


def _base_url(table: dict[str, Any], display: str, line_of: _LineOf) -> str | None:
    url = table.get("base-url")
    if url is None:
        return None
    if not isinstance(url, str) or not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise SettingsError("[site] base-url must be an http or https address, such as \"https://example.org/docs/\"",
                            display, line_of("base-url"))
    return url if url.endswith("/") else url + "/"


def _memory(table: dict[str, Any], display: str, line_of: _LineOf) -> MemorySettings:
    for key in ("proposals", "accept-exact"):
        if not isinstance(table.get(key, False), bool):
            raise SettingsError(f"[memory] {key} must be true or false", display, line_of(key))
    threshold = table.get("threshold", MemorySettings.threshold)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 50 <= threshold <= 100:
        raise SettingsError("[memory] threshold must be a whole percentage from 50 to 100", display,
                            line_of("threshold"))
    return MemorySettings(table.get("proposals", True), threshold, table.get("accept-exact", False))


def check_language(code: str, path: str, line: int | None = None) -> Locale:
    """A language code Babel's CLDR data knows, written as gettext expects (``ru``, ``pt_BR``)."""
    if not LANGUAGE_CODE.fullmatch(code):
        raise SettingsError(f"language code {code!r} is not of the form ll or ll_CC", path, line)
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError) as error:
        raise SettingsError(f"language code {code!r} is unknown to Babel's CLDR data", path, line) from error
