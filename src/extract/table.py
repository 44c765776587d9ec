"""Table stage: the key-task table across pages, with one column per quarter (issue 5).

The parse stage hands over every table it found per page (``Page.tables``, ruled
tables from pdfplumber's finder and, where a page has no rules, tables read from
text alignment). Here:

1. Each table's header rows are recognised by vocabulary (``table_header``), and
   its columns mapped by meaning — number, task, the four quarters, lead,
   offices, remark — so another order or other header words still map.
2. A key-task table is one whose header names the task and at least two
   quarters. A table without a header that follows one (next page, same
   columns) continues it; repeated headers are dropped.
3. Physical rows become tasks: a row whose number cell is empty (or covered by
   a number cell merged from above) continues the task before it, so a row
   broken across a page is joined back cell by cell. The lines of all parts of
   a cell go to one ``Normalizer.field`` call.
4. Every value keeps the page and box of each cell it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .model import Cell, KeyTaskRow, KeyTasks, Line, Page, ParsedDocument, Table, Where
from .normalize import Normalizer
from .table_header import GROUP, KEYS, QUARTERS, Vocabulary, default_vocabulary, is_key_task_header

FIELDS = ("task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")
# Cell edges closer than this (points) are the same rule.
EDGE_TOLERANCE = 1.5
# Header rows sit at the top of a table; more than this many is a data row with header words.
MAX_HEADER_ROWS = 4
# Offices in one cell are listed with these separators.
OFFICE_SEPARATORS = re.compile(r"[、，,；;/／]+")
# A title line sits at most this many of its own heights above the table.
TITLE_MAX_GAP = 4.0
NO_TASK_TABLE = (
    "no key-task table found (a table whose header names the task and at least two quarters); key_tasks is empty"
)


# ---- table geometry -------------------------------------------------------------


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_TOLERANCE:
            out.append(v)
    return out


@dataclass(slots=True)
class Grid:
    """A table's cells on its row/column grid; ``cover[r][c]`` is the cell over that slot, merged or not."""

    table: Table
    xs: list[float]  # column edges, len = columns + 1
    ys: list[float]  # row edges, len = rows + 1
    cover: list[list[Cell | None]]
    starts: dict[int, tuple[int, int]]  # id(cell) -> (row, col) where the cell starts

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def col_span(self, cell: Cell) -> range:
        return self._span(self.xs, cell.box.x0, cell.box.x1)

    def row_span(self, cell: Cell) -> range:
        return self._span(self.ys, cell.box.top, cell.box.bottom)

    @staticmethod
    def _span(edges: list[float], lo: float, hi: float) -> range:
        """The slots between ``lo`` and ``hi``: from the last edge at ``lo`` to the last edge before ``hi``."""
        inner = edges[:-1]
        start = max([0, *(i for i, e in enumerate(inner) if e <= lo + EDGE_TOLERANCE)])
        stop = max([start, *(i for i, e in enumerate(inner) if e < hi - EDGE_TOLERANCE)])
        return range(start, stop + 1)


def grid_of(table: Table) -> Grid:
    cells = [c for row in table.rows for c in row if c is not None]
    xs = _cluster([c.box.x0 for c in cells])
    ys = _cluster([c.box.top for c in cells])
    xs.append(max([table.box.x1, *(c.box.x1 for c in cells)]))
    ys.append(max([table.box.bottom, *(c.box.bottom for c in cells)]))
    grid = Grid(table, xs, ys, [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)], {})
    for cell in cells:
        rows, cols = grid.row_span(cell), grid.col_span(cell)
        grid.starts[id(cell)] = (rows.start, cols.start)
        for r in rows:
            for c in cols:
                if grid.cover[r][c] is None:
                    grid.cover[r][c] = cell
    return grid


def _cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return "".join(line.text for line in cell.lines).strip()


# ---- header and column map --------------------------------------------------------


