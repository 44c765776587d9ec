"""``where`` as exported: the page and box each value was read from."""

from __future__ import annotations

from typing import Any

from ..model import Where


def where_json(items: list[Where]) -> list[dict[str, Any]]:
    """``[{"page", "box"?, "line"?}]``: the box in PDF points, the line number of a text input."""
    out = []
    for w in items:
        entry: dict[str, Any] = {"page": w.page}
        if w.box is not None:
            entry["box"] = w.box.as_list()
        if w.line_no is not None:
            entry["line"] = w.line_no
        out.append(entry)
    return out
