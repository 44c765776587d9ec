"""What every rule reads: the document, its pages and frame, the printed lines of each element,
and the report being filled (findings, rules checked, rules that do not apply or cannot be checked)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..model import Box, Conformance, Document, Finding, Line, Page, RuleStatus, Where
from ..structure.paragraphs import Frame
from .rules import RULES

MM = 72 / 25.4  # points per millimetre


@dataclass
class Context:
    doc: Document
    frame: Frame
    layout: str
    report: Conformance = field(init=False)

    def __post_init__(self) -> None:
        self.report = Conformance(self.layout)

    # ---- the input --------------------------------------------------------------------------

    @property
    def pages(self) -> list[Page]:
        return self.doc.parsed.pages if self.doc.parsed is not None else []

    @property
    def text_input(self) -> bool:
        """A text dump: its boxes count characters and file lines, so nothing can be measured."""
        return any(line.line_no is not None for page in self.pages for line in page.lines[:1])

    @property
    def scanned(self) -> bool:
        return any(page.ocr for page in self.pages)

    def lines_at(self, where: list[Where], furniture: bool = False) -> list[Line]:
        """The printed lines under the boxes of an element, in reading order."""
        out: list[Line] = []
        by_number = {page.number: page for page in self.pages}
        for w in where:
            page = by_number.get(w.page)
            if page is None or w.box is None:
                continue
            pool = [*page.lines, *page.furniture] if furniture else page.lines
            for line in pool:
                cx, cy = (line.box.x0 + line.box.x1) / 2, (line.box.top + line.box.bottom) / 2
                if w.box.contains_point(cx, cy, slack=1.0) and line not in out:
                    out.append(line)
        return out

    def element_lines(self, key: str) -> list[Line]:
        return self.lines_at(self.doc.notice.where.get(key, []))

    # ---- the report -------------------------------------------------------------------------

    def checked(self, rule: str) -> None:
        if rule not in self.report.checked:
            self.report.checked.append(rule)

    def not_applicable(self, rule: str, reason: str) -> None:
        self.report.not_applicable.append(RuleStatus(rule, RULES[rule].clause, reason))

    def not_checkable(self, rule: str, reason: str) -> None:
        self.report.not_checkable.append(RuleStatus(rule, RULES[rule].clause, reason))

    def laid_out(self, rule: str, reason: str) -> bool:
        """Whether the input has a layout to check ``rule`` on (it is then counted as checked); a text
        input has none, and the rule is listed as not checkable for ``reason``."""
        if self.text_input:
            self.not_checkable(rule, reason)
            return False
        self.checked(rule)
        return True

    def find(
        self, rule: str, severity: str, found: str, expected: str, lines: list[Line] | None = None,
        where: list[Where] | None = None, measured: bool = False,
    ) -> None:
        """A finding at the lines it was read from (or at ``where``); its basis from those lines."""
        self.checked(rule)
        # given places stay apart (both headings of a gap); an element's lines make one box a page
        spot = list(dict.fromkeys(where)) if where else _merge([Where(n.page, n.box, n.line_no) for n in lines or []])
        ocr = [line.confidence for line in lines or [] if line.origin == "ocr" and line.confidence is not None]
        if not ocr and where:
            ocr = [line.confidence for line in self.lines_at(where) if line.origin == "ocr" and line.confidence]
        basis = "measured" if measured else ("ocr" if ocr else "text")
        self.report.findings.append(
            Finding(
                RULES[rule].element, rule, RULES[rule].clause, severity, found, expected, basis,
                tuple(spot), round(min(ocr), 4) if ocr else None,
            )
        )


def _merge(where: list[Where]) -> list[Where]:
    """One box per page for a finding over several lines."""
    boxes: dict[int, Box] = {}
    line_no: dict[int, int | None] = {}
    for w in where:
        if w.box is None:
            boxes.setdefault(w.page, None)  # type: ignore[arg-type]
            continue
        boxes[w.page] = boxes[w.page].union(w.box) if boxes.get(w.page) is not None else w.box
        line_no.setdefault(w.page, w.line_no)
    return [Where(page, box, line_no.get(page)) for page, box in sorted(boxes.items())]


def font_name(font: str) -> str:
    """A font's name for people: without its subset prefix (ABCDEE+), and decoded where the PDF named
    it in GBK bytes that reached us as their repr (b'\\xbb\\xaa…' is 华文…)."""
    if font.startswith(("b'", 'b"')) and font.endswith(font[1]):
        try:
            font = codecs.escape_decode(font[2:-1])[0].decode("gbk")  # type: ignore[attr-defined]
        except (ValueError, UnicodeDecodeError):
            pass
    return re.sub(r"^[A-Z]{6}\+", "", font)


def printed(lines: list[Line]) -> str:
    """The lines' text as printed (without the spaces the parse stage put into glyph gaps), joined."""
    out = []
    for line in lines:
        out.append("".join(ch for i, ch in enumerate(line.text) if i not in line.inserted_spaces).strip())
    return "".join(out)
