"""Render key-task tables to PDF for tests (reportlab, the built-in STSong-Light CID font).

A document is a list of pages; each page may carry a title line and a table made of
header cells (with row and column spans, so a merged 进度要求 over the quarters can be
drawn) and body rows. Body cell text is wrapped to the column width by character
count, so every cell spans several lines the way a word processor wraps CJK text.
Tables are drawn with explicit rules (``canvas.line``) that pdfplumber's
lines strategy finds, or with no rules at all (``ruled=False``) for the
text-alignment fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FONT = "STSong-Light"
SIZE = 10.5
LEADING = 14.0
PAD = 4.0


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def text_width(text: str, size: float = SIZE) -> float:
    from reportlab.pdfbase import pdfmetrics

    _register()
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """Greedy wrap by glyph width; ASCII words and numbers are never split.

    Text with ``\n`` is set line by line as given, for wraps a word processor makes and this
    one would not (a number broken in a narrow cell, one character per line)."""
    if "\n" in text:
        return text.split("\n")
    tokens: list[str] = []
    for ch in text:
        if tokens and ch.isascii() and ch not in " " and tokens[-1][-1:].isascii() and tokens[-1][-1:] != " ":
            tokens[-1] += ch
        else:
            tokens.append(ch)
    lines: list[str] = []
    current = ""
    for tok in tokens:
        if current and text_width(current + tok, size) > width:
            lines.append(current)
            current = tok.lstrip()
        else:
            current += tok
    if current:
        lines.append(current)
    return lines


@dataclass
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class TablePage:
    """One page: an optional title, an optional header (``header=None`` for a continuation page) and rows."""

    # One text per column (None merges the cell with the one above), or one string: a heading row.
    rows: list[list[str | None] | str]
    header: list[HeaderCell] | None = None
    header_rows: int = 1
    title: str | None = None
    text_before: list[str] = field(default_factory=list)  # plain lines above the title/table
    text_after: list[str] = field(default_factory=list)


def two_row_header(words: list[str], group: str | None, group_cols: tuple[int, int] | None) -> list[HeaderCell]:
    """A header where ``words`` name the columns and ``group`` spans ``group_cols`` (start, stop) above them.

    Columns outside the group span both header rows, like the official 进度要求 layout.
    """
    if group is None or group_cols is None:
        return [HeaderCell(w, 0, i) for i, w in enumerate(words)]
    start, stop = group_cols
    cells = [HeaderCell(group, 0, start, 1, stop - start)]
    for i, w in enumerate(words):
        if start <= i < stop:
            cells.append(HeaderCell(w, 1, i))
        else:
            cells.append(HeaderCell(w, 0, i, rowspan=2))
    return cells


class _Canvas:
    def __init__(self, path: Path, landscape: bool) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.pagesizes import landscape as to_landscape
        from reportlab.pdfgen import canvas

        _register()
        self.size = to_landscape(A4) if landscape else A4
        self.c = canvas.Canvas(str(path), pagesize=self.size, invariant=1)
        self.height = self.size[1]

    def text(self, x: float, top: float, text: str, size: float = SIZE) -> None:
        """Draw ``text`` with its glyph box starting at ``top`` (pdfplumber coordinates)."""
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.height - top - size * 0.88, text)

    def line(self, x0: float, top0: float, x1: float, top1: float) -> None:
        self.c.setLineWidth(0.5)
        self.c.line(x0, self.height - top0, x1, self.height - top1)

    def box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.line(x0, top, x1, top)
        self.line(x0, bottom, x1, bottom)
        self.line(x0, top, x0, bottom)
        self.line(x1, top, x1, bottom)


def render(
    path: str | Path,
    pages: list[TablePage],
    widths: list[float],
    *,
    ruled: bool = True,
    landscape: bool = True,
    left: float = 56.7,
    top: float = 60.0,
) -> Path:
    """Write the pages to ``path``; ``widths`` are the column widths in points."""
    path = Path(path)
    cv = _Canvas(path, landscape)
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    table_w = xs[-1] - xs[0]
    for page in pages:
        y = top
        for line in page.text_before:
            cv.text(left, y, line, 16)
            y += 28
        if page.title:
            w = text_width(page.title, 16)
            cv.text(left + (table_w - w) / 2, y, page.title, 16)
            y += 30
        if page.header:
            row_h = 2 * LEADING + 2 * PAD
            for cell in page.header:
                x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
                y0 = y + cell.row * row_h
                y1 = y0 + cell.rowspan * row_h
                lines = wrap(cell.text, x1 - x0 - 2 * PAD)
                block = len(lines) * LEADING
                ty = y0 + (y1 - y0 - block) / 2
                for ln in lines:
                    cv.text(x0 + (x1 - x0 - text_width(ln)) / 2, ty, ln)
                    ty += LEADING
                if ruled:
                    cv.box(x0, y0, x1, y1)
            y += page.header_rows * row_h
        # Row heights first: a cell given as None is merged with the cell above it.
        # A row given as one string is a heading spanning the whole table.
        rows = [[r, *([None] * (len(widths) - 1))] if isinstance(r, str) else r for r in page.rows]
        wrapped_rows = [
            [
                wrap(text, (table_w if isinstance(page.rows[r], str) else xs[i + 1] - xs[i]) - 2 * PAD)
                if text
                else []
                for i, text in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ]
        heights = [max(1, *(len(w) for w in wrapped)) * LEADING + 2 * PAD for wrapped in wrapped_rows]
        tops = [y]
        for h in heights:
            tops.append(tops[-1] + h)
        for r, row in enumerate(rows):
            if isinstance(page.rows[r], str):
                for ln_no, ln in enumerate(wrapped_rows[r][0]):
                    cv.text(xs[0] + PAD, tops[r] + PAD + ln_no * LEADING, ln)
                if ruled:
                    cv.box(xs[0], tops[r], xs[-1], tops[r + 1])
                continue
            for i, text in enumerate(row):
                if text is None:
                    continue
                end = r + 1
                while end < len(rows) and not isinstance(page.rows[end], str) and rows[end][i] is None:
                    end += 1
                lines = wrapped_rows[r][i]
                ty = tops[r] + PAD
                if end > r + 1:  # merged cells centre their text over the span
                    ty = (tops[r] + tops[end] - len(lines) * LEADING) / 2
                for ln in lines:
                    cv.text(xs[i] + PAD, ty, ln)
                    ty += LEADING
                if ruled:
                    cv.box(xs[i], tops[r], xs[i + 1], tops[end])
        y = tops[-1]
        y += 20
        for line in page.text_after:
            cv.text(left, y, line, 16)
            y += 28
        cv.c.showPage()
    cv.c.save()
    return path


def render_text(path: str | Path, paragraphs: list[str], *, landscape: bool = False) -> Path:
    """A plain document with no table at all."""
    path = Path(path)
    cv = _Canvas(path, landscape)
    y = 80.0
    for para in paragraphs:
        for ln in wrap(para, 440, 16):
            cv.text(80, y, ln, 16)
            y += 28
    cv.c.showPage()
    cv.c.save()
    return path
