"""A table's header rows and one name per column, for any table (no vocabulary needed).

* **Title rows**: rows at the top made of one cell across the whole table (a caption printed
  inside the frame, 第二十条第（一）项) title the table and name no column.
* **Header rows**: the first row under them, then every row a header cell reaches down into
  (merged over several rows), and the row under a header cell merged over several columns
  when its cells there are labels, which name those columns (上级 over 下级 | 下级). Never
  more than :data:`MAX_HEADER_ROWS`, never the whole table.
* **Names**: the texts of the header cells over a column, top to bottom, joined by ``/``
  (上级/下级); a column without header text is ``colN``; a name met again gets ``_2``, ``_3``.
"""

from __future__ import annotations

import re

from .grid import Grid, cell_text

# A header deeper than this is data rows with short text.
MAX_HEADER_ROWS = 4
# Caption rows inside a frame; more full-width rows than this at the top are data (section rows).
MAX_TITLE_ROWS = 2
JOIN = "/"
# A header cell's text is a label; a longer one is data.
MAX_LABEL_CHARS = 20
NUMBER = re.compile(r"[-+－]?[\d,，.．%％]+")


def _starting(grid: Grid, r: int) -> list[tuple[int, range]]:
    """The cells that start in row ``r``: (id, column span), left to right."""
    out: list[tuple[int, range]] = []
    seen: set[int] = set()
    for c in range(grid.n_cols):
        cell = grid.cover[r][c]
        if cell is not None and id(cell) not in seen and grid.starts[id(cell)] == (r, c):
            seen.add(id(cell))
            out.append((id(cell), grid.col_span(cell)))
    return out


def title_rows(grid: Grid) -> int:
    """Rows at the top whose one cell spans every column and holds text, when rows follow them."""
    n = 0
    while n < MAX_TITLE_ROWS and n + 2 <= grid.n_rows:
        cells = _starting(grid, n)
        cell = grid.cover[n][0]
        if cell is None or len(cells) != 1 or len(cells[0][1]) != grid.n_cols or not cell_text(cell):
            break
        if len(grid.row_span(cell)) != 1:
            break
        n += 1
    return n


def header_depth(grid: Grid, start: int) -> int:
    """How many rows from ``start`` form the header (see the module's rules)."""
    if grid.n_rows - start < 2:
        return 0
    end = start + 1
    limit = min(start + MAX_HEADER_ROWS, grid.n_rows - 1)
    while True:
        grown = end
        for r in range(start, end):
            for c in range(grid.n_cols):
                cell = grid.cover[r][c]
                if cell is not None and grid.starts[id(cell)][0] >= start:
                    rows, cols = grid.row_span(cell), grid.col_span(cell)
                    grown = max(grown, rows.stop)
                    # A group cell ending here is named column by column in the next row.
                    if rows.stop == end and len(cols) > 1 and _names_below(grid, end, cols):
                        grown = max(grown, end + 1)
        grown = min(grown, limit)
        if grown == end:
            return end - start
        end = grown


def _names_below(grid: Grid, r: int, cols: range) -> bool:
    """Whether row ``r`` names ``cols``: several cells with text under them, all of it short labels."""
    if r >= grid.n_rows:
        return False
    under = {
        id(cell): cell_text(cell)
        for c in cols
        if (cell := grid.cover[r][c]) is not None and grid.starts[id(cell)][0] == r
    }
    texts = [text for text in under.values() if text]
    return len(texts) >= 2 and all(_label(text) for text in texts)


def _label(text: str) -> bool:
    """A header's text: short, and not a figure (a row of numbers under a group cell is data)."""
    compact = re.sub(r"\s+", "", text)
    return len(compact) <= MAX_LABEL_CHARS and not NUMBER.fullmatch(compact)


def column_names(header_texts: list[list[str]]) -> list[str]:
    """One unique name per column from the header texts over it, top to bottom."""
    names: list[str] = []
    seen: dict[str, int] = {}  # name -> how many times its base was met
    for c, texts in enumerate(header_texts):
        parts: list[str] = []
        for text in texts:
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        base = JOIN.join(parts) or f"col{c + 1}"
        name = base
        while name in seen:
            seen[base] += 1
            name = f"{base}_{seen[base]}"
        seen[name] = 1
        names.append(name)
    return names


__all__ = ["JOIN", "MAX_HEADER_ROWS", "column_names", "header_depth", "title_rows"]