@dataclass(slots=True)
class ColumnMap:
    """Which output key each grid column fills, with the header cells that named it."""

    keys: list[str | None]  # per grid column
    spans: list[tuple[float, float]]  # per grid column, x0..x1
    headers: dict[str, list[Cell]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # header texts that named nothing

    def columns(self, key: str) -> list[int]:
        return [i for i, k in enumerate(self.keys) if k == key]

    @property
    def found(self) -> set[str]:
        return {k for k in self.keys if k is not None}


def _row_start_cells(grid: Grid, r: int) -> list[Cell]:
    out = []
    for c in range(grid.n_cols):
        cell = grid.cover[r][c]
        if cell is not None and grid.starts[id(cell)] == (r, c) and cell not in out:
            out.append(cell)
    return out


def header_rows(grid: Grid, vocab: Vocabulary) -> tuple[int, list[Cell]]:
    """How many rows at the top form the header, and any title cells spanning the table above it.

    A header row is one where at least half the cells that start in it carry a header word.
    Rows entirely covered by header cells from above (a two-row header's merged cells) belong to it.
    """
    titles: list[Cell] = []
    end = 0
    r = 0
    while r < grid.n_rows and r < MAX_HEADER_ROWS + len(titles):
        cells = [c for c in _row_start_cells(grid, r) if _cell_text(c)]
        if not cells:
            if end == r and end > 0:  # covered by the header's merged cells
                end = r + 1
                r += 1
                continue
            break
        matched = [vocab.match(_cell_text(c)) for c in cells]
        hits = sum(1 for m in matched if m is not None)
        if hits and hits * 2 >= len(cells) and (hits >= 2 or end > 0):
            end = r + 1
        elif end == 0 and len(cells) == 1 and len(grid.col_span(cells[0])) >= max(2, grid.n_cols * 0.6) and r < 2:
            titles.append(cells[0])  # a title row inside the table's frame
        else:
            break
        r += 1
    if end == 0:
        return 0, []
    return end, titles


def column_map(grid: Grid, n_header: int, vocab: Vocabulary) -> ColumnMap:
    """Each column's key from the lowest (most specific) header cell over it that names one."""
    keys: list[str | None] = [None] * grid.n_cols
    spans = [(grid.xs[c], grid.xs[c + 1]) for c in range(grid.n_cols)]
    headers: dict[str, list[Cell]] = {}
    groups: dict[int, list[int]] = {}  # id(group cell) -> columns under it
    for c in range(grid.n_cols):
        for r in range(n_header - 1, -1, -1):
            cell = grid.cover[r][c]
            if cell is None:
                continue
            key = vocab.match(_cell_text(cell))
            if key == GROUP:
                groups.setdefault(id(cell), []).append(c)
            elif key is not None:
                keys[c] = key
                if not any(cell is h for h in headers.setdefault(key, [])):
                    headers[key].append(cell)
                break
    # A group header over exactly four unnamed columns (进度要求 over 3月/6月/9月/12月) holds the quarters.
    if not set(QUARTERS) & {k for k in keys if k}:
        for cols in groups.values():
            free = [c for c in cols if keys[c] is None]
            if len(free) == 4:
                for q, c in zip(QUARTERS, free, strict=True):
                    keys[c] = q
                    head = grid.cover[n_header - 1][c]
                    if head is not None:
                        headers.setdefault(q, []).append(head)
    unknown: list[str] = []
    for c in range(grid.n_cols):
        cell = grid.cover[n_header - 1][c]
        if keys[c] is None and cell is not None and _cell_text(cell) and _cell_text(cell) not in unknown:
            if vocab.match(_cell_text(cell)) != GROUP:
                unknown.append(_cell_text(cell))
    return ColumnMap(keys, spans, headers, unknown)


def remap_columns(grid: Grid, previous: ColumnMap) -> tuple[ColumnMap | None, str | None]:
    """The column map of a header-less table continuing ``previous``: by x position, else by count."""
    keys: list[str | None] = []
    spans = [(grid.xs[c], grid.xs[c + 1]) for c in range(grid.n_cols)]
    for x0, x1 in spans:
        best, best_overlap, best_width = None, 0.0, 1.0
        for key, (px0, px1) in zip(previous.keys, previous.spans, strict=True):
            overlap = min(x1, px1) - max(x0, px0)
            if overlap > best_overlap:
                best, best_overlap, best_width = key, overlap, px1 - px0
        keys.append(best if best_overlap >= 0.5 * min(x1 - x0, best_width) else None)
    if sorted(k for k in keys if k) == sorted(k for k in previous.keys if k):
        return ColumnMap(keys, spans), None
    if grid.n_cols == len(previous.keys):
        return ColumnMap(list(previous.keys), spans), "columns matched by count, not position"
    return None, None


# ---- title ----------------------------------------------------------------------


def _title_like(line: Line, table: Table) -> bool:
    mid = (line.box.x0 + line.box.x1) / 2
    table_mid = (table.box.x0 + table.box.x1) / 2
    centred = abs(mid - table_mid) <= 0.08 * table.box.width and line.box.width <= 0.85 * table.box.width
    ends_sentence = line.text.rstrip()[-1:] in "。；;：:，,"
    return (centred or line.bold) and not ends_sentence


def title_lines(page: Page, table: Table) -> list[Line]:
    """The title of a table: the centred (or bold) content line(s) right above it on its page.

    Lines are returned top to bottom; a title may wrap over several lines of the same size.
    """
    above = sorted(
        (ln for ln in page.lines if ln.box.bottom <= table.box.top + EDGE_TOLERANCE and ln.furniture is None),
        key=lambda ln: ln.box.bottom,
        reverse=True,
    )
    out: list[Line] = []
    edge = table.box.top
    for line in above:
        height = max(line.box.height, 1.0)
        limit = TITLE_MAX_GAP if not out else 1.0
        if edge - line.box.bottom > limit * height or not _title_like(line, table):
            break
        if out and abs(line.size - out[-1].size) > 0.5:
            break
        out.append(line)
        edge = line.box.top
    return list(reversed(out))


# ---- stitching ----------------------------------------------------------------------


@dataclass(slots=True)
class Part:
    """One page's piece of the key-task table."""

    grid: Grid
    cmap: ColumnMap
    first_row: int  # first data row (after the header)
    headed: bool
    titles: list[Cell] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.grid.table.page


def find_parts(parsed: ParsedDocument, vocab: Vocabulary) -> tuple[list[Part], list[str]]:
    """The key-task tables of the document in order, header-less continuations included."""
    parts: list[Part] = []
    warnings: list[str] = []
    current: ColumnMap | None = None
    last_page = -10
    for page in parsed.pages:
        for table in page.tables:
            grid = grid_of(table)
            if grid.n_rows == 0 or grid.n_cols == 0:
                continue
            n_header, titles = header_rows(grid, vocab)
            if n_header:
                cmap = column_map(grid, n_header, vocab)
                if is_key_task_header(cmap.found):
                    parts.append(Part(grid, cmap, n_header, True, titles))
                    current, last_page = cmap, page.number
                    continue
            elif current is not None and page.number - last_page <= 1:
                cmap2, note = remap_columns(grid, current)
                if cmap2 is not None:
                    if note:
                        warnings.append(f"key-task table on page {page.number} has no header; {note}")
                    parts.append(Part(grid, cmap2, 0, False))
                    last_page = page.number
                    continue
            current = None
    return parts, warnings


@dataclass(slots=True)
class _Task:
    no_cells: list[Cell] = field(default_factory=list)
    cells: dict[str, list[Cell]] = field(default_factory=lambda: {k: [] for k in FIELDS})
    ordinal: int = 0


def _add(cells: list[Cell], new: list[Cell]) -> None:
    for cell in new:
        if not any(cell is c for c in cells):
            cells.append(cell)


def _slot_cells(part: Part, r: int, key: str) -> list[Cell]:
    out: list[Cell] = []
    for c in part.cmap.columns(key):
        cell = part.grid.cover[r][c]
        if cell is not None:
            _add(out, [cell])
    return out


def _is_heading_row(part: Part, r: int) -> bool:
    """A row whose one cell spans every mapped column: a category heading inside the table, not a task."""
    mapped = [c for c, k in enumerate(part.cmap.keys) if k is not None]
    cells = {id(part.grid.cover[r][c]) for c in mapped}
    return len(mapped) > 2 and len(cells) == 1 and part.grid.cover[r][mapped[0]] is not None


def collect_tasks(parts: list[Part], warnings: list[str]) -> tuple[list[_Task], dict[int, int]]:
    """Physical rows grouped into tasks; also the page of every cell (by id)."""
    tasks: list[_Task] = []
    page_of: dict[int, int] = {}
    for index, part in enumerate(parts):
        grid = part.grid
        no_cols = part.cmap.columns("no")
        for r in range(part.first_row, grid.n_rows):
            row_cells = [grid.cover[r][c] for c in range(grid.n_cols)]
            for cell in row_cells:
                if cell is not None:
                    page_of[id(cell)] = part.page
            if not any(_cell_text(c) for c in row_cells if c is not None and grid.starts[id(c)][0] == r):
                continue  # nothing starts here: a spacer, or a row under cells merged from above
            if _is_heading_row(part, r):
                warnings.append(
                    f"page {part.page}: row spanning the whole table read as a heading, not a task: "
                    f"{_cell_text(row_cells[0])[:30]!r}"
                )
                continue
            first_of_part = r == part.first_row
            if no_cols:
                no_cell = grid.cover[r][no_cols[0]]
                new = (
                    no_cell is not None
                    and grid.starts[id(no_cell)][0] == r
                    and bool(_cell_text(no_cell))
                )
            else:
                task_cells = _slot_cells(part, r, "task")
                started = [c for c in task_cells if grid.starts[id(c)][0] == r and _cell_text(c)]
                new = bool(started) or not (first_of_part and index > 0)
                no_cell = None
            if not new and not tasks:
                new = True
            if not new and not first_of_part:
                if no_cols and no_cell is not None and grid.starts[id(no_cell)][0] == r:
                    warnings.append(f"page {part.page}: a row with an empty number joined to the task above it")
            if new:
                tasks.append(_Task(ordinal=len(tasks) + 1))
            task = tasks[-1]
            if no_cols and no_cell is not None:
                _add(task.no_cells, [no_cell])
            for key in FIELDS:
                _add(task.cells[key], _slot_cells(part, r, key))
    return tasks, page_of


def _number(text: str, ordinal: int) -> int | str:
    compact = unicodedata.normalize("NFKC", text).strip().rstrip(".、．")
    if re.fullmatch(r"\d+", compact):
        return int(compact)
    return text or ordinal


def _wheres(cells: list[Cell], page_of: dict[int, int]) -> list[Where]:
    used = [c for c in cells if c.lines] or cells[:1]
    return [Where(page_of[id(c)], c.box, c.lines[0].line_no if c.lines else None) for c in used]


def departments_of(text: str) -> list[str]:
    return [part.strip() for part in OFFICE_SEPARATORS.split(text) if part.strip()]


def build_rows(tasks: list[_Task], page_of: dict[int, int], norm: Normalizer, warnings: list[str]) -> list[KeyTaskRow]:
    rows: list[KeyTaskRow] = []
    done: dict[tuple[int, ...], str] = {}  # a cell merged over several tasks is normalized once
    labels: set[str] = set()
    for task in tasks:
        raw_no = "".join(ln.text for c in task.no_cells for ln in c.lines)
        label = re.sub(r"\s+", "", raw_no) or str(task.ordinal)
        if label in labels:
            warnings.append(f"key-task number {label} appears more than once")
        labels.add(label)
        no_lines = [ln for c in task.no_cells for ln in c.lines]
        no_text = norm.field(f"key_tasks/rows/{label}/no", no_lines) if no_lines else ""
        values: dict[str, str] = {}
        where: dict[str, list[Where]] = {}
        if task.no_cells:
            where["no"] = _wheres(task.no_cells, page_of)
        pages: set[int] = {page_of[id(c)] for c in task.no_cells if c.lines}
        for key in FIELDS:
            cells = task.cells[key]
            ident = tuple(id(c) for c in cells)
            if ident in done:
                values[key] = done[ident]
            else:
                lines = [ln for c in cells for ln in c.lines]
                values[key] = norm.field(f"key_tasks/rows/{label}/{key}", lines) if lines else ""
                done[ident] = values[key]
            if cells:
                where[key] = _wheres(cells, page_of)
                pages.update(page_of[id(c)] for c in cells if c.lines)
        rows.append(
            KeyTaskRow(
                no=_number(no_text, task.ordinal),
                task=values["task"],
                q1=values["q1"],
                q2=values["q2"],
                q3=values["q3"],
                q4=values["q4"],
                lead=values["lead"],
                departments=departments_of(values["departments"]),
                remark=values["remark"] or None,
                pages=sorted(pages),
                where=where,
            )
        )
    return rows


def _title(parts: list[Part], parsed: ParsedDocument, norm: Normalizer) -> tuple[str | None, list[Where]]:
    first = parts[0]
    if first.titles:
        lines = [ln for c in first.titles for ln in c.lines]
    else:
        page = next((p for p in parsed.pages if p.number == first.page), None)
        lines = title_lines(page, first.grid.table) if page is not None else []
    if not lines:
        return None, []
    return norm.field("key_tasks/title", lines) or None, [Where(ln.page, ln.box, ln.line_no) for ln in lines]


def _header_cells(part: Part) -> list[Cell]:
    out: list[Cell] = []
    for r in range(part.first_row):
        for cell in part.grid.cover[r]:
            if cell is not None and cell.lines and not any(cell is c for c in out) and not any(
                cell is t for t in part.titles
            ):
                out.append(cell)
    return out


def key_task_title_lines(parsed: ParsedDocument, vocab: Vocabulary | None = None) -> list[Line]:
    """The content lines the table stage takes as the key-task table's title (for other stages to skip)."""
    parts, _ = find_parts(parsed, vocab or default_vocabulary())
    if not parts or parts[0].titles:
        return []
    page = next((p for p in parsed.pages if p.number == parts[0].page), None)
    return title_lines(page, parts[0].grid.table) if page is not None else []


def build_key_tasks(
    parsed: ParsedDocument, norm: Normalizer, vocab: Vocabulary | None = None
) -> tuple[KeyTasks, list[str]]:
    """The document's key-task table stitched across pages, and warnings about it.

    A table this stage cannot make sense of costs the table, never the document: it comes
    back empty with a warning saying why.
    """
    try:
        return _build(parsed, norm, vocab or default_vocabulary())
    except Exception as exc:  # a layout no rule foresaw must not lose the rest of the document
        return KeyTasks(), [f"key-task table could not be read ({type(exc).__name__}: {exc}); key_tasks is empty"]


def _build(parsed: ParsedDocument, norm: Normalizer, vocab: Vocabulary) -> tuple[KeyTasks, list[str]]:
    parts, warnings = find_parts(parsed, vocab)
    if not parts:
        return KeyTasks(), [NO_TASK_TABLE]
    head = next(p for p in parts if p.headed)
    for text in head.cmap.unknown:
        warnings.append(f"key-task table on page {head.page}: column {text!r} not recognised; ignored")
    missing = [k for k in KEYS if k not in head.cmap.found]
    if missing:
        warnings.append(f"key-task table on page {head.page} has no column for: {', '.join(missing)}")
    title, title_where = _title(parts, parsed, norm)
    columns: dict[str, str] = {}
    for key in KEYS:
        cells = head.cmap.headers.get(key)
        if cells:
            columns[key] = norm.field(f"key_tasks/columns/{key}", [ln for c in cells for ln in c.lines])
    # Every page's header, repeated or not, group cells included, is accounted for as the header.
    header_where = [
        Where(part.page, cell.box, cell.lines[0].line_no if cell.lines else None)
        for part in parts
        for cell in _header_cells(part)
    ]
    tasks, page_of = collect_tasks(parts, warnings)
    rows = build_rows(tasks, page_of, norm, warnings)
    pages = sorted({p.page for p in parts})
    if not rows:
        warnings.append(f"key-task table on page {pages[0]} has a header but no rows")
    where = {"title": title_where, "header": header_where} if title_where else {"header": header_where}
    return KeyTasks(title=title, rows=rows, columns=columns, pages=pages, where=where), warnings


__all__ = [
    "ColumnMap",
    "Grid",
    "build_key_tasks",
    "column_map",
    "departments_of",
    "find_parts",
    "grid_of",
    "header_rows",
    "key_task_title_lines",
    "title_lines",
]
