"""The comparison of two sides: paired points and key tasks with their labels, and the target changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..enrich import user_dictionary_info
from ..enrich.lexicon import Lexicon, get_lexicon, import_jieba
from .changes import FieldChange, point_changes, point_label, task_changes, task_label
from .load import QUARTERS, KeyTask, SectionRef, Side, WorkPoint
from .pairing import DEFAULT_THRESHOLD, Pair, Terms, assign, pair_sections, similarity_matrix, terms_of
from .targets import POINT_FIELDS, TASK_FIELDS, TargetChange, pair_target_changes


@dataclass(frozen=True, slots=True)
class PointPair:
    old: WorkPoint | None
    new: WorkPoint | None
    old_section: SectionRef | None
    new_section: SectionRef | None
    label: str
    similarity: float | None
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskPair:
    old: KeyTask | None
    new: KeyTask | None
    label: str
    similarity: float | None
    changes: tuple[FieldChange, ...] = ()


@dataclass(slots=True)
class Diff:
    old: Side
    new: Side
    threshold: float
    points: list[PointPair] = field(default_factory=list)
    key_tasks: list[TaskPair] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)
    method: dict[str, Any] = field(default_factory=dict)


def compare(old: Side, new: Side, threshold: float = DEFAULT_THRESHOLD) -> Diff:
    """Pair ``old``'s work points and key tasks with ``new``'s, label each pair, find the target changes."""
    lex = get_lexicon()
    lex.prepare(_texts(old) + _texts(new))
    diff = Diff(old, new, threshold, method=_method(threshold))
    diff.points = _point_pairs(lex, old, new, threshold)
    diff.key_tasks = _task_pairs(lex, old, new, threshold)
    for i, p in enumerate(diff.points):
        if p.old is not None and p.new is not None and p.label != "unchanged":
            fields = [(f, getattr(p.old, f), getattr(p.new, f)) for f in POINT_FIELDS]
            diff.targets.extend(pair_target_changes(lex, "point", p.old.no, p.new.no, fields, i))
    for i, t in enumerate(diff.key_tasks):
        if t.old is not None and t.new is not None and t.label != "unchanged":
            fields = [(f, t.old.cells[f], t.new.cells[f]) for f in TASK_FIELDS]
            diff.targets.extend(pair_target_changes(lex, "key_task", t.old.no, t.new.no, fields, i))
    return diff


def _texts(side: Side) -> list[str]:
    return [p.text for p in side.points] + [s.title for s in side.sections] + [
        text for t in side.key_tasks for text in t.cells.values()
    ]


def _method(threshold: float) -> dict[str, Any]:
    return {
        "segmenter": f"jieba {import_jieba().__version__}",
        "user_dictionary": user_dictionary_info(),
        "similarity": "Indel similarity of jieba term sequences (rapidfuzz); with titles on both sides, the better"
        " of that and its mean with the titles' similarity",
        "assignment": "linear_sum_assignment (scipy), maximum summed similarity",
        "threshold": threshold,
        "text_diff": "difflib, by character, whitespace ignored",
    }


def _point_pairs(lex: Lexicon, old: Side, new: Side, threshold: float) -> list[PointPair]:
    sim = similarity_matrix(
        [terms_of(lex, p.title, p.text) for p in old.points], [terms_of(lex, p.title, p.text) for p in new.points]
    )
    pairs = assign(sim, threshold)
    links = [(old.points[p.old].section, new.points[p.new].section) for p in pairs if _both(p)]
    headings = [[terms_of(lex, s.title, s.title) for s in side.sections] for side in (old, new)]
    counterpart = pair_sections(links, *headings)
    out = []
    for p in pairs:
        a = old.points[p.old] if p.old is not None else None
        b = new.points[p.new] if p.new is not None else None
        sa = old.sections[a.section] if a is not None else None
        sb = new.sections[b.section] if b is not None else None
        if a is None or b is None or sa is None or sb is None:
            out.append(PointPair(a, b, sa, sb, "new" if a is None else "dropped", None))
            continue
        moved = counterpart.get(sa.index) != sb.index
        out.append(PointPair(a, b, sa, sb, point_label(a, b, moved), p.similarity, point_changes(a, b, sa, sb, moved)))
    return out


def _task_pairs(lex: Lexicon, old: Side, new: Side, threshold: float) -> list[TaskPair]:
    def terms(t: KeyTask) -> Terms:
        return terms_of(lex, t.cells["task"], "\n".join([t.cells["task"], *(t.cells[q] for q in QUARTERS)]))

    pairs = assign(similarity_matrix([terms(t) for t in old.key_tasks], [terms(t) for t in new.key_tasks]), threshold)
    out = []
    for p in pairs:
        a = old.key_tasks[p.old] if p.old is not None else None
        b = new.key_tasks[p.new] if p.new is not None else None
        if a is None or b is None:
            out.append(TaskPair(a, b, "new" if a is None else "dropped", None))
            continue
        changes = task_changes(a, b)
        out.append(TaskPair(a, b, task_label(changes), p.similarity, changes))
    return out


def _both(p: Pair) -> bool:
    return p.old is not None and p.new is not None
