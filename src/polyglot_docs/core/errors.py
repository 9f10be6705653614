"""The project's own errors: every failure a user can cause is one of these.

Each error knows the file and, where there is one, the line it is about, so the
command line can print it as a single ``path:line: message`` line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class PolyglotError(Exception):
    """A failure caused by input, reported as ``path:line: message``."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross from worker processes to the main one with their file and line.
        return (self.__class__, (self.message, self.path, self.line))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"

    @property
    def errors(self) -> list[PolyglotError]:
        """Every failure this one stands for, each printed on its own line: here, itself."""
        return [self]


class PolyglotErrors(PolyglotError):
    """Several failures found in one run, so that the user can fix every bad file at once.

    ``str()`` is one ``path:line: message`` line per failure.
    """

    def __init__(self, errors: Iterable[PolyglotError]):
        # Nested groups are flattened: whoever prints them wants one failure per line.
        self._errors = [single for error in errors for single in error.errors]
        super().__init__("\n".join(str(error) for error in self._errors))

    def __reduce__(self) -> tuple[object, ...]:
        return (self.__class__, (self._errors,))

    @property
    def errors(self) -> list[PolyglotError]:
        return list(self._errors)


def raise_errors(errors: Iterable[PolyglotError]) -> None:
    """Raise every error at once: one as itself (its kind kept for callers), several as :class:`PolyglotErrors`."""
    found = list(errors)
    if len(found) == 1:
        raise found[0]
    if found:
        raise PolyglotErrors(found)


class SettingsError(PolyglotError):
    """The repository settings are missing or wrong."""


class DocumentError(PolyglotError):
    """A canonical XML document cannot be read or is invalid."""


class CatalogError(PolyglotError):
    """A PO or POT file cannot be read or breaks the catalog rules."""


class MarkupError(PolyglotError):
    """A translation's inline markup does not match its source unit."""
