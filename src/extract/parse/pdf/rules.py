"""Drawn rules a reader can see, and the ones no reader sees.

Producers draw much that is not on the paper: LibreOffice fills every text frame
with a white rectangle, Word draws page borders in the background colour, some
PDFs paint a rule and then cover it, or draw it outside the page. A table finder
that trusts those would enclose whole pages of text in "cells". Only what is
visible is a rule: stroked or filled in a colour other than the page's white, of
some extent, on the page, not hidden by the clip path in force when it was painted, and not
painted over by a later opaque white fill.
"""

from __future__ import annotations

from typing import Any

from ...model import Box, Ruling
from ..lines import char_box, color_hex
from .open_cells import closing_edges

# Rules thinner than this (in points) are drawn lines even when the PDF paints them as rectangles.
RULE_THICKNESS = 3.0
# The colour of the paper; text and rules in it are invisible.
PAPER = "#ffffff"
# A drawing smaller than this in both directions is a dot, not a rule.
MIN_EXTENT = 0.5


def _painted(obj: dict) -> bool:
    """Whether the object leaves ink: a stroke or a fill in a colour that is not the paper's."""
    stroke = obj.get("stroke", obj.get("object_type") == "line")
    fill = bool(obj.get("fill"))
    stroked = stroke and color_hex(obj.get("stroking_color")) != PAPER
    filled = fill and color_hex(obj.get("non_stroking_color")) != PAPER
    return stroked or filled


def _paper_fill(obj: dict) -> bool:
    return bool(obj.get("fill")) and color_hex(obj.get("non_stroking_color")) == PAPER and obj["object_type"] == "rect"


def _covers(cover: dict, obj: dict) -> bool:
    return (
        cover["x0"] <= obj["x0"] + 0.1
        and cover["x1"] >= obj["x1"] - 0.1
        and cover["top"] <= obj["top"] + 0.1
        and cover["bottom"] >= obj["bottom"] - 0.1
    )


def visible(objs: list[dict], width: float, height: float) -> list[dict]:
    """The drawn objects a reader sees, in painting order (``objs`` in the order the page paints them)."""
    page = Box(0.0, 0.0, width, height)
    out: list[int] = []
    covers: list[int] = []
    for i, obj in enumerate(objs):
        if _paper_fill(obj):
            covers.append(i)
        box = char_box(obj)
        if not _painted(obj) or (box.width < MIN_EXTENT and box.height < MIN_EXTENT) or obj.get("clipped"):
            continue
        if box.x1 <= page.x0 or box.x0 >= page.x1 or box.bottom <= page.top or box.top >= page.bottom:
            continue
        out.append(i)
    if covers:
        # Painted over: a later opaque paper-coloured fill hides it whole.
        out = [i for i in out if not any(j > i and _covers(objs[j], objs[i]) for j in covers)]
    return [objs[i] for i in out]


def rulings(drawn: list[dict]) -> list[Ruling]:
    """The page's rules: drawn lines, and rectangles thin enough to be lines."""
    out = []
    for obj in drawn:
        box = char_box(obj)
        if obj["object_type"] == "line":
            out.append(Ruling(box, float(obj.get("linewidth") or 0.0), color_hex(obj.get("stroking_color"))))
        elif obj["object_type"] == "rect" and min(box.width, box.height) <= RULE_THICKNESS:
            color = obj.get("non_stroking_color") if obj.get("fill") else obj.get("stroking_color")
            out.append(Ruling(box, min(box.width, box.height), color_hex(color)))
    return sorted(set(out), key=lambda r: (r.box.top, r.box.x0, r.box.bottom, r.box.x1))


def table_settings(drawn: list[dict]) -> dict[str, Any] | None:
    """Table-finder settings that take the page's visible rules as explicit edges.

    pdfplumber's default "lines" strategy derives its edges from every object of the
    page, the invisible ones too; handing it the visible rules as explicit edges
    finds tables only where a reader sees them.
    """
    from ..geometry import utils

    filter_edges, obj_to_edges = utils().filter_edges, utils().obj_to_edges
    # The "lines" strategy drops edges shorter than its prefilter length before merging.
    edges = filter_edges([e for obj in drawn for e in obj_to_edges(obj)], min_length=1)
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return None  # no cell can be enclosed
    horizontal += closing_edges(vertical, horizontal)  # a table open at a page break
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
    }
