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

from ...errors import InputError
from ...model import ParsedDocument, Seal, SourceInfo
from ..furniture import mark_furniture
from ..source import DEFAULT_MAX_PAGES, Source, open_source
from ..text_layer import check_text_layer
from .document import OfdPage, open_document, read_page
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


def read_pages(package: Package, max_pages: int | None = None) -> tuple[dict[str, str], list[OfdPage]]:
    """The document's information and its pages placed on paper (refused over ``max_pages``)."""
    doc = open_document(package)
    count = len(doc.page_parts)
    if not count:
        raise package.error("the OFD document has no pages")
    if max_pages and count > max_pages:
        raise package.error(
            f"the OFD has {count} pages, more than the limit of {max_pages} (--max-pages);"
            " raise --max-pages to read it anyway"
        )
    pages = []
    for index in range(count):
        try:
            pages.append(read_page(package, doc, index))
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise package.error(
                f"page {index + 1} cannot be read ({type(exc).__name__}: a number or reference is malformed);"
                " the file is damaged"
            ) from None
    return doc.info, pages


def parse_ofd(
    source: Source | str | Path, max_pages: int | None = DEFAULT_MAX_PAGES, ocr: str = "auto"
) -> ParsedDocument:
    """Read an OFD file into the page model, with page furniture marked.

    Text drawn only as outlines is read by OCR unless ``ocr`` is ``never``.
    """
    if not isinstance(source, Source):
        source = open_source(source, max_pages=max_pages)
    path = source.path
    with Package(path) as package:
        info, ofd_pages = read_pages(package, source.max_pages)
        source.admit_pages(len(ofd_pages))
        pages = [build_page(p) for p in ofd_pages]
        seals = [Seal(p.number, box) for p in ofd_pages for box in seal_boxes(package, p)]
        if ocr != "never":
            from .outlines import read_outline_text

            for ofd_page, page in zip(ofd_pages, pages, strict=True):
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
    try:
        check_text_layer(doc, path)
    except InputError as exc:
        raise InputError(
            str(path),
            "the OFD has no text layer: its pages hold no text beyond page furniture (only pictures or"
            " outlines); run OCR on a rendering of it" if "no usable text" in exc.message else exc.message,
        ) from None
    return doc
