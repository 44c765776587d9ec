"""Target changes: a number with its unit that reads differently in the same place of a pair.

Quantities are found by the enrichment's own reader (:func:`extract.enrich.targets.find_quantities`:
value, range, unit, bound and subject) in each text field of both sides of a pair: a point's
title and body, a key task's own text and each quarter's milestone, so that a quarterly series
that moved (60 → 65 → 75 → 90 % becoming 70 → 75 → 85 → 95 %) gives one change per quarter.
An old quantity's place is carried into the new text through the character diff, and it is
matched with the new quantity of the same unit found there (an optimal assignment over the
overlap, so two numbers side by side cannot both take the same one). A match whose value,
upper value or bound differs is a change: ``up``, ``down``, or ``changed`` for a different bound
or a value that is neither (a range becoming a single number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..enrich.lexicon import Lexicon
from ..enrich.targets import find_quantities
from .changes import opcodes

POINT_FIELDS = ("title", "body")
TASK_FIELDS = ("task", "q1", "q2", "q3", "q4")

Number = int | float


@dataclass(frozen=True, slots=True)
class TargetChange:
    kind: str  # "point" | "key_task"
    old_no: int | str | None
    new_no: int | str | None
    field: str
    quarter: int | None
    subject: str
    unit: str
    old_value: Number
    old_value_max: Number | None
    old_bound: str
    old_text: str
    new_value: Number
    new_value_max: Number | None
    new_bound: str
    new_text: str
    direction: str  # up | down | changed
    context: str  # the new text's clause around the quantity
    pair: int = -1  # index of its pair among the diff's points or key tasks (by kind)


def _mapped_span(ops: list[tuple[str, int, int, int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Where the old characters ``start:end`` went in the new text (a span, possibly empty), or None."""
    lo: int | None = None
    hi: int | None = None
    for tag, i1, i2, j1, j2 in ops:
        a, b = max(start, i1), min(end, i2)
        if a >= b:
            continue
        if tag == "equal":
            s, e = j1 + a - i1, j1 + b - i1
        else:  # replaced or deleted characters went to the new side's edited run (empty when deleted)
            s, e = j1, j2
        lo = s if lo is None else min(lo, s)
        hi = e if hi is None else max(hi, e)
    return None if lo is None or hi is None else (lo, hi)


def _overlap(span: tuple[int, int], start: int, end: int) -> float:
    lo, hi = span
    shared = min(hi, end) - max(lo, start)
    if shared > 0:
        return float(shared)
    # a deleted number lands on an empty span: touching the new quantity still places it there
    return 0.5 if lo == hi and start <= lo <= end else 0.0


def _direction(old: dict[str, Any], new: dict[str, Any]) -> str:
    if old["bound"] == new["bound"] and (old["value_max"] is None) == (new["value_max"] is None):
        before = (old["value"], old["value_max"] or 0)
        after = (new["value"], new["value_max"] or 0)
        if all(b >= a for a, b in zip(before, after, strict=True)):
            return "up"
        if all(b <= a for a, b in zip(before, after, strict=True)):
            return "down"
    return "changed"


def field_changes(lex: Lexicon, old_text: str, new_text: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(old quantity, new quantity) for each quantity of ``old_text`` whose counterpart in ``new_text`` differs."""
    if not old_text or not new_text or old_text == new_text:
        return []
    olds, news = find_quantities(lex, old_text), find_quantities(lex, new_text)
    if not olds or not news:
        return []
    from scipy.optimize import linear_sum_assignment

    ops = opcodes(old_text, new_text)
    score = np.zeros((len(olds), len(news)))
    for i, q in enumerate(olds):
        span = _mapped_span(ops, q["start"], q["end"])
        if span is None:
            continue
        for j, r in enumerate(news):
            if r["unit"] == q["unit"]:
                score[i, j] = _overlap(span, r["start"], r["end"])
    out = []
    for i, j in zip(*linear_sum_assignment(-score), strict=True):
        q, r = olds[i], news[j]
        if score[i, j] > 0 and (q["value"], q["value_max"], q["bound"]) != (r["value"], r["value_max"], r["bound"]):
            out.append((q, r))
    return sorted(out, key=lambda pair: pair[1]["start"])


def pair_target_changes(
    lex: Lexicon,
    kind: str,
    old_no: int | str | None,
    new_no: int | str | None,
    fields: list[tuple[str, str, str]],  # (field, old text, new text)
    pair: int = -1,
) -> list[TargetChange]:
    out = []
    for name, old_text, new_text in fields:
        quarter = int(name[1]) if name in ("q1", "q2", "q3", "q4") else None
        for q, r in field_changes(lex, old_text, new_text):
            out.append(
                TargetChange(
                    kind=kind, old_no=old_no, new_no=new_no, field=name, quarter=quarter,
                    subject=r["subject"] or q["subject"], unit=r["unit"],
                    old_value=q["value"], old_value_max=q["value_max"], old_bound=q["bound"], old_text=q["text"],
                    new_value=r["value"], new_value_max=r["value_max"], new_bound=r["bound"], new_text=r["text"],
                    direction=_direction(q, r), context=r["context"], pair=pair,
                )
            )  # fmt: skip
    return out
