"""Errors that a user can act on; the CLI prints them as one ``error:`` line and exits 2."""

from __future__ import annotations


class InputError(Exception):
    """The input cannot be turned into a dataset; the message says why and what to do."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
