"""The caption printed above a table: its label (附表1, 表2) and its title.

Read upward from the table's top edge, over the page's content lines that sit over the table's
columns and close above it:

* a unit line (``单位：万元``) right above the table is skipped;
* a line that starts with a table label (``附表1``, ``表2``, ``附表一``) is the caption: the label,
  and the rest of the line (or, for a label alone on its line, the line under it) the title;
* a line that names a table (it ends with ``表``, ``表格`` or ``一览表``, and is short) is the title,
  and a label alone on the line above it is its label.

Anything else above the table (a paragraph, a heading) is no caption. The lines stay text of the
page too (a caption is also part of the document's outline); the table's title only names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Line, Page, Table

LABEL = re.compile(
    r"^\s*((?:附\s*)?表\s*[0-9０-９一二三四五六七八九十]+(?:\s*[-－—.．]\s*[0-9０-９]+)?)\s*[：:．.、]?\s*"
)
UNIT = re.compile(r"^\s*[(（]?\s*(?:金额)?单位\s*[：:]")
NAMES_TABLE = re.compile(r"(?:表|表格)\s*[)）]?$")
# A title is one line of a name, not a paragraph.
MAX_TITLE_CHARS = 60
# A caption sits this close above the table (points, between one line's bottom and the next thing's top).
MAX_GAP = 36.0


@dataclass(slots=True)
class Caption:
    label_lines: list[Line] = field(default_factory=list)
    title_lines: list[Line] = field(default_factory=list)
    label: str | None = None  # the label as printed, spaces removed


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _above(page: Page, table: Table) -> list[Line]:
    """The content lines above the table over its columns, nearest first."""
    box = table.box
    lines = [
        ln
        for ln in page.lines
        if ln.furniture is None
        and ln.text.strip()
        and ln.box.bottom <= box.top + 1.0
        and ln.box.x1 > box.x0
        and ln.box.x0 < box.x1
    ]
    return sorted(lines, key=lambda ln: -ln.box.bottom)


def caption_of(page: Page, table: Table) -> Caption | None:
    """The table's caption, when the lines right above it are one."""
    top = table.box.top
    near: list[Line] = []
    for ln in _above(page, table):
        if top - ln.box.bottom > MAX_GAP or len(near) == 3:
            break
        near.append(ln)
        top = ln.box.top
    if near and UNIT.match(near[0].text):
        near = near[1:]
    if not near:
        return None
    first = near[0]
    text = _compact(first.text)
    m = LABEL.match(first.text)
    if m is not None:
        rest = first.text[m.end() :].strip()
        if rest:
            return Caption([first], [first], _compact(m.group(1)))
        return Caption([first], [], _compact(m.group(1)))  # a label alone: the table's title is in its frame
    if len(text) > MAX_TITLE_CHARS or not NAMES_TABLE.search(text):
        return None
    caption = Caption([], [first])
    if len(near) > 1:
        m = LABEL.match(near[1].text)
        if m is not None and not near[1].text[m.end() :].strip():
            caption.label_lines, caption.label = [near[1]], _compact(m.group(1))
    return caption


def title_text(caption: Caption, title: str) -> str:
    """The title without the label printed on its line (``附表1 收入表`` → ``收入表``)."""
    if caption.label is not None and caption.label_lines == caption.title_lines:
        m = LABEL.match(title)
        if m is not None:
            return title[m.end() :].strip()
    return title


__all__ = ["Caption", "caption_of", "title_text"]
