"""The end-of-batch report: how many documents are ok, partial and failed, and why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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
        head += ": " + ", ".join(Path(o.input).name for o in failed)
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
        lines.extend(f"    {Path(o.input).name}  {'; '.join(o.reasons)}" for o in partial)
    if failed:
        lines.append("  failed documents:")
        for o in failed:
            name = Path(o.input).name
            reason = o.error or ""
            if reason.startswith(f"{o.input}: "):
                reason = reason[len(o.input) + 2:]
            lines.append(f"    {name}  {reason}")
    return lines
