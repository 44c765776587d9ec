"""An image file (a phone's photo, a scanner's JPEG, PNG or TIFF) into the page model, by OCR.

An image has no text layer: every page is read from its pixels as a scanned PDF page is
(:func:`extract.parse.ocr.pages.read_scanned_pages`), in as many worker processes as a PDF's scans,
each opening the file again (:func:`.frames.open_images`). Pages are first laid out from the frames'
headers (:func:`.frames.read_frames`), so that the page limit and the pixel cap refuse a file before
a pixel is decoded.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...model import Box, Page, PageImage, ParsedDocument, SourceInfo
from ..furniture import mark_furniture
from ..options import ParseOptions
from ..source import DEFAULT_MAX_PAGES, Source, open_source
from ..text_layer import check_text_layer, has_own_text
from .frames import Frame, open_images, read_frames

OCR_ONLY = "an image is read only by OCR; run it with --ocr auto (the default), not --ocr never"
NO_TEXT = "OCR found no text in the image: no page holds text beyond page furniture such as page numbers"


def _page(frame: Frame) -> Page:
    """A page the picture covers, as a scanned PDF page is: OCR replaces its size when it reads it."""
    box = Box(0.0, 0.0, frame.width, frame.height)
    image = PageImage(box, frame.pixel_width, frame.pixel_height, round(frame.dpi_x, 1), round(frame.dpi_y, 1))
    return Page(frame.number, frame.width, frame.height, [], image_share=1.0, images=[image])


def parse_images(
    source: Source | str | Path, options: ParseOptions | None = None, max_pages: int | None = DEFAULT_MAX_PAGES
) -> ParsedDocument:
    """Read an image file's pages by OCR into the page model, with page furniture marked.

    ``options.ocr`` ``never`` refuses the image (it has nothing else to read); ``always`` and
    ``auto`` read every page. ``options.workers`` processes read the pages side by side.
    """
    options = options or ParseOptions()
    if not isinstance(source, Source):
        source = open_source(source, max_pages=max_pages)
    path = source.path
    if options.ocr == "never":
        raise InputError(str(path), OCR_ONLY)
    frames, about = read_frames(path, source.max_pages)
    source.admit_pages(len(frames))
    info = SourceInfo(
        file=source.name,
        sha256=source.sha256,
        pages=len(frames),
        producer=about.get("producer"),
        creator=about.get("creator"),
        creation_date=about.get("creation_date"),
    )
    doc = ParsedDocument(source=info, pages=[_page(frame) for frame in frames])
    from ..ocr.pages import read_scanned_pages

    scanned = read_scanned_pages(doc, path, None, options, opener=open_images)
    if scanned:  # the recognised text has its page numbers and running heads, as a scanned PDF's has
        mark_furniture(ParsedDocument(source=info, pages=scanned))
    if not any(has_own_text(page) for page in doc.pages):
        raise InputError(str(path), NO_TEXT)
    check_text_layer(doc, path, ocr_tried=True, ocr=options.ocr)  # flags a page OCR failed on
    return doc
