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

from ...model import Box, Ruling, Table
from ..geometry import Grid, edge
from ..geometry import grids as ruled_grids
from ..lines import color_hex
from ..ruled_tables import place_in_tables as place_glyphs
from .graphics import PathShape

RULE_THICKNESS = 3.0
PAPER = "#ffffff"
MIN_EXTENT = 0.5
AXIS = 0.2  # points a straight segment may lean and still run along an axis
SNAP_PT = 3.0
JOIN_PT = 3.0
MEET_PT = 3.0


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


def _edges(found: list[Ruling]) -> list[dict[str, Any]]:
    edges = []
    for r in found:
        b = r.box
        if b.width >= b.height and b.width >= 1:
            y = (b.top + b.bottom) / 2
            edges.append(edge(b.x0, y, b.x1, y, "h"))
        elif b.height >= 1:
            x = (b.x0 + b.x1) / 2
            edges.append(edge(x, b.top, x, b.bottom, "v"))
    return edges


def grids(found: list[Ruling]) -> list[Grid]:
    """Each ruled grid's rows of cell boxes (None where a merged cell spans)."""
    return ruled_grids(_edges(found), SNAP_PT, JOIN_PT, MEET_PT)


def place_in_tables(page: int, found: list[Ruling], glyphs: list[dict]) -> tuple[list[Table], list[dict]]:
    """The page's ruled tables with their cells' lines, and the glyphs outside every table."""
    return place_glyphs(page, grids(found), glyphs)
