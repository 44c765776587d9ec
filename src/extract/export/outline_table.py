"""The outline as exported: its document.json block and outline.csv, one row per heading."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Document, OutlineNode, OutlinePart
from .provenance import Provenance

OUTLINE_COLUMNS = ["part", "path", "level", "label", "no", "title", "body", "pages"]


def node_json(node: OutlineNode, prov: Provenance) -> dict[str, Any]:
    return {
        "level": node.level,
        "label": node.label,
        "no": node.no,
        "title": node.title,
        "body": node.body,
        "children": [node_json(child, prov) for child in node.children],
        "pages": node.pages,
        "where": prov.where(node.where),
    }


def part_json(part: OutlinePart, prov: Provenance) -> dict[str, Any]:
    return {
        "part": part.part,
        "label": part.label,
        "title": part.title,
        "preamble": part.preamble,
        "nodes": [node_json(node, prov) for node in part.nodes],
        "where": {key: prov.where(items) for key, items in sorted(part.where.items())},
    }


def outline_json(doc: Document, prov: Provenance | None = None) -> list[dict[str, Any]]:
    prov = prov if prov is not None else Provenance.of(doc)
    return [part_json(part, prov) for part in doc.outline]


def walk(nodes: list[OutlineNode], prefix: str = "") -> Iterator[tuple[str, OutlineNode]]:
    """(path, node) depth-first in reading order; the path numbers each node among its siblings
    by position (2.3.1: the first child of the third child of the second heading)."""
    for i, node in enumerate(nodes, start=1):
        path = f"{prefix}{i}"
        yield path, node
        yield from walk(node.children, f"{path}.")


def outline_table(doc: Document) -> list[list[Any]]:
    return [
        [part.part, path, node.level, node.label, node.no, node.title, node.body, ";".join(map(str, node.pages))]
        for part in doc.outline
        for path, node in walk(part.nodes)
    ]
