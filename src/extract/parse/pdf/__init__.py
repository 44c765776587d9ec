"""PDF source: a PDF's pages read into the page model — glyphs, drawn rules, ruled tables — and rendered.

Entry point: :func:`parse_pdf` (:mod:`.document`), one page at a time by :mod:`.page`; pages without a
usable text layer are handed to the OCR source (:mod:`extract.parse.ocr`).
"""

from .document import parse_pdf

__all__ = ["parse_pdf"]
