"""diff.json, diff.csv and diff.html, written so that a failure leaves earlier outputs whole.

``diff.json`` follows ``schema/diff.schema.json``; every list is in a fixed order (the new
document's reading order, dropped items where they stood) and nothing depends on the run (no
timestamps, no paths but the inputs' file names), so the same inputs give byte-identical files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ..export.outputs import csv_text, dumps
from ..version import __version__
from .changes import POINT_LABELS, TASK_LABELS, FieldChange
from .diff import Diff, PointPair, TaskPair
from .load import Side
from .targets import TargetChange

DIFF_VERSION = "1.0.0"
CSV_COLUMNS = [
    "kind", "old_no", "new_no", "old_section", "new_section", "label", "similarity", "changed_fields",
    "old_title", "new_title", "target_changes",
]  # fmt: skip


def _num(v: float | int | None) -> float | int | None:
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, 4)
    return v


def _change_json(c: FieldChange) -> dict[str, Any]:
    out: dict[str, Any] = {"field": c.field, "old": c.old, "new": c.new}
    if c.field != "section":
        out["diff"] = [{"op": op, "text": text} for op, text in c.diff]
    return out


def _point_json(p: PointPair) -> dict[str, Any]:
    return {
        "old_no": p.old.no if p.old else None,
        "new_no": p.new.no if p.new else None,
        "old_section": p.old_section.heading if p.old_section else None,
        "new_section": p.new_section.heading if p.new_section else None,
        "old_title": p.old.title if p.old else None,
        "new_title": p.new.title if p.new else None,
        "label": p.label,
        "similarity": p.similarity,
        "changes": [_change_json(c) for c in p.changes],
    }


def _task_json(t: TaskPair) -> dict[str, Any]:
    return {
        "old_no": t.old.no if t.old else None,
        "new_no": t.new.no if t.new else None,
        "old_section": None,
        "new_section": None,
        "old_title": t.old.cells["task"] if t.old else None,
        "new_title": t.new.cells["task"] if t.new else None,
        "label": t.label,
        "similarity": t.similarity,
        "changes": [_change_json(c) for c in t.changes],
    }


def target_json(t: TargetChange) -> dict[str, Any]:
    return {
        "kind": t.kind,
        "old_no": t.old_no,
        "new_no": t.new_no,
        "field": t.field,
        "quarter": t.quarter,
        "subject": t.subject,
        "unit": t.unit,
        "old": {"value": _num(t.old_value), "value_max": _num(t.old_value_max), "bound": t.old_bound,
                "text": t.old_text},
        "new": {"value": _num(t.new_value), "value_max": _num(t.new_value_max), "bound": t.new_bound,
                "text": t.new_text},
        "direction": t.direction,
        "context": t.context,
    }  # fmt: skip


def _side_json(side: Side) -> dict[str, Any]:
    return {
        "file": side.file,
        "sha256": side.sha256,
        "title": side.title,
        "points": len(side.points),
        "key_tasks": len(side.key_tasks),
    }


def summary(diff: Diff) -> dict[str, Any]:
    """How many pairs carry each label, and how many targets changed."""
    return {
        "points": {label: sum(p.label == label for p in diff.points) for label in POINT_LABELS},
        "key_tasks": {label: sum(t.label == label for t in diff.key_tasks) for label in TASK_LABELS},
        "targets": len(diff.targets),
    }


def diff_json(diff: Diff) -> dict[str, Any]:
    """The ``diff.json`` contract (``schema/diff.schema.json``)."""
    return {
        "diff_version": DIFF_VERSION,
        "generator": f"extract {__version__}",
        "old": _side_json(diff.old),
        "new": _side_json(diff.new),
        "method": diff.method,
        "summary": summary(diff),
        "points": [_point_json(p) for p in diff.points],
        "key_tasks": [_task_json(t) for t in diff.key_tasks],
        "targets": [target_json(t) for t in diff.targets],
    }


def _target_words(t: TargetChange) -> str:
    where = f"q{t.quarter}" if t.quarter else t.field
    subject = f" {t.subject}" if t.subject else ""
    return f"{where}{subject}: {t.old_text} → {t.new_text}"


def csv_rows(diff: Diff, data: dict[str, Any]) -> list[list[Any]]:
    """One row per pair, points first, then key tasks (:data:`CSV_COLUMNS`); ``data`` is :func:`diff_json`'s."""
    by_pair: dict[tuple[str, int], list[str]] = {}
    for t in diff.targets:
        by_pair.setdefault((t.kind, t.pair), []).append(_target_words(t))
    rows = []
    for kind, items in (("point", data["points"]), ("key_task", data["key_tasks"])):
        for i, d in enumerate(items):
            rows.append([
                kind, d["old_no"], d["new_no"], d["old_section"], d["new_section"], d["label"], d["similarity"],
                ";".join(c["field"] for c in d["changes"]), d["old_title"], d["new_title"],
                "; ".join(by_pair.get((kind, i), [])),
            ])  # fmt: skip
    return [["" if v is None else v for v in row] for row in rows]


def write_diff(diff: Diff, out_dir: str | Path) -> list[Path]:
    """Write diff.json, diff.csv and diff.html into ``out_dir`` (created when absent).

    Every file is rendered first, then written beside its final name and renamed into
    place, so an error never leaves a half-written file or a mix of old and new ones.
    """
    from .report_html import render_html

    data = diff_json(diff)
    files = {
        "diff.json": dumps(data),
        "diff.csv": csv_text(CSV_COLUMNS, csv_rows(diff, data), bom=True),
        "diff.html": render_html(diff, data),
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    temps: dict[str, Path] = {}
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.chmod(tmp, 0o644)
            temps[name] = Path(tmp)
        for name, tmp in temps.items():
            os.replace(tmp, out / name)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
    return [out / name for name in files]
