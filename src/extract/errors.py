"""Errors that a user can act on; the CLI prints them as one ``error:`` line and exits 2."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """The input cannot be turned into a dataset; the message says why and what to do."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def check_file(path: Path, kind: str) -> int:
    """The size of an existing, non-empty input file; otherwise the error a user can act on."""
    if not path.exists():
        raise InputError(str(path), "no such file; check the path")
    if path.is_dir():
        raise InputError(str(path), f"is a folder, not a {kind} file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "the file is empty (0 bytes); download it again")
    return size


def check_pdf_header(path: Path) -> None:
    """Refuse what is plainly not a PDF before any parser sees it."""
    check_file(path, "PDF")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        kind = "an HTML page" if b"<html" in head.lower() or b"<!doctype" in head.lower() else "not a PDF"
        raise InputError(str(path), f"the file is {kind}, not a PDF (no %PDF header); save the PDF itself")
