"""Cells a page break leaves open, closed for the table finder.

A table that runs over a page break is drawn open there: the producer prints no rule
under its last row on the first page, nor over the cells a merged cell continues into
on the next (a label running down the page). Its column rules still stop together at
the break, so the cells are plain to a reader; pdfplumber's finder, which needs a rule
on all four sides, would drop them and leave their text to the page. Where two
neighbouring column rules of a grid end at the same height and no rule joins them there,
the rule the producer left out is added between them.
"""

from __future__ import annotations

from typing import Any

# Rule ends this close (points) are at the same height, or meet.
TOUCH = 1.5
# Pieces of one rule this far apart (points) at most are one rule, as the table finder joins them.
JOIN = 3.0
# A column rule of a grid is met by at least this many row rules along its length.
GRID_CROSSINGS = 2


def _meets(h: dict, x: float, y: float) -> bool:
    return abs(h["top"] - y) <= TOUCH and h["x0"] - TOUCH <= x <= h["x1"] + TOUCH


def _crossings(v: dict, horizontal: list[dict]) -> int:
    x, top, bottom = v["x0"], v["top"] - TOUCH, v["bottom"] + TOUCH
    return sum(1 for h in horizontal if h["x0"] - TOUCH <= x <= h["x1"] + TOUCH and top <= h["top"] <= bottom)


def _edge(x0: float, x1: float, y: float) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": y,
        "bottom": y,
        "width": x1 - x0,
        "height": 0.0,
        "orientation": "h",
        "object_type": "line",
    }


def _runs(vertical: list[dict]) -> list[dict]:
    """Column rules drawn in pieces (one per row, as word processors draw them) joined into whole rules."""
    runs: list[dict] = []
    for v in sorted(vertical, key=lambda e: (round(e["x0"]), e["top"])):
        last = runs[-1] if runs else None
        if last is not None and abs(last["x0"] - v["x0"]) <= TOUCH and v["top"] - last["bottom"] <= JOIN:
            last["bottom"] = max(last["bottom"], v["bottom"])
        else:
            runs.append({"x0": v["x0"], "top": v["top"], "bottom": v["bottom"]})
    return runs


def closing_edges(vertical: list[dict], horizontal: list[dict]) -> list[dict[str, Any]]:
    """Row rules to add where neighbouring column rules of a grid end together with none joining them."""
    columns = [v for v in _runs(vertical) if _crossings(v, horizontal) >= GRID_CROSSINGS]
    out: list[dict[str, Any]] = []
    for end in ("top", "bottom"):
        ends = sorted((v[end], v["x0"]) for v in columns)
        groups: list[list[tuple[float, float]]] = []
        for y, x in ends:
            if groups and y - groups[-1][0][0] <= TOUCH:
                groups[-1].append((y, x))
            else:
                groups.append([(y, x)])
        for group in groups:
            xs = sorted({round(x, 1) for _, x in group})
            y = group[0][0]
            for a, b in zip(xs, xs[1:], strict=False):
                if b - a <= TOUCH:
                    continue
                open_end = not all(any(_meets(h, x, y) for h in horizontal) for x in (a, b))
                if open_end and not any(_meets(h, (a + b) / 2, y) for h in horizontal):
                    out.append(_edge(a, b, y))
    return out


__all__ = ["closing_edges"]
