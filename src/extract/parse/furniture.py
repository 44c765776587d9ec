"""Page furniture: what a page carries besides the document's own text, set aside.

Furniture is moved from ``Page.lines`` to ``Page.furniture`` with its kind, so the
content stream holds only text that belongs to the document:

* ``page_number``: ``— 3 —``, ``－ ３ －``, ``第3页 共22页``, ``3/22``, ``Page 3 of 22``, a bare ``3``
  (full-width digits too, and a gazette's ``— １０２７ —`` far beyond the file's page count);
* ``running_header`` / ``running_footer``: text repeated at the top or foot of most pages, its digits
  aside (a gazette head carries its issue number), also when left and right pages carry different heads;
* ``web_chrome``: what a browser prints around a web page: the URL, the print date and time with the
  page title beside it, a ``1/2`` counter;
* ``watermark``: the same text at the same place on nearly every page, wherever it stands, and the
  mark a scanner app stamps in the margin of a scanned page that has no text of its own;
* ``no_text_marker``: ``(此页无正文)``.

Heads and feet are read from the page's edge inwards, one row at a time, within the outer band: a
page may carry several rows of furniture (a scanner's mark below the page number), and the first row
that is not furniture ends the search, so a body line inside the band is not taken for furniture
because it happens to look like some.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Line, Page, ParsedDocument
from .text_layer import SCAN_IMAGE_SHARE

_DASH = r"[-—–－−一‐‑‒―~～]"
# A bare number is ambiguous (a year, a count); it is the last form and judged with the page count.
BARE_NUMBER = re.compile(r"^(\d{1,4})$")
PAGE_NUMBER_FORMS = [
    re.compile(rf"^{_DASH}{{1,2}}\s*(\d{{1,4}})\s*{_DASH}{{1,2}}$"),  # — 3 —, - 3 -, － ３ －
    re.compile(r"^第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"),  # 第 3 页, 第3页 共22页
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),  # 3/22
    re.compile(r"^[Pp](?:age|\.)?\s*(\d{1,4})(?:\s*of\s*\d{1,4})?$"),  # Page 3 of 22
    re.compile(r"^(\d{1,4})\s*of\s*\d{1,4}$"),  # 3 of 22 (a browser's counter)
    BARE_NUMBER,  # a bare 3
]
NO_TEXT_MARKER = re.compile(r"^[（(]\s*此页无正文\s*[)）]$")
# What browsers print around a web page: its address (with the page counter beside it), and the
# print date and time (with the page title beside it), in the forms of Chrome, Edge and Firefox.
_COUNTER = r"\d{1,4}\s*/\s*\d{1,4}"
URL_LINE = re.compile(rf"^(?:{_COUNTER}\s*)?(?:https?://|www\.)\S+(?:\s+{_COUNTER})?$", re.IGNORECASE)
# Numeric dates only: a body line may well open with 2024年3月5日上午9:00, a browser never prints that.
PRINT_TIME = re.compile(
    r"^(?:\d{4}[/\-]\d{1,2}[/\-]\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}),?\s*"
    r"(?:上午|下午|[AP]M)?\s*\d{1,2}:\d{2}(?::\d{2})?",
    re.IGNORECASE,
)
# Page numbers and running heads sit in the outer band of the page.
MARGIN_SHARE = 0.12
BAND_SHARE = MARGIN_SHARE * 1.5
# A running header or footer recurs on at least this share of pages (or of the left or right pages).
RUNNING_SHARE = 0.5
# Text at one place anywhere on the page is a watermark when it recurs on this share of pages: higher
# than for the margins, because a table's header repeated at the top of each continuation page also
# recurs at one place, but not on the pages before the table starts.
WATERMARK_SHARE = 0.8
# Places are compared on a grid of this many points, which absorbs rounding of the same stamp.
PLACE_GRID = 4.0


def page_number_of(text: str) -> int | None:
    compact = text.strip()
    for form in PAGE_NUMBER_FORMS:
        m = form.match(compact)
        if m:
            return int(m.group(1))
    return None


def _is_page_number(text: str, total: int) -> bool:
    number = page_number_of(text)
    if number is None:
        return False
    if BARE_NUMBER.match(text.strip()):
        # A year at the foot of a page (2022) is not a page number, while an excerpt's numbering may
        # start well past its own page count; decorated forms (— 1027 —) are page numbers at any value.
        return number <= total + 1000
    return True


def _printed(line: Line) -> str:
    """The line's text without the spaces the parse stage inserted for glyph gaps."""
    if not line.inserted_spaces:
        return line.text.strip()
    return "".join(ch for i, ch in enumerate(line.text) if i not in line.inserted_spaces).strip()


def is_web_chrome(line: Line) -> bool:
    text = _printed(line)
    return bool(URL_LINE.match(text) or PRINT_TIME.match(text))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", _compact(text))


def _band_keys(line: Line) -> tuple[tuple[str, str], tuple[str, str]]:
    """A band line is counted twice: by its shape (digits aside) and by its exact text."""
    return ("shape", _shape(line.text)), ("text", _compact(line.text))


def _place(line: Line) -> tuple[str, int, int]:
    box = line.box
    x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return _compact(line.text), round(x / PLACE_GRID), round(y / PLACE_GRID)


