"""The one error family of pingshen.

Every error a user can cause derives from :class:`PingshenError`. It carries a Chinese
``user_message`` for people and an English ``message`` for logs; front ends render it in
exactly one place (``assistant.cli.render_error``, later ``ui.show_error``).
"""
from __future__ import annotations


class PingshenError(Exception):
    """Base of every expected, user-facing error.

    ``exit_code`` 2 means bad usage or unusable input (the CLI contract); anything
    that is not a PingshenError is an internal error (exit 1).
    """

    exit_code = 2

    def __init__(self, user_message: str, message: str = "", **context: object) -> None:
        self.user_message = user_message
        self.message = message or user_message
        self.context = context
        super().__init__(self.message)

    def one_line(self) -> str:
        """Chinese + English reason on one line, as the CLI contract asks."""
        text = f"{self.user_message} / {self.message}" if self.message != self.user_message else self.user_message
        return " ".join(text.split())


class BadInput(PingshenError):
    """The caller gave something unusable: an empty question, a bad option value."""


class UnreadableFile(PingshenError):
    """A file that cannot be read: missing, empty, broken, encrypted, too large, not a PDF."""

    def __init__(self, path: str, user_message: str, message: str = "") -> None:
        super().__init__(user_message, message, path=path)
        self.path = path


class WorkspaceError(PingshenError):
    """The workspace store cannot be used: unknown application or rule, unreachable database URL."""
