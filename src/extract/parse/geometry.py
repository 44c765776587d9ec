"""pdfplumber's table geometry and glyph clustering, without pdfplumber's PDF reader.

``import pdfplumber`` first runs the package's ``__init__``, which loads pdfminer's document parser
and, through it, the cryptography package: about 27 MB and 0.1 s of CPU in every run, for a reader
the PDFium engine does not use. The geometry (``pdfplumber.table``: merge_edges,
edges_to_intersections, intersections_to_cells, cells_to_tables; ``pdfplumber.utils``: edges of
drawn objects, dedupe_chars) lives in modules that need none of it, so they are imported here from
pdfplumber's own folder under a private package name, the package's ``__init__`` not run. Nor is
``pdfplumber.utils``'s own ``__init__``: it loads ``pdfinternals`` and with it pdfminer (0.025 s
with the package metadata pdfminer reads for its version); its geometry, clustering and text
helpers are gathered as that ``__init__`` gathers them, and ``pdfinternals`` is loaded when one of
its names is first asked for. The code is pdfplumber's, unchanged; a process that also imports
``pdfplumber`` (the pdfminer engine, the notebook's drawings) simply holds both.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
from typing import Any

_PACKAGE = "extract._pdfplumber_geometry"
# pdfplumber.utils's modules that need no PDF reader, in the order its ``__init__`` imports them.
_PURE_UTILS = ("clustering", "generic", "geometry", "text")


def _bare_package(name: str, path: list[str]) -> types.ModuleType:
    package = types.ModuleType(name)
    package.__path__ = path
    package.__package__ = name
    sys.modules[name] = package
    return package


def _package() -> str:
    if _PACKAGE not in sys.modules:
        spec = importlib.util.find_spec("pdfplumber")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("pdfplumber is not installed")
        roots = list(spec.submodule_search_locations)
        _bare_package(_PACKAGE, roots)
        name = f"{_PACKAGE}.utils"
        utils_package = _bare_package(name, [os.path.join(root, "utils") for root in roots])
        for sub in _PURE_UTILS:
            module = importlib.import_module(f"{name}.{sub}")
            utils_package.__dict__.update((k, v) for k, v in vars(module).items() if not k.startswith("_"))

        def lazy(attribute: str) -> Any:
            if attribute.startswith("__"):
                raise AttributeError(attribute)
            internals = importlib.import_module(f"{name}.pdfinternals")
            try:
                return getattr(internals, attribute)
            except AttributeError:
                raise AttributeError(f"module {name!r} has no attribute {attribute!r}") from None

        utils_package.__getattr__ = lazy  # type: ignore[method-assign]
    return _PACKAGE


def table() -> Any:
    """pdfplumber's ``table`` module."""
    return importlib.import_module(f"{_package()}.table")


def utils() -> Any:
    """pdfplumber's ``utils`` package."""
    return importlib.import_module(f"{_package()}.utils")


def edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    """A rule as pdfplumber's table geometry takes it: a zero-thickness line, ``h`` or ``v``."""
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
        "orientation": orientation, "object_type": "line",
    }


Grid = list[list[tuple[float, float, float, float] | None]]


def grids(edges: list[dict[str, Any]], snap: float, join: float, meet: float) -> list[Grid]:
    """Each ruled grid the edges enclose, as rows of cell boxes (None where a merged cell spans): edges
    ``snap`` points apart merged, ``join`` points apart joined, meeting within ``meet`` points — the
    steps pdfplumber's table finder takes on a text layer's rules, for rules from elsewhere (a scan's
    pixels, an OFD's paths)."""
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
        return []
    t = table()
    merged = t.merge_edges(edges, snap, snap, join, join)
    cells = t.intersections_to_cells(t.edges_to_intersections(merged, meet, meet))
    return [[list(row.cells) for row in t.Table(None, group).rows] for group in t.cells_to_tables(cells)]
