"""An OFD page's paths as the page model's rules, and its ruled tables.

Only what a reader sees is a rule: a stroke or fill with some opacity, in a colour other than the
paper's white (producers lay invisible full-page white paths over the text), of some extent, on the
page, and not painted over whole by a later opaque white fill. A rule is a straight stroked
segment along an axis, or a rectangle thinner than :data:`RULE_THICKNESS` (producers draw table
rules as thin filled rectangles). Ruled tables are found from those rules as a PDF's are: each rule
becomes an edge through its middle, and pdfplumber's own steps — edges merged, intersections,
cells, tables — make the grids; a table must hold text in two rows and two columns of cells.
"""

from __future__ import annotations

from typing import Any

from ...model import Box, Cell, Ruling, Table
from ..lines import build_lines, color_hex
from .graphics import PathShape

RULE_THICKNESS = 3.0
PAPER = "#ffffff"
MIN_EXTENT = 0.5
AXIS = 0.2  # points a straight segment may lean and still run along an axis
SNAP_PT = 3.0
JOIN_PT = 3.0
MEET_PT = 3.0
MIN_GRID = 2


def _stroked(shape: PathShape) -> bool:
    return shape.stroke and shape.stroke_alpha > 0 and color_hex(shape.stroke_colour) != PAPER


def _filled(shape: PathShape) -> bool:
    return shape.fill and shape.fill_alpha > 0 and color_hex(shape.fill_colour) != PAPER


def _paper_cover(shape: PathShape) -> bool:
    return shape.fill and shape.fill_alpha >= 1 and color_hex(shape.fill_colour) == PAPER


def visible(paths: list[PathShape], width: float, height: float) -> list[PathShape]:
    """The paths a reader sees, in painting order."""
    out: list[int] = []
    covers: list[int] = []
    for i, shape in enumerate(paths):
        if _paper_cover(shape):
            covers.append(i)
        x0, top, x1, bottom = shape.box
        if not (_stroked(shape) or _filled(shape)) or (x1 - x0 < MIN_EXTENT and bottom - top < MIN_EXTENT):
            continue
        if x1 <= 0 or x0 >= width or bottom <= 0 or top >= height:
            continue
        out.append(i)
    if covers:
        out = [i for i in out if not any(j > i and _covers(paths[j].box, paths[i].box) for j in covers)]
    return [paths[i] for i in out]


def _covers(cover: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (
        cover[0] <= inner[0] + 0.1 and cover[1] <= inner[1] + 0.1 and cover[2] >= inner[2] - 0.1
        and cover[3] >= inner[3] - 0.1
    )


def _is_rect(points: list[tuple[float, float]]) -> bool:
    pts = points[:-1] if len(points) > 1 and points[0] == points[-1] else points
    if len(pts) != 4:
        return False
    xs = sorted({round(x, 2) for x, _ in pts})
    ys = sorted({round(y, 2) for _, y in pts})
    return len(xs) <= 2 and len(ys) <= 2


def rules_of(shape: PathShape) -> list[Ruling]:
    """The rules one visible path draws (none when it is a glyph outline, a curve or a large box's fill).

    A path that also draws anything but straight segments and rectangles is a figure or a glyph's
    outline (the stem of 虫 is a thin rectangle): none of its pieces is a rule.
    """
    out: list[Ruling] = []
    pieces = []
    for points in shape.subpaths:
        unique = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(unique) > 2 and unique[-1] == unique[0]:
            unique = unique[:-1]
        if len(unique) > 2 and not _is_rect(unique):
            return []
        pieces.append(unique)
    for unique in pieces:
        xs = [x for x, _ in unique]
        ys = [y for _, y in unique]
        box = Box(min(xs), min(ys), max(xs), max(ys))
        colour = color_hex(shape.stroke_colour if _stroked(shape) else shape.fill_colour)
        if len(unique) == 2 and _stroked(shape):
            if box.height <= AXIS or box.width <= AXIS:
                out.append(Ruling(box, round(shape.line_width, 3), colour))
        elif _is_rect(unique):
            thin = min(box.width, box.height)
            if _filled(shape) and thin <= RULE_THICKNESS:
                out.append(Ruling(box, round(thin, 3), color_hex(shape.fill_colour)))
            elif _stroked(shape):  # a frame: its four sides are rules
                w = round(shape.line_width, 3)
                out += [
                    Ruling(Box(box.x0, box.top, box.x1, box.top), w, colour),
                    Ruling(Box(box.x0, box.bottom, box.x1, box.bottom), w, colour),
                    Ruling(Box(box.x0, box.top, box.x0, box.bottom), w, colour),
                    Ruling(Box(box.x1, box.top, box.x1, box.bottom), w, colour),
                ]
    return out


def rulings(paths: list[PathShape]) -> list[Ruling]:
    found = {r for shape in paths for r in rules_of(shape)}
    return sorted(found, key=lambda r: (r.box.top, r.box.x0, r.box.bottom, r.box.x1))


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
        "orientation": orientation, "object_type": "line",
    }


def _edges(found: list[Ruling]) -> list[dict[str, Any]]:
    edges = []
    for r in found:
        b = r.box
        if b.width >= b.height and b.width >= 1:
            y = (b.top + b.bottom) / 2
            edges.append(_edge(b.x0, y, b.x1, y, "h"))
        elif b.height >= 1:
            x = (b.x0 + b.x1) / 2
            edges.append(_edge(x, b.top, x, b.bottom, "v"))
    return edges


def grids(found: list[Ruling]) -> list[list[list[tuple[float, ...] | None]]]:
    """Each ruled grid's rows of cell boxes (None where a merged cell spans)."""
    from pdfplumber.table import Table as Finder
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = _edges(found)
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
        return []
    merged = merge_edges(edges, SNAP_PT, SNAP_PT, JOIN_PT, JOIN_PT)
    cells = intersections_to_cells(edges_to_intersections(merged, MEET_PT, MEET_PT))
    return [[list(row.cells) for row in Finder(None, group).rows] for group in cells_to_tables(cells)]


def place_in_tables(page: int, found: list[Ruling], glyphs: list[dict]) -> tuple[list[Table], list[dict]]:
    """The page's ruled tables with their cells' lines, and the glyphs outside every table."""
    tables: list[Table] = []
    free = list(glyphs)
    for grid in grids(found):
        held: dict[tuple[int, int], list[dict]] = {}
        rest = []
        for g in free:
            x, y = (g["x0"] + g["x1"]) / 2, (g["top"] + g["bottom"]) / 2
            for r, row in enumerate(grid):
                hit = next((c for c, b in enumerate(row) if b and b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
                if hit is not None:
                    held.setdefault((r, hit), []).append(g)
                    break
            else:
                rest.append(g)
        filled = [key for key, chars in held.items() if any(not ch["text"].isspace() for ch in chars)]
        if len({r for r, _ in filled}) < MIN_GRID or len({c for _, c in filled}) < MIN_GRID:
            continue  # a frame or a lone ruled box: its text stays the page's
        free = rest
        rows: list[list[Cell | None]] = []
        for r, row in enumerate(grid):
            cells: list[Cell | None] = []
            for c, bbox in enumerate(row):
                cells.append(None if bbox is None else Cell(r, c, Box(*bbox), build_lines(page, held.get((r, c), []))))
            rows.append(cells)
        tables.append(Table(page, Box.enclosing([Box(*b) for row in grid for b in row if b]), rows))
    return tables, free
