"""Table stage: the key-task table across pages, with quarter columns (issue 5)."""

from __future__ import annotations

from .model import KeyTasks, ParsedDocument
from .normalize import Normalizer


def build_key_tasks(parsed: ParsedDocument, norm: Normalizer) -> tuple[KeyTasks, list[str]]:
    return KeyTasks(), []
