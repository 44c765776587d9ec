"""An OFD file into the typed page model, page by page, with furniture, seals and outline text.

The package is opened and checked (:mod:`.package`), its structure read (:mod:`.document`), and
each page's content placed (:mod:`.graphics`) and built into a page (:mod:`.page`). Text drawn only
as vector outlines (a 版头 set as paths) has no text layer: it is read by OCR of those outlines
(:mod:`.outlines`) unless OCR is off. The metadata title is kept as the source's title and never
taken for the document's text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputError, check_deadline
from ...model import Page, ParsedDocument, Seal, SourceInfo
from ..furniture import mark_furniture
from ..options import ParseOptions
from ..source import DEFAULT_MAX_PAGES, Source, open_source
from ..table_notes import attach_notes
from ..text_layer import check_text_layer
from .document import read_pages
from .package import Package
from .page import build_page, seal_boxes


def _date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2}):?(\d{2})?)?", value)
    if not m:
        return value
    y, mo, d, h, mi, s = m.groups()
    out = f"{y}-{int(mo):02d}-{int(d):02d}"
    return out + (f"T{h}:{mi}:{s or '00'}" if h else "")


def _read_scans(doc: ParsedDocument, path: Path, mode: str) -> list[Page]:
    """Pages that show their text only as pictures (a scan packed as OFD), read by OCR of the page drawn
    from its images and paths (:mod:`.render`), as the PDF source reads a scanned page."""
    from ..ocr.lines import even_sizes
    from ..ocr.pages import apply_reading, pages_to_read, read_safely
    from .render import open_ofd

    numbers = pages_to_read(doc, mode)
    if not numbers:
        return []
    done = []
    document = open_ofd(path)
    try:
        for number in numbers:
            check_deadline()
            reading = read_safely(document, number)
            if reading.failed:
                continue
            page = doc.pages[number - 1]
            apply_reading(page, reading)
            attach_notes(page)
            doc.seals.extend(Seal(number, box) for box in reading.seals)
            done.append(page)
    finally:
        document.close()
    even_sizes([line for page in done for line in page.lines])
    return done


def parse_ofd(
    source: Source | str | Path, max_pages: int | None = DEFAULT_MAX_PAGES, options: ParseOptions | None = None
) -> ParsedDocument:
    """Read an OFD file into the page model, with page furniture marked.

    Text drawn only as outlines, and pages that are pictures of text (scans), are read by OCR as
    ``options.ocr`` says (``auto``, ``always``, ``never``), as a PDF's are.
    """
    ocr = (options or ParseOptions()).ocr
    if not isinstance(source, Source):
        source = open_source(source, max_pages=max_pages)
    path = source.path
    with Package(path) as package:
        info, ofd_pages = read_pages(package, source.max_pages)
        source.admit_pages(len(ofd_pages))
        pages = [build_page(p) for p in ofd_pages]
        seals = [Seal(p.number, box) for p in ofd_pages for box in seal_boxes(package, p)]
        from .outlines import outline_rows, read_outline_text

        for ofd_page, page in zip(ofd_pages, pages, strict=True):
            if ocr == "never":  # the outline text stays missing, and the status says so
                page.unread_outlines = len(outline_rows(ofd_page))
            else:
                read_outline_text(ofd_page, page)
    source_info = SourceInfo(
        file=path.name,
        sha256=source.sha256,
        pages=len(pages),
        producer=info.get("Producer"),
        creator=info.get("Creator"),
        creation_date=_date(info.get("CreationDate")),
        title=info.get("Title"),
    )
    doc = ParsedDocument(source=source_info, pages=pages, seals=seals)
    mark_furniture(doc)
    scanned = _read_scans(doc, path, ocr) if ocr != "never" else []
    if scanned:  # the recognised text has its page numbers and running heads too
        mark_furniture(ParsedDocument(source=source_info, pages=scanned))
    try:
        check_text_layer(doc, path, ocr_tried=bool(scanned))
    except InputError as exc:
        if "no usable text" not in exc.message:
            raise
        found = (
            "and OCR of its page images found none either" if scanned
            else "read it with OCR on (--ocr auto), which reads pictures and outlines of text"
        )
        message = f"the OFD has no text layer: no page holds text beyond page furniture; {found}"
        raise InputError(str(path), message) from None
    return doc
