"""Text-dump input: a document published as plain text instead of (or beside) its PDF.

Bureaus often publish the text of a notice as a web page or a ``.txt`` dump: one
paragraph per line, blank lines between paragraphs and where pages broke, tabs
between table cells. This module reads such a file into the same page model the
PDF parse stage produces, so the later stages run on it unchanged:

* every text :class:`~extract.model.Line` is one whole paragraph, with ``line_no``
  (the 1-based line of the file where it starts) as its provenance. Its boxes are
  synthetic: characters on a monospaced grid (``CHAR`` wide), file line n at
  ``y = n * PITCH`` (:func:`file_line` reads it back), every paragraph at x = 0 —
  no indentation, so the structure stage sees that there is no layout to read;
* a paragraph that a page break split in two (the first part stops mid-sentence,
  the next non-blank line carries on) is rejoined into one line, and the break is
  kept as a page break; each character's box still names its own file line;
* a run of tab-separated lines is a :class:`~extract.model.Table` on a monospaced
  grid; empty cells of its header rows are the covered part of a spanning header
  cell (``None``), as the PDF parse reports them. A table starts a page, with its
  title (a short line right above it that ends no sentence, set bold, the one layout
  signal the stages read a title by); a repeated table block (the header printed
  again) starts the next page, and text after a table starts a new one;
* a form feed or two blank lines in a row always break the page; in a dump laid out
  one printed line per file line (blocks of several lines between blank lines), each
  blank line is a page break and wrapped lines are rejoined into paragraphs;
* ``(此页无正文)`` markers and page-number lines (``- 3 -``) are furniture; a page
  number closes its page.

Fonts, sizes, colours and centring do not exist in text: the structure stage reads
text-dump lines as paragraphs (``paragraphs.Frame.per_line``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ...model import Box, Cell, Line, Page, ParsedDocument, SourceInfo, Span, Table
from ..furniture import NO_TEXT_MARKER, page_number_of
from ..source import DEFAULT_MAX_PAGES, TEXT_SUFFIXES, Source, is_text_dump, open_source
from .limits import check_text_size

# A paragraph ending in one of these is complete; a page break after it is a paragraph break.
SENTENCE_END = "。！？；：!?;:…」』】〕）)》>\"'”’"
# A line ending in one of these stops mid-sentence: whatever follows continues it.
CLAUSE_OPEN = "，、,（(《〈「『【〔“‘—-"
# Shorter lines without end punctuation are headings, titles, dates and signatures, not text
# that a page break cut: a cut paragraph has run for at least a printed line or so.
MIN_CUT_LENGTH = 40
# Titles end in the name of their genre; a long title is not a cut paragraph.
GENRE_ENDINGS = (
    "通知", "通报", "意见", "方案", "要点", "办法", "规定", "细则", "决定", "报告", "请示", "批复", "函",
    "纪要", "计划", "规划", "公告", "通告", "决议", "清单", "预案", "指南", "名单", "安排", "目录", "附件",
)  # fmt: skip
# How a new paragraph can open: outline numbers (一、 （一） 1. 1、 （1） ① 第一条 第一章) and 附件.
OPENER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百零〇]+[、.．]|[（(][一二三四五六七八九十百零〇\d]+[)）]|\d+\s*[.．、](?!\d)"
    r"|[①-⑳]|第[一二三四五六七八九十百零〇\d]+[条章节部分款项]|附件|附表)"
)
_BLANK = re.compile(r"^[\s\u3000\ufeff]*$")


@dataclass(slots=True)
class _Piece:
    """One non-blank line of the file, before pages are decided."""

    line_no: int
    text: str
    page_break_before: bool = False  # a form feed or two blank lines came first
    blank_before: bool = False  # at least one blank line came first


def _pieces(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    blanks = 0
    forced = False
    # Only line feeds and carriage returns end a line (str.splitlines would also split at form feeds).
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k > 0:
                forced = True  # a form feed: the page breaks here
            if _BLANK.match(part):
                if len(parts) == 1:
                    blanks += 1
                continue
            piece = _Piece(number, part.rstrip(), page_break_before=forced or blanks >= 2, blank_before=blanks > 0)
            pieces.append(piece)
            blanks = 0
            forced = False
    return pieces


def _is_row(piece: _Piece) -> bool:
    return "\t" in piece.text.strip()


def _furniture_kind(text: str) -> str | None:
    compact = text.strip()
    if NO_TEXT_MARKER.match(compact):
        return "no_text_marker"
    if len(compact) <= 12 and page_number_of(compact) is not None:
        return "page_number"
    return None


def _ends_open(text: str) -> bool:
    """The text stops mid-sentence (no closing punctuation)."""
    tail = text.rstrip()
    return bool(tail) and tail[-1] not in SENTENCE_END


def _continues(prev: str, nxt: str, min_length: int = MIN_CUT_LENGTH) -> bool:
    """Whether ``nxt`` carries on the paragraph ``prev`` after a break (page or wrap)."""
    if not _ends_open(prev) or OPENER.match(nxt) or _furniture_kind(nxt):
        return False
    tail = prev.rstrip()
    if tail[-1] in CLAUSE_OPEN:
        return True
    return len(tail) >= min_length and not tail.endswith(GENRE_ENDINGS)


def _paragraph_style(pieces: list[_Piece]) -> bool:
    """True when blank lines separate paragraphs (most text blocks are one line)."""
    blocks: list[list[_Piece]] = []
    for piece in pieces:
        if _is_row(piece) or _furniture_kind(piece.text):
            continue
        if not blocks or piece.blank_before or piece.page_break_before:
            blocks.append([piece])
        else:
            blocks[-1].append(piece)
    if not blocks:
        return True
    return sum(1 for b in blocks if len(b) == 1) >= 0.6 * len(blocks)


@dataclass(slots=True)
class _Para:
    """A paragraph: the file lines it is made of, and its page."""

    parts: list[_Piece]
    page: int
    caption: bool = False  # the title of the table that follows


@dataclass(slots=True)
class _Rows:
    """Consecutive tab-separated lines: one table block."""

    rows: list[_Piece]
    page: int


@dataclass(slots=True)
class _Furniture:
    piece: _Piece
    kind: str
    page: int


def _is_caption(para: _Para) -> bool:
    """A short line right above a table that does not end a sentence: the table's title."""
    text = para.parts[0].text.strip()
    return len(para.parts) == 1 and len(text) <= MIN_CUT_LENGTH and _ends_open(text) and not OPENER.match(text)


