"""Structure stage: notice metadata, attachment, sections and numbered points (issue 4)."""

from __future__ import annotations

from .model import Attachment, Notice, ParsedDocument, Section
from .normalize import Normalizer


def build_structure(parsed: ParsedDocument, norm: Normalizer) -> tuple[Notice, Attachment, list[Section]]:
    return Notice(), Attachment(), []
