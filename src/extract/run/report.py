"""The end-of-batch report: how many documents are ok, partial and failed, and why."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .outcome import Outcome


def summary_lines(outcomes: Sequence[Outcome], seconds: float, jobs: int | str = 1) -> list[str]:
    """The ``summary:`` line and a small table: totals, then each partial and failed document with its reason."""
    n = len(outcomes)
    partial = [o for o in outcomes if o.status == "partial"]
    failed = [o for o in outcomes if o.status == "failed"]
    ok = n - len(partial) - len(failed)
    head = f"summary: {n - len(failed)} of {n} documents done ({ok} ok, {len(partial)} partial), {len(failed)} failed"
    if failed:
        head += ": " + ", ".join(_name(o) for o in failed)
    pages = sum(int(o.stats.get("pages", 0)) for o in outcomes)
    doc_seconds = sum(o.seconds for o in outcomes)
    lines = [
        head,
        f"  {'documents':>9}  {'ok':>5}  {'partial':>7}  {'failed':>6}  {'pages':>6}  {'seconds':>8}"
        f"  {'doc-seconds':>11}  jobs",
        f"  {n:>9}  {ok:>5}  {len(partial):>7}  {len(failed):>6}  {pages:>6}  {seconds:>8.1f}"
        f"  {doc_seconds:>11.1f}  {jobs}",
    ]
    if partial:
        lines.append("  partial documents:")
        lines.extend(f"    {_name(o)}  {'; '.join(o.reasons)}" for o in partial)
    if failed:
        lines.append("  failed documents:")
        for o in failed:
            name = _name(o)
            reason = o.error or ""
            if reason.startswith(f"{o.input}: "):
                reason = reason[len(o.input) + 2:]
            lines.append(f"    {name}  {reason}")
    return lines


def strict_failures(outcomes: Sequence[Outcome]) -> list[str]:
    """``strict: <input>: <why>`` for each document that fails ``--strict``: partial, or with anomalies."""
    lines = []
    for o in outcomes:
        if o.status == "failed":
            continue
        why = [f"partial ({'; '.join(o.reasons)})"] if o.status == "partial" else []
        anomalies = int(o.stats.get("anomalies") or 0)
        if anomalies:
            why.append(f"{anomalies} {'anomaly' if anomalies == 1 else 'anomalies'}")
        if why:
            lines.append(f"strict: {o.input}: {', '.join(why)}")
    return lines


class InOrder:
    """Hands outcomes on as documents finish, in input order: each waits only for the inputs before it.

    ``order`` is the inputs as the batch runs them (:func:`~extract.run.batch.plan`), ``known`` the
    outcomes decided before any work (they never reach the batch's ``on_outcome``).
    """

    def __init__(self, order: Sequence[str | Path], emit: Callable[[Outcome], None],
                 known: Iterable[Outcome] = ()) -> None:
        self._order = [str(p) for p in order]
        self._emit = emit
        self._waiting: dict[str, Outcome] = {}
        self._next = 0
        for outcome in known:
            self(outcome)

    def __call__(self, outcome: Outcome) -> None:
        self._waiting[outcome.input] = outcome
        while self._next < len(self._order) and self._order[self._next] in self._waiting:
            self._emit(self._waiting.pop(self._order[self._next]))
            self._next += 1

    def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Everything not handed on yet (all of it when nothing was streamed), in input order."""
        for outcome in outcomes[self._next:]:
            self._emit(outcome)
        self._next = len(outcomes)


def _name(outcome: Outcome) -> str:
    """The input's file name, quoted and escaped when it holds control characters or bytes not UTF-8."""
    name = Path(outcome.input).name
    return name if name.isprintable() else repr(name)


def document_stats(doc: Any, quality: dict[str, Any]) -> dict[str, Any]:
    """What a document's status line and the batch report show of it (small: it travels between processes)."""
    from ..export.quality import summary_lines as quality_lines

    return {
        "pages": doc.source.pages,
        "sections": len(doc.sections),
        "key_task_rows": len(doc.key_tasks.rows),
        "changes": len(doc.changes),
        "warnings": len(doc.warnings),
        "unassigned_chars": quality["coverage"]["unassigned_chars"],
        "anomalies": quality["anomalies"],
        "quality_summary": quality_lines(quality, tables=len(doc.tables)),
    }
