"""The content stream of a document cut into the notice and the parts of its outline.

The content lines of all pages form one stream in reading order, without

* the lines that belong to a ruled table: lines within a table's height (notes
  printed under it are the table's already, see :mod:`extract.parse.table_notes`) and
  the table's title — the lines
  just above the table, close to it, that are set apart from the text (centred,
  larger, bold or in another typeface), up to a numbered heading or an attachment
  label. The table stage reads those;
* the 版记 (抄送：…, the 印发 line) and anything after it.

The notice takes the stream up to its date and the markers under it
(:mod:`extract.structure.notice`); the outline's parts are the notice's own text
and the attachments after it (:mod:`extract.structure.parts`), each read for its
numbered headings (:mod:`extract.structure.outline`). Paragraphs come from layout
(:mod:`extract.structure.paragraphs`).
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import Attachment, Line, Notice, OutlinePart, Page, ParsedDocument, Section, Table
from ..normalize import Normalizer
from .notice import build_notice, is_attachment_label, is_colophon, labelled_title, notice_end
from .numerals import numbering_of
from .paragraphs import Frame, edge_style
from .parts import build_outline

# A table's title sits at most this many body lines above the table.
TABLE_TITLE_REACH = 3.0


def _title_like(line: Line, page: Page, table: Table, frame: Frame) -> bool:
    """Set apart from body text: centred on the table or the page, larger, bold or in another typeface."""
    s = frame.size
    centre = (line.box.x0 + line.box.x1) / 2
    centred = min(abs(centre - (table.box.x0 + table.box.x1) / 2), abs(centre - page.width / 2)) <= 3 * s
    left = min(table.box.x0, frame.left_of(page.number))
    style = edge_style(line, last=False)
    set_apart = line.size >= s + 1 or line.bold or (style is not None and style[0] != "song")
    return (centred and line.box.x0 >= left + 2.5 * s) or set_apart


def table_title_lines(page: Page, frame: Frame) -> list[Line]:
    """The lines just above the page's first table that read as its title (and subtitle)."""
    if not page.tables:
        return []
    table = min(page.tables, key=lambda t: t.box.top)
    above = sorted(
        (line for line in page.lines if (line.box.top + line.box.bottom) / 2 < table.box.top),
        key=lambda ln: ln.box.bottom,
        reverse=True,
    )
    out: list[Line] = []
    edge = table.box.top
    for line in above:
        if edge - line.box.bottom > TABLE_TITLE_REACH * frame.size or not _title_like(line, page, table, frame):
            break
        if numbering_of(line.text) or is_attachment_label(line, frame) or labelled_title(line, frame) is not None:
            break  # a heading, or the label that opens an attachment (with its title, 附件1 版式…)
        out.append(line)
        edge = line.box.top
    return out[::-1]


def table_owned(page: Page, frame: Frame) -> set[int]:
    """ids of the page's content lines that belong to its tables."""
    if not page.tables:
        return set()
    # Lines whose middle lies within a table's height are the table's (text set between its rules,
    # or beside a table drawn without a frame); text under the last table is the page's again.
    spans = [(t.box.top, t.box.bottom) for t in page.tables]
    owned = {
        id(line)
        for line in page.lines
        if any(top <= (line.box.top + line.box.bottom) / 2 <= bottom for top, bottom in spans)
    }
    owned.update(id(line) for line in table_title_lines(page, frame))
    return owned


def content_stream(parsed: ParsedDocument, frame: Frame) -> list[Line]:
    return _streams(parsed, frame)[0]


def _streams(parsed: ParsedDocument, frame: Frame) -> tuple[list[Line], list[Line]]:
    """The content lines up to the 版记, and the 版记's lines on."""
    out: list[Line] = []
    tail: list[Line] = []
    for page in parsed.pages:
        owned = table_owned(page, frame)
        for line in page.lines:
            if id(line) in owned:
                continue
            if tail or is_colophon(line):
                tail.append(line)
            else:
                out.append(line)
    return out, tail


class Structure(NamedTuple):
    notice: Notice
    attachment: Attachment  # the first attachment's label, title and preamble
    sections: list[Section]  # the first attachment's headings, as the exports have always had them
    outline: list[OutlinePart]  # every part: the notice's own text and each attachment


def build_structure(parsed: ParsedDocument, norm: Normalizer) -> Structure:
    frame = Frame.of(parsed)
    lines, colophon = _streams(parsed, frame)
    end = notice_end(lines, frame)
    notice = build_notice(lines[:end], frame, norm, colophon)
    attachment, sections, outline = build_outline(lines, end, notice, frame, norm)
    return Structure(notice, attachment, sections, outline)
