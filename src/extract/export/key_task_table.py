"""The key-task table as the outputs write it: its columns and rows (CSV, xlsx, the review page)."""

from __future__ import annotations

from typing import Any

from ..model import Document

KEY_TASK_COLUMNS = ["no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark"]


def key_task_table(doc: Document) -> list[list[Any]]:
    return [
        [r.no, r.task, r.q1, r.q2, r.q3, r.q4, r.lead, "、".join(r.departments), r.remark or ""]
        for r in doc.key_tasks.rows
    ]
