"""The key-task table across pages, with one column per quarter.

The parse stage hands over every table it found per page (``Page.tables``, ruled
tables from pdfplumber's finder and, where a page has no rules, tables read from
text alignment). Here:

1. Each table's header rows are recognised by vocabulary (:mod:`.grid`, :mod:`.header`), and
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

from ..model import Cell, KeyTaskRow, KeyTasks, Line, Page, ParsedDocument, Table, Where
from ..normalize import Normalizer
from .fragments import is_tail
from .grid import EDGE_TOLERANCE, ColumnMap, Grid, cell_text, column_map, grid_of, header_rows, remap_columns
from .header import KEYS, Vocabulary, default_vocabulary, is_key_task_header

FIELDS = ("task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")
# Offices in one cell are listed with these separators.
OFFICE_SEPARATORS = re.compile(r"[、，,；;/／]+")
# A title line sits at most this many of its own heights above the table.
TITLE_MAX_GAP = 4.0
NO_TASK_TABLE = (
    "no key-task table found (a table whose header names the task and at least two quarters); key_tasks is empty"
)


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
            if is_tail(table):  # a cut row's tail printed without rules: the last task's, in its column
                tail = _tail_map(grid, current) if current is not None and page.number - last_page == 1 else None
                if tail is not None:
                    parts.append(Part(grid, tail, 0, False))
                    last_page = page.number
                continue
            n_header, titles = header_rows(grid, vocab)
            if n_header:
                cmap = column_map(grid, n_header, vocab)
                if current is not None and page.number - last_page <= 1:
                    cmap = _fill_from(cmap, grid, current)
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


def _tail_map(grid: Grid, previous: ColumnMap) -> ColumnMap | None:
    """A tail's one column mapped to the key of the previous part's column it lies in."""
    x0, x1 = grid.xs[0], grid.xs[-1]
    key = next(
        (k for k, (px0, px1) in zip(previous.keys, previous.spans, strict=True)
         if abs(px0 - x0) <= EDGE_TOLERANCE * 2 and abs(px1 - x1) <= EDGE_TOLERANCE * 2),
        None,
    )
    return ColumnMap([key], [(x0, x1)]) if key is not None else None


def _fill_from(cmap: ColumnMap, grid: Grid, previous: ColumnMap) -> ColumnMap:
    """A repeated header that names fewer columns than the table it continues (a header word
    misread on a scan, 牵头领导 read as 牵头领顶) takes the missing keys from that table's columns
    at the same place; the words it did name stay as named."""
    missing = previous.found - cmap.found
    if not missing:
        return cmap
    remapped, _ = remap_columns(grid, previous)
    if remapped is None or len(remapped.keys) != len(cmap.keys):
        return cmap
    keys = [k if k is not None or r not in missing else r for k, r in zip(cmap.keys, remapped.keys, strict=True)]
    return ColumnMap(keys, cmap.spans, cmap.headers, cmap.unknown)


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
            if not any(cell_text(c) for c in row_cells if c is not None and grid.starts[id(c)][0] == r):
                continue  # nothing starts here: a spacer, or a row under cells merged from above
            if _is_heading_row(part, r):
                warnings.append(
                    f"page {part.page}: row spanning the whole table read as a heading, not a task: "
                    f"{cell_text(row_cells[0])[:30]!r}"
                )
                continue
            first_of_part = r == part.first_row
            if is_tail(grid.table) and tasks:  # goes on with the task the page break cut
                new = False
                no_cell = None
            elif no_cols:
                no_cell = grid.cover[r][no_cols[0]]
                new = (
                    no_cell is not None
                    and grid.starts[id(no_cell)][0] == r
                    and bool(cell_text(no_cell))
                )
            else:
                task_cells = _slot_cells(part, r, "task")
                started = [c for c in task_cells if grid.starts[id(c)][0] == r and cell_text(c)]
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


# A row number read by OCR can come out as a letter or stroke shaped like 1 (I, l, |, 丨); in a
# number cell that holds only figures and such shapes, they are the figure.
ONE_LIKE = str.maketrans({"I": "1", "l": "1", "|": "1", "丨": "1"})


def _number(text: str, ordinal: int) -> int | str:
    compact = unicodedata.normalize("NFKC", text).strip().rstrip(".、．").translate(ONE_LIKE)
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


__all__ = ["build_key_tasks", "departments_of", "find_parts", "key_task_title_lines", "title_lines"]
