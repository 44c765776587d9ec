"""Parse stage: a checked input into pages of lines, rules and tables, with page furniture marked.

Entry point: :func:`parse`. Each source has its folder and gives the same pages: a PDF (:mod:`.pdf`,
one page at a time), its pages without a usable text layer by OCR (:mod:`.ocr`), an OFD file
(:mod:`.ofd`), an image file read by OCR (:mod:`.image`), a text dump (:mod:`.textdump`); what every
source shares — lines by baseline, columns, furniture, table notes — sits beside them. All give the
same :class:`~extract.model.ParsedDocument`. The input itself is opened and checked
once, by :func:`open_source` (:mod:`.source`).
"""

from __future__ import annotations

from ..model import ParsedDocument
from .options import ParseOptions
from .source import DEFAULT_MAX_PAGES, Source, open_source


def parse(source: Source, options: ParseOptions | None = None) -> ParsedDocument:
    """The page model of a checked input; ``options`` say which pages are read by OCR, in how many
    processes, and whether a bar shows the progress."""
    if source.kind == "text":
        from .textdump import parse_text_dump

        return parse_text_dump(source)
    if source.kind == "ofd":
        from .ofd import parse_ofd

        return parse_ofd(source, options=options)
    if source.kind == "image":  # imported here: a text PDF loads neither Pillow's decoders nor OpenCV
        from .image import parse_images

        return parse_images(source, options)
    from .pdf import parse_pdf

    return parse_pdf(source, options=options)


__all__ = ["DEFAULT_MAX_PAGES", "ParseOptions", "Source", "open_source", "parse"]
