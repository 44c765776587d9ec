"""Page furniture: page numbers, running headers and footers, and blank-page markers.

Furniture is moved from ``Page.lines`` to ``Page.furniture`` with its kind, so the
content stream holds only text that belongs to the document.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Line, Page, ParsedDocument

_DASH = r"[-—–－−一‐‑‒―~～]"
PAGE_NUMBER_FORMS = [
    re.compile(rf"^{_DASH}{{1,2}}\s*(\d{{1,4}})\s*{_DASH}{{1,2}}$"),  # — 3 —, - 3 -
    re.compile(r"^第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"),  # 第 3 页, 第3页 共22页
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),  # 3/22
    re.compile(r"^[Pp](?:age|\.)?\s*(\d{1,4})(?:\s*of\s*\d{1,4})?$"),  # Page 3 of 22
    re.compile(r"^(\d{1,4})$"),  # a bare 3
]
NO_TEXT_MARKER = re.compile(r"^[（(]\s*此页无正文\s*[)）]$")
# Page numbers and running heads sit in the outer band of the page.
MARGIN_SHARE = 0.12
# A running header or footer recurs on at least this share of pages.
RUNNING_SHARE = 0.5


def page_number_of(text: str) -> int | None:
    compact = text.strip()
    for form in PAGE_NUMBER_FORMS:
        m = form.match(compact)
        if m:
            return int(m.group(1))
    return None


def _edge_lines(page: Page) -> list[Line]:
    """The first and last line of the page when they lie in its outer band."""
    if not page.lines:
        return []
    ordered = sorted(page.lines, key=lambda line: line.box.top)
    first, last = ordered[0], ordered[-1]
    out = []
    if first.box.bottom <= page.height * MARGIN_SHARE * 1.5:
        out.append(first)
    if last.box.top >= page.height * (1 - MARGIN_SHARE * 1.5) and last not in out:
        out.append(last)
    return out


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def mark_furniture(doc: ParsedDocument) -> None:
    """Move furniture lines of every page out of the content stream."""
    total = len(doc.pages)
    edge = {page.number: _edge_lines(page) for page in doc.pages}
    shapes = Counter(_shape(line.text) for lines in edge.values() for line in lines)
    needed = max(3, int(total * RUNNING_SHARE + 0.5))
    running = {shape for shape, n in shapes.items() if n >= needed and total >= 3}
    for page in doc.pages:
        kinds: dict[int, str] = {}
        for line in edge[page.number]:
            number = page_number_of(line.text)
            if number is not None and number <= total + 1000:
                kinds[id(line)] = "page_number"
            elif _shape(line.text) in running:
                kinds[id(line)] = "running_header" if line.box.top < page.height / 2 else "running_footer"
        for line in page.lines:
            if NO_TEXT_MARKER.match(line.text.strip()):
                kinds[id(line)] = "no_text_marker"
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
