"""Whether a PDF's text layer can be used: scans, furniture-only pages, broken font encodings.

A scan carries no text, or only what the scanning app stamps on it (a watermark such as
a scanner app's name): once page furniture is set aside, such a page has nothing to read.
A PDF in which no page has text of its own is refused with one message (OCR first);
one in which some pages are scans is read, and those pages are flagged
(``Page.no_usable_text``) so that the quality report can name them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Page, ParsedDocument

NO_USABLE_TEXT = (
    "the PDF has no usable text layer (a scan?): no page has text beyond page furniture such as"
    " page numbers or a scanner's watermark"
)
# What reads it after all: this tool's own OCR, as the --ocr option says.
READ_BY_OCR = {
    "never": "--ocr auto (the default) reads its scanned pages by OCR",
    "auto": "--ocr always reads every page from its image",
}
NO_TEXT_AFTER_OCR = (
    "the PDF has no usable text layer (a scan?), and OCR found no text in its page images either:"
    " no page has text beyond page furniture such as page numbers or a scanner's watermark"
)
# A page that images cover this much shows its content as a picture (a scan, a photograph).
SCAN_IMAGE_SHARE = 0.5
# A text layer is unreadable when this share of its characters are (cid:N) or private-use codes.
UNMAPPED_SHARE = 0.2


def image_share(page: Any) -> float:
    """The share of a pdfplumber page's area that its images cover, from the layout already interpreted.

    Images sit at the top of the layout or inside form XObjects (figures); their areas, clipped to
    the page, are added up, so a scan split into strips counts whole.
    """
    from pdfminer.layout import LTFigure, LTImage

    width, height = float(page.width), float(page.height)
    if width <= 0 or height <= 0:
        return 0.0
    covered = 0.0
    todo = list(page.layout)
    while todo:
        obj = todo.pop()
        if isinstance(obj, LTImage):
            # pdfminer lays the page out from the media box's corner: (0, 0) to (width, height).
            w = min(obj.x1, width) - max(obj.x0, 0.0)
            h = min(obj.y1, height) - max(obj.y0, 0.0)
            if w > 0 and h > 0:
                covered += w * h
        elif isinstance(obj, LTFigure):
            todo.extend(obj)
    return round(min(1.0, covered / (width * height)), 3)


def has_own_text(page: Page) -> bool:
    """Text outside furniture: content lines, or the lines of a table's cells."""
    return bool(page.lines) or any(
        line.text.strip() for t in page.tables for row in t.rows for c in row if c for line in c.lines
    )


def _unmapped(text: str) -> tuple[int, int]:
    """How many characters of ``text`` a font without a Unicode map garbled, and how many are visible."""
    visible = [ch for ch in text if not ch.isspace()]
    bad = len(re.findall(r"\(cid:\d+\)", text)) * 7 + sum(
        1 for ch in visible if 0xE000 <= ord(ch) <= 0xF8FF or (ord(ch) < 0x20)
    )
    return bad, len(visible)


def needs_ocr(page: Page) -> bool:
    """A page whose text must be read from its image: a scan with nothing of its own beyond
    furniture, or text in fonts without a Unicode map."""
    if page.image_share >= SCAN_IMAGE_SHARE and not has_own_text(page):
        return True
    text = "".join(line.text for line in page.lines)
    text += "".join(line.text for t in page.tables for row in t.rows for c in row if c for line in c.lines)
    bad, visible = _unmapped(text)
    return visible > 0 and bad > UNMAPPED_SHARE * visible


def check_text_layer(doc: ParsedDocument, path: Path, ocr_tried: bool = False, ocr: str = "auto") -> None:
    """Flag scanned pages; refuse scans and broken font encodings instead of emitting garbage.

    Runs after page furniture is marked: a page whose only text is furniture has nothing to read.
    ``ocr_tried``: the pages without text were read by OCR already, which the message then says;
    ``ocr``: the --ocr mode, so that a refusal says which mode reads the document after all.
    """
    for page in doc.pages:
        # A page OCR read and found only furniture on ((此页无正文), a page number, nothing at
        # all) holds no content: it is furniture, not a gap in the reading.
        page.no_usable_text = page.image_share >= SCAN_IMAGE_SHARE and not has_own_text(page) and not page.ocr
    if not any(has_own_text(page) for page in doc.pages):
        if ocr_tried:
            raise InputError(str(path), NO_TEXT_AFTER_OCR)
        advice = READ_BY_OCR.get(ocr)
        raise InputError(str(path), NO_USABLE_TEXT + (f"; {advice}" if advice else ""))
    text = "".join(line.text for page in doc.pages for line in [*page.lines, *page.furniture])
    text += "".join(
        line.text for page in doc.pages for t in page.tables for row in t.rows for c in row if c for line in c.lines
    )
    bad, visible = _unmapped(text)
    if bad > UNMAPPED_SHARE * visible:
        advice = READ_BY_OCR.get(ocr, "run OCR on it")
        raise InputError(
            str(path),
            "the PDF's text layer is unreadable (fonts without a Unicode map give (cid:N) or private-use codes);"
            f" {advice}",
        )