def _layout(pieces: list[_Piece]) -> list[_Para | _Rows | _Furniture]:
    """Group file lines into paragraphs, table blocks and furniture, and number their pages.

    A dump with a blank line after every paragraph hides most page breaks; the ones it shows are
    a paragraph cut mid-sentence and a table block that starts again under a repeated header.
    Tables (with the title above them) are set on pages of their own, as a printed notice has them.
    """
    by_paragraph = _paragraph_style(pieces)
    full = 0
    if not by_paragraph:
        # One printed line per file line: the long lines are full ones; a shorter one ends its paragraph.
        lengths = sorted(len(p.text.strip()) for p in pieces if not _is_row(p))
        full = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    out: list[_Para | _Rows | _Furniture] = []
    page = 1
    pending = False  # a page number closed the page: the next content starts a new one
    prev: _Para | _Rows | None = None  # the last content item
    for piece in pieces:
        kind = _furniture_kind(piece.text)
        if kind:
            out.append(_Furniture(piece, kind, page))
            pending = pending or kind == "page_number"
            continue
        new_block = piece.blank_before or piece.page_break_before
        row = _is_row(piece)
        joins = False
        if not row and isinstance(prev, _Para):
            last = prev.parts[-1].text
            if by_paragraph:
                joins = _continues(last, piece.text)
            else:
                # A wrapped line runs to the right margin; one that stops short ended its paragraph.
                # A full line ending in 。 usually goes on too: a paragraph rarely ends flush right.
                indented = piece.text[:1] in (" ", "\u3000", "\t")
                joins = len(last.strip()) >= 0.8 * full and not indented and not OPENER.match(piece.text)
        if prev is not None and (
            pending
            or piece.page_break_before
            or (new_block and not by_paragraph)
            or (new_block and joins)  # a page break cut the paragraph
            or (by_paragraph and new_block and row and isinstance(prev, _Rows))  # the table goes on overleaf
            or (by_paragraph and not row and isinstance(prev, _Rows))  # text after a table
        ):
            page += 1
        elif by_paragraph and row and isinstance(prev, _Para):  # a table starts, on a page of its own
            page += 1
            if _is_caption(prev):
                prev.page = page
                prev.caption = True
        pending = False
        if row:
            if isinstance(prev, _Rows) and not new_block:
                prev.rows.append(piece)
            else:
                prev = _Rows([piece], page)
                out.append(prev)
        elif joins and isinstance(prev, _Para):
            prev.parts.append(piece)
        else:
            prev = _Para([piece], page)
            out.append(prev)
    return out


# Synthetic geometry, in the page model's units (points in a PDF): a character cell CHAR wide and
# SIZE high, file line n at y = n * PITCH. Line numbers are exact in ``Line.line_no`` and ``top / PITCH``.
CHAR = 12.0
SIZE = 12.0
PITCH = 24.0


def file_line(box: Box) -> int:
    """The file line a synthetic box sits on."""
    return round(box.top / PITCH)


def _char_boxes(x0: float, line_no: int, count: int) -> list[Box]:
    top = line_no * PITCH
    return [Box(x0 + i * CHAR, top, x0 + (i + 1) * CHAR, top + SIZE) for i in range(count)]


def _line(page: int, parts: list[tuple[int, str]], x0: float = 0.0, bold: bool = False) -> Line:
    """One line of the model from (file line, text) parts; each character keeps its own file line."""
    texts: list[str] = []
    boxes: list[Box] = []
    for line_no, text in parts:
        stripped = text.strip()
        # x counts from the first printed character: an indent in the file is not layout to measure,
        # and every paragraph starting at x = 0 tells the structure stage there is no layout.
        boxes += _char_boxes(x0, line_no, len(stripped))
        texts.append(stripped)
    text = "".join(texts)
    return Line(
        page=page,
        text=text,
        box=Box.enclosing(boxes),
        spans=[Span(0, len(text), "", SIZE, bold, "#000000")],
        char_boxes=boxes,
        line_no=parts[0][0],
    )


