"""The notice being filled: each element's reader adds its fields, normalized, with where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Line, Notice
from ...normalize import Normalizer
from ..paragraphs import Frame, where_of


@dataclass
class NoticeFields:
    frame: Frame
    norm: Normalizer
    notice: Notice = field(default_factory=Notice)

    def text(self, name: str, lines: list[Line]) -> str:
        """The normalized text of a field (every change logged under ``notice/<name>``)."""
        return self.norm.field(f"notice/{name}", lines)

    def put_where(self, key: str, lines: list[Line]) -> None:
        if lines:
            self.notice.where[key] = where_of(lines)
