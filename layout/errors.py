"""Errors and diagnostics: the one place where the message style lives.

Every input error is one line: ``FILE:LINE: WHERE: what was found; what is expected``.
Exit status 2 for input errors (the editor can fix them), 1 for internal faults.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


class LayoutError(Exception):
    """Base of every error the build reports to the user without a traceback."""

    exit_status = 1

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None,
                 where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.where = where
        self.hint = hint

    def __str__(self) -> str:  # one line, editor-friendly
        return format_message(self.message, file=self.file, line=self.line,
                              where=self.where, hint=self.hint)


class InputError(LayoutError):
    """Something in the edition, styles or an asset is wrong; the editor can fix it."""

    exit_status = 2


class FontError(InputError):
    """A font file is missing, unreadable, or lacks a character the text needs."""


class FitError(InputError):
    """The content cannot be placed on the pages (overset that jumps cannot absorb)."""


def format_message(message: str, *, file: str | None = None, line: int | None = None,
                   where: str | None = None, hint: str | None = None) -> str:
    place = ""
    if file:
        place = f"{file}:{line}: " if line else f"{file}: "
    text = f"{place}{where}: {message}" if where else f"{place}{message}"
    if hint:
        text += f" — {hint}"
    return text


def did_you_mean(word: str, choices) -> str | None:
    """The hint for a misspelt name: 'did you mean 'x'?', or the allowed names when none is close."""
    choices = sorted(str(c) for c in choices)
    if not choices:
        return None
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(choices)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning or note produced by a stage; printed only by the CLI."""

    severity: str  # "warning" | "note"
    message: str
    where: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.severity}: " + format_message(self.message, where=self.where, hint=self.hint)