def _para_line(para: _Para) -> Line:
    # A table's title is set bold: the one layout signal by which stages tell a title from body text.
    return _line(para.page, [(p.line_no, p.text) for p in para.parts], bold=para.caption)


# Header cells are short labels; a row with a longer cell is data.
HEADER_CELL_MAX = 12


def _table(block: _Rows) -> Table:
    """A table block on a monospaced grid: each column as wide as its longest cell.

    Empty cells of the header rows are the covered part of a spanning header cell: under a
    header cell (it spans rows) or right of one (it spans columns), as the PDF parse reports them.
    """
    split = [[c.strip() for c in piece.text.split("\t")] for piece in block.rows]
    width = max(len(cells) for cells in split)
    split = [cells + [""] * (width - len(cells)) for cells in split]
    n_header = 0
    for cells in split:
        short = all(len(c) <= HEADER_CELL_MAX for c in cells)
        if n_header < 3 and short and not re.fullmatch(r"\d+[.、]?", cells[0]):
            n_header += 1
        else:
            break
    covered = [[False] * width for _ in split]
    for r in range(n_header):
        for c in range(width):
            if split[r][c]:
                continue
            if r > 0 and (covered[r - 1][c] or split[r - 1][c]):
                covered[r][c] = True  # under a header cell
            elif c > 0 and (covered[r][c - 1] or split[r][c - 1]):
                covered[r][c] = True  # right of a header cell
    widths = [max(2, *(len(cells[c]) for cells in split)) * CHAR for c in range(width)]
    xs = [0.0]
    for w in widths:
        xs.append(xs[-1] + w)
    rows: list[list[Cell | None]] = []
    for r, (piece, cells) in enumerate(zip(block.rows, split, strict=True)):
        row: list[Cell | None] = []
        for c, text in enumerate(cells):
            if covered[r][c]:
                row.append(None)
                continue
            c_end = c
            while c_end + 1 < width and r < n_header and not split[r][c_end + 1] and covered[r][c_end + 1]:
                c_end += 1
            r_end = r
            while r_end + 1 < n_header and all(covered[r_end + 1][k] for k in range(c, c_end + 1)):
                r_end += 1
            top = piece.line_no * PITCH
            bottom = block.rows[r_end].line_no * PITCH + PITCH
            box = Box(xs[c], top, xs[c_end + 1], bottom)
            lines = [_line(block.page, [(piece.line_no, text)], x0=xs[c])] if text else []
            row.append(Cell(r, c, box, lines))
        rows.append(row)
    boxes = [cell.box for row in rows for cell in row if cell is not None]
    return Table(block.page, Box.enclosing(boxes), rows)


def _furniture_line(item: _Furniture) -> Line:
    line = _line(item.page, [(item.piece.line_no, item.piece.text)])
    line.furniture = item.kind
    return line


def parse_text_dump(source: Source | str | Path, max_pages: int | None = DEFAULT_MAX_PAGES) -> ParsedDocument:
    """Read a text dump (``.txt``) into the page model that the PDF parse stage produces.

    ``source`` is a checked input (:func:`~extract.parse.source.open_source`), or a
    path that is checked here with ``max_pages``.
    """
    if not isinstance(source, Source):
        source = open_source(source, max_pages=max_pages)
    path = source.path
    text = source.text()
    check_text_size(path, text)
    pieces = _pieces(text)
    if not pieces:
        raise InputError(str(path), "the text file holds no text")
    items = _layout(pieces)
    page_count = max(item.page for item in items)
    source.admit_pages(page_count)
    pages = [Page(number=n, width=1.0, height=1.0, lines=[]) for n in range(1, page_count + 1)]
    for item in items:
        page = pages[item.page - 1]
        if isinstance(item, _Furniture):
            page.furniture.append(_furniture_line(item))
        elif isinstance(item, _Rows) and len(item.rows) >= 2:
            page.tables.append(_table(item))
        elif isinstance(item, _Rows):  # a lone tabbed line is text with a tab in it
            page.lines.append(_para_line(_Para(item.rows, item.page)))
        else:
            page.lines.append(_para_line(item))
    for page in pages:
        boxes = [line.box for line in page.lines + page.furniture] + [t.box for t in page.tables]
        if boxes:
            area = Box.enclosing(boxes)
            page.width = max(1.0, area.x1)
            # Text pages portrait, table pages as wide as their rows, as a printed notice has them.
            page.height = max(1.0, area.bottom, 0.0 if page.tables else 1.5 * page.width)
    if not any(page.lines or page.tables for page in pages):
        raise InputError(str(path), "the text file holds no document text")
    info = SourceInfo(file=source.name, sha256=source.sha256, pages=len(pages))
    return ParsedDocument(source=info, pages=pages)


__all__ = ["CHAR", "PITCH", "SIZE", "TEXT_SUFFIXES", "file_line", "is_text_dump", "parse_text_dump"]