def _rows(lines: Iterable[Line]) -> list[list[Line]]:
    """Lines grouped into rows (lines that overlap vertically), top to bottom."""
    rows: list[list[Line]] = []
    bottom = -math.inf
    for line in sorted(lines, key=lambda ln: (ln.box.top, ln.box.x0)):
        if rows and line.box.top < bottom:
            rows[-1].append(line)
            bottom = max(bottom, line.box.bottom)
        else:
            rows.append([line])
            bottom = line.box.bottom
    return rows


def _edge_rows(page: Page) -> tuple[list[list[Line]], list[list[Line]]]:
    """The rows of the top band from the top down, and of the bottom band from the foot up."""
    top = [line for line in page.lines if line.box.bottom <= page.height * BAND_SHARE]
    foot = [line for line in page.lines if line.box.top >= page.height * (1 - BAND_SHARE)]
    return _rows(top), _rows(foot)[::-1]


@dataclass(slots=True)
class Repeats:
    """What recurs across the pages: the lines of the outer bands (by shape and by exact text), and
    the places of all lines."""

    total: int
    band: Counter = field(default_factory=Counter)
    band_by_parity: tuple[Counter, Counter] = field(default_factory=lambda: (Counter(), Counter()))
    places: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, pages: list[Page]) -> Repeats:
        found = cls(len(pages))
        for page in pages:
            top, foot = _edge_rows(page)
            keys = {key for rows in (top, foot) for row in rows for line in row for key in _band_keys(line)}
            found.band.update(keys)
            found.band_by_parity[page.number % 2].update(keys)
            found.places.update({_place(line) for line in page.lines})
        return found

    def running(self, line: Line, exact: bool = False) -> bool:
        """The line recurs in the outer bands of most pages: by its shape, or with ``exact`` by its very text."""
        if self.total < 3:
            return False
        key = _band_keys(line)[1 if exact else 0]
        if self.band[key] >= max(3, int(self.total * RUNNING_SHARE + 0.5)):
            return True
        # Left and right pages may carry different heads (a gazette's name and the title of the piece):
        # each recurs on most pages of its own side.
        for parity, counts in enumerate(self.band_by_parity):
            side = (self.total + parity) // 2  # pages with page.number % 2 == parity
            if side >= 2 and counts[key] >= max(2, math.ceil(side * RUNNING_SHARE)):
                return True
        return False

    def watermark(self, line: Line) -> bool:
        return self.total >= 3 and self.places[_place(line)] >= max(3, math.ceil(self.total * WATERMARK_SHARE))


def _band_kinds(repeats: Repeats, rows: list[list[Line]], edge: str) -> dict[int, str]:
    """Furniture in one outer band, row by row from the page's edge inwards."""
    kinds: dict[int, str] = {}
    numbered = False
    for depth, row in enumerate(rows):
        if any(is_web_chrome(line) for line in row):
            # A browser prints the page title beside the print time: the whole row is its chrome.
            kinds.update((id(line), "web_chrome") for line in row)
            continue
        for line in row:
            if not numbered and _is_page_number(line.text, repeats.total):
                kinds[id(line)] = "page_number"
                numbered = True
            elif repeats.running(line, exact=depth > 0):
                # Inside the outermost row only the very same text counts: body lines that differ
                # only in their numbers (第1条…, 第2条…) may stand at the top of every page.
                kinds[id(line)] = f"running_{edge}"
            elif repeats.watermark(line):
                kinds[id(line)] = "watermark"
        if not all(id(line) in kinds for line in row):
            break
    return kinds


def _scanner_marks(page: Page, kinds: dict[int, str]) -> list[Line]:
    """On a page that an image covers, text found only in the margins is a scanner app's mark.

    Recognition software lays its text over the whole page body; text confined to the margin
    of a page-sized image is what the scanning app stamped there, whatever the page count.
    """
    if page.image_share < SCAN_IMAGE_SHARE or page.tables:
        return []
    rest = [line for line in page.lines if id(line) not in kinds]
    margin_top, margin_foot = page.height * MARGIN_SHARE, page.height * (1 - MARGIN_SHARE)
    if rest and all(line.box.bottom <= margin_top or line.box.top >= margin_foot for line in rest):
        return rest
    return []


def mark_furniture(doc: ParsedDocument) -> None:
    """Move furniture lines of every page out of the content stream."""
    repeats = Repeats.of(doc.pages)
    for page in doc.pages:
        top, foot = _edge_rows(page)
        kinds = _band_kinds(repeats, top, "header") | _band_kinds(repeats, foot, "footer")
        for line in page.lines:
            if NO_TEXT_MARKER.match(line.text.strip()):
                kinds[id(line)] = "no_text_marker"
            elif id(line) not in kinds and repeats.watermark(line):
                kinds[id(line)] = "watermark"
        kinds.update((id(line), "watermark") for line in _scanner_marks(page, kinds))
        if not kinds:
            continue
        keep = []
        for line in page.lines:
            kind = kinds.get(id(line))
            if kind is None:
                keep.append(line)
            else:
                line.furniture = kind
                page.furniture.append(line)
        page.lines = keep
