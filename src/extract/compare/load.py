"""One side of a comparison: the work points, their sections and the key tasks of one document.

A side is read from a PDF or a text dump (through :func:`extract.pipeline.extract`, then the
``document.json`` form the export stage writes) or from a processed folder's ``document.json``,
so both kinds of input reach the comparison in the same shape.

**Work points** are the outline's nodes at the point level. In a part of the outline whose
top-level headings have headings under them (一、 over 1., 第一章 over 第一条), the top level is
the sections and the level under it the points; deeper headings belong to their point's text.
A part whose top-level headings have nothing under them is one section of points. Every part
of the outline (the notice's body, each attachment) contributes its points.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

CELLS = ("task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")
QUARTERS = ("q1", "q2", "q3", "q4")


@dataclass(frozen=True, slots=True)
class SectionRef:
    """A heading that holds points (or a whole part, when its headings are the points)."""

    index: int  # reading order among the side's sections
    part: str  # "body", "attachment 1" …
    heading: str  # as printed: label and title, the part's name first when several parts hold points
    title: str


@dataclass(frozen=True, slots=True)
class WorkPoint:
    index: int  # reading order among the side's points
    no: int | str
    label: str
    section: int  # SectionRef.index
    title: str
    body: str  # the point's own text, then each heading under it on a line of its own

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}" if self.body else self.title


@dataclass(frozen=True, slots=True)
class KeyTask:
    index: int
    no: int | str
    cells: dict[str, str]  # CELLS -> text (departments joined by 、)


@dataclass(slots=True)
class Side:
    """What the comparison reads of one document."""

    file: str
    sha256: str
    title: str
    sections: list[SectionRef] = field(default_factory=list)
    points: list[WorkPoint] = field(default_factory=list)
    key_tasks: list[KeyTask] = field(default_factory=list)


def load_side(path: str | Path, password: str | None = None) -> Side:
    """The side of ``path``: a processed folder (its ``document.json``), a PDF or a text dump.

    Raises :class:`~extract.errors.InputError` for what cannot be read, and for a document
    with neither work points nor key tasks, which leaves nothing to compare.
    """
    path = Path(path)
    if path.is_dir():
        data = _read_document_json(path)
    else:
        from ..export.outputs import document_json
        from ..pipeline import extract

        data = document_json(extract(path, password=password, enrich=False))
    side = side_from_json(data)
    if not side.points and not side.key_tasks:
        raise InputError(
            str(path),
            "no numbered work points and no key-task table found, so there is nothing to compare;"
            " diff compares documents with an outline (一、 1. …) or a key-task table",
        )
    return side


def _read_document_json(folder: Path) -> dict[str, Any]:
    file = folder / "document.json"
    if not file.is_file():
        raise InputError(
            str(folder), "is a folder without document.json; give a PDF, a text dump or a folder `extract run` wrote"
        )
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(str(file), f"cannot be read as JSON ({type(exc).__name__}); run `extract run` again") from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith("1.") or not isinstance(data.get("outline", []), list):
        raise InputError(str(file), "is not a gongwen-extract document.json of schema version 1.x")
    return data


def side_from_json(data: dict[str, Any]) -> Side:
    """The side held by a ``document.json`` (schema 1.x) already parsed into Python objects."""
    source = data.get("source") or {}
    notice = data.get("notice") or {}
    side = Side(
        file=str(source.get("file") or ""),
        sha256=str(source.get("sha256") or ""),
        title=str(notice.get("title") or (data.get("attachment") or {}).get("title") or ""),
    )
    parts = [p for p in data.get("outline") or [] if p.get("nodes")]
    for part in parts:
        name = _part_name(part) if len(parts) > 1 else ""
        nodes = part["nodes"]
        if any(n.get("children") for n in nodes):
            for node in nodes:
                if node.get("children"):
                    heading = _heading(node)
                    _add_section(side, part, f"{name} {heading}".strip(), node.get("title") or "", node["children"])
        else:
            heading = name or str(part.get("title") or part.get("part") or "")
            _add_section(side, part, heading, str(part.get("title") or ""), nodes)
    for row in (data.get("key_tasks") or {}).get("rows") or []:
        cells = {c: _cell(row.get(c)) for c in CELLS}
        side.key_tasks.append(KeyTask(len(side.key_tasks), row.get("no"), cells))
    return side


def _add_section(side: Side, part: dict[str, Any], heading: str, title: str, nodes: list[dict[str, Any]]) -> None:
    ref = SectionRef(len(side.sections), str(part.get("part") or ""), heading, title)
    side.sections.append(ref)
    for node in nodes:
        body = [node.get("body") or ""] + [_heading(c, with_body=True) for c in _descendants(node)]
        side.points.append(
            WorkPoint(
                index=len(side.points),
                no=node.get("no"),
                label=str(node.get("label") or ""),
                section=ref.index,
                title=str(node.get("title") or ""),
                body="\n".join(b for b in body if b),
            )
        )


def _descendants(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for child in node.get("children") or []:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _heading(node: dict[str, Any], with_body: bool = False) -> str:
    text = f"{node.get('label') or ''}{node.get('title') or ''}"
    if with_body and node.get("body"):
        text = f"{text}\n{node['body']}" if node.get("title") else f"{text}{node['body']}"
    return text


def _part_name(part: dict[str, Any]) -> str:
    return str(part.get("label") or part.get("part") or "")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
