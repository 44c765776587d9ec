"""Pages read by PDFium (the ``pdfium`` engine): glyphs, drawings with their clipping, images.

Each page is loaded, read once — glyphs (:mod:`.pdfium_glyphs`), drawings and images
(:mod:`.objects`) — and closed before the next, so memory stays bounded whatever the page count.
From the glyphs and drawings on, a page is built as the pdfminer engine builds it
(:func:`.page.build_page`: visible rules, pdfplumber's table geometry on them, lines by baseline,
columns): the two engines give the same model. A compressed content stream that cannot be inflated
whole is refused before its page is read (:mod:`.damage`): PDFium, like other readers, would keep the
part before the damage.
"""

from __future__ import annotations

from typing import Any

from ...errors import InputError, check_deadline
from ...model import Page
from ..source import Source
from . import objects, pdfium_glyphs
from .damage import damaged_pages, suspect_file
from .glyphs import dedupe
from .guards import watch
from .page import build_page, find_tables
from .pdfium import is_encrypted, meta_text, open_document


class TextLost(Exception):
    """PDFium would lose text of this document: the pdfminer engine reads it, for ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_page(page: Any, textpage: Any, number: int) -> Page:
    """The page model of one PDFium page (its handle and text page); :class:`TextLost` when PDFium's
    text page left out text objects it had no glyphs for."""
    frame = pdfium_glyphs.page_frame(page)
    drawn, images, skipped = objects.scan(page, frame)
    if skipped.lost:
        lost = skipped.lost
        raise TextLost(
            f"page {number}: {lost} text object{'s' if lost > 1 else ''} in a font the PDF does not embed,"
            " which PDFium has no glyphs for"
        )
    chars = pdfium_glyphs.scan(textpage, frame)
    if skipped.blanks:
        chars = pdfium_glyphs.with_blanks(chars, skipped.blanks)
    # The page's size as the pdfminer engine gives it: the media box as stored, before /Rotate.
    width, height = (frame.height, frame.width) if frame.turned else (frame.width, frame.height)
    share = objects.image_share(images, frame.width, frame.height)
    return build_page(number, width, height, dedupe(chars), drawn, find_tables, share, images)


def read_pages(source: Source) -> tuple[list[Page], dict[str, str | None]]:
    """Every page of the PDF read by PDFium, and its information entries (Producer, Creator, …)."""
    import pypdfium2.raw as pdfium_c

    path = source.path
    # before PDFium opens it: PDFium inflates object streams as it opens a file, and would inflate a
    # bomb whole (the streams are measured against the caps first, see damage.suspect)
    watch(str(path), pdfminer=False)
    suspected = suspect_file(path)
    document = open_document(path, source.password)
    try:
        source.encrypted = is_encrypted(document)
        source.admit_pages(len(document))
        damaged = damaged_pages(path, source.password, suspected)
        meta = {key: meta_text(document, key) for key in ("Producer", "Creator", "CreationDate", "Title")}
        pages: list[Page] = []
        for index in range(len(document)):
            number = index + 1
            check_deadline()
            if number in damaged:
                raise InputError(
                    str(path), f"page {number} cannot be read whole ({damaged[number]}); the PDF is damaged"
                )
            handle = pdfium_c.FPDF_LoadPage(document.raw, index)
            if not handle:
                raise InputError(str(path), f"page {number} cannot be read; the PDF is damaged")
            textpage = pdfium_c.FPDFText_LoadPage(handle)
            try:
                if not textpage:
                    raise InputError(str(path), f"page {number} cannot be read; the PDF is damaged")
                pages.append(read_page(handle, textpage, number))
            finally:
                if textpage:
                    pdfium_c.FPDFText_ClosePage(textpage)
                pdfium_c.FPDF_ClosePage(handle)
    finally:
        document.close()
    return pages, meta


__all__ = ["read_page", "read_pages"]
