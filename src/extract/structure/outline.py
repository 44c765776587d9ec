"""The attachment: label, title, preamble and its numbered outline (sections → points → deeper points).

Levels are not fixed in advance. A paragraph that opens with a numbering style
(一、 （一） 1. 1、 (1) ① 第一部分 …) is a heading. The first style met is level 1
(sections), a style met for the first time — numbered 1 — opens the level under
the current one, and a style met before keeps its level. A heading must continue
its level's numbering (the next number under the same parent, or the next number
of that level in the whole outline, since points may be numbered straight through
the sections), or share the layout of that level's earlier headings; otherwise the
paragraph is ordinary text.

Text under a heading up to the next heading belongs to it: for a point, its first
sentence without number and closing 。 is the title, the rest is the body (later
paragraphs joined by a line break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Attachment, Line, Point, Section
from ..normalize import Normalizer
from .notice import ATTACHMENT_LABEL, TITLE_STEP, is_attachment_label, is_date_line, is_red, signature_like
from .numerals import Numbering, numbering_of
from .paragraphs import Frame, compact, edge_style, pages_of, where_of

OPENERS = "“‘《（(〔【「『"
CLOSERS = "”’》）)〕】」』"


def split_first_sentence(text: str) -> tuple[str, str]:
    """(first sentence without its closing 。, the rest); a 。 inside quotes or brackets does not end it."""
    depth = 0
    first_any = None
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch == "。":
            if first_any is None:
                first_any = i
            if depth == 0:
                return text[:i].strip(), text[i + 1 :].strip()
    if first_any is not None:
        return text[:first_any].strip(), text[first_any + 1 :].strip()
    return text.strip(), ""


@dataclass
class _Node:
    level: int
    numbering: Numbering | None
    paragraphs: list[list[Line]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def lines(self) -> list[Line]:
        return [line for para in self.paragraphs for line in para]

    def all_lines(self) -> list[Line]:
        return self.lines() + [line for child in self.children for line in child.all_lines()]


def _signature(para: list[Line], frame: Frame) -> tuple | None:
    """How a heading looks, when it looks different from body text (bold, 黑体/楷体, larger)."""
    style = edge_style(para[0], last=False)
    if style is None or (style[0] == "song" and not style[1] and abs(style[2] - frame.size) < 1.0):
        return None
    return frame.kind(para[0]), style


def build_tree(paragraphs: list[list[Line]], frame: Frame) -> _Node:
    """Paragraphs into a tree of numbered headings; the root holds the text before the first."""
    root = _Node(0, None)
    stack = [root]
    style_level: dict[str, int] = {}
    level_sig: dict[int, tuple | None] = {}
    last_of_level: dict[int, int] = {}
    for para in paragraphs:
        num = numbering_of(para[0].text)
        level = None
        if num is not None:
            if num.style in style_level:
                lvl = style_level[num.style]
                parent = next(node for node in reversed(stack) if node.level < lvl)
                siblings = [c for c in parent.children if c.level == lvl and c.numbering]
                last = siblings[-1].numbering.number if siblings else 0  # type: ignore[union-attr]
                if (
                    num.number in (last + 1, last_of_level.get(lvl, 0) + 1)
                    or (num.number > last and level_sig.get(lvl) is not None
                        and level_sig[lvl] == _signature(para, frame))
                ):
                    level = lvl
            elif num.number == 1:
                level = stack[-1].level + 1
                style_level[num.style] = level
                level_sig.setdefault(level, _signature(para, frame))
        if level is None:
            stack[-1].paragraphs.append(para)
            continue
        while stack[-1].level >= level:
            stack.pop()
        node = _Node(level, num, [para])
        stack[-1].children.append(node)
        stack.append(node)
        last_of_level[level] = num.number  # type: ignore[union-attr]
    return root


def _no(node: _Node, index: int) -> int:
    return node.numbering.number if node.numbering else index + 1


class _OutlineBuilder:
    def __init__(self, frame: Frame, norm: Normalizer) -> None:
        self.frame = frame
        self.norm = norm

    def paragraphs_text(self, name: str, paragraphs: list[list[Line]]) -> list[str]:
        texts = [self.norm.field(name, para) for para in paragraphs]
        return [t for t in texts if t]

    def heading(self, name: str, node: _Node, body_name: str | None = None) -> tuple[str, str, str]:
        """(label, title, body) of a heading node from its own paragraphs; the first paragraph's
        text goes under ``name``, the later ones under ``body_name`` (default: ``name`` too)."""
        first = self.norm.field(name, node.paragraphs[0])
        num = numbering_of(first)
        label = ""
        if num is not None:
            label, first = num.label, first[num.end :]
        title, rest = split_first_sentence(first)
        body = [rest] if rest else []
        body += self.paragraphs_text(body_name or name, node.paragraphs[1:])
        return label, title, "\n".join(body)

    def point(self, name: str, node: _Node) -> Point:
        label, title, body = self.heading(name, node)
        children = [self.point(f"{name}/points/{_no(child, i)}", child) for i, child in enumerate(node.children)]
        return Point(
            no=node.numbering.number if node.numbering else 0,
            title=title,
            body=body,
            level=node.level,
            label=label,
            children=children,
            pages=pages_of(node.all_lines()),
            where=where_of(node.lines()),
        )

    def section(self, index: int, node: _Node) -> Section:
        # Field names use the document's own numbers, as the exports and the quality account do.
        name = f"sections/{_no(node, index)}"
        label, title, body = self.heading(f"{name}/title", node, f"{name}/body")
        points = [self.point(f"{name}/points/{_no(child, i)}", child) for i, child in enumerate(node.children)]
        return Section(
            no=_no(node, index),
            title=title,
            points=points,
            label=label,
            body=body,
            pages=pages_of(node.all_lines()),
            where=where_of(node.lines()),
        )


def _title_end(lines: list[Line], start: int, frame: Frame) -> int:
    """Index after the attachment's title lines, which begin at ``start`` (== start: no title)."""
    if start >= len(lines):
        return start
    first = lines[start]
    if first.size >= frame.size + TITLE_STEP and not is_red(first.color):
        end = start
        while end < len(lines) and abs(lines[end].size - first.size) < 1.0 and lines[end].page == first.page:
            end += 1
        return end
    text = compact(first.text)
    if numbering_of(text) or text.endswith("。") or len(text) > 40:
        return start
    if frame.per_line or (frame.kind(first) == "other" and frame.is_centred(first)):
        return start + 1
    return start


def _drop_closing(lines: list[Line], frame: Frame) -> list[Line]:
    """Without the organ and date that may close an attachment (right side, after the last point)."""
    if not lines or not is_date_line(lines[-1]):
        return lines
    end = len(lines) - 1
    while end > 0 and not frame.per_line and signature_like(lines[end - 1], frame):
        end -= 1
    return lines[:end]


def build_outline(lines: list[Line], frame: Frame, norm: Normalizer) -> tuple[Attachment, list[Section]]:
    """The attachment (label, title, preamble) and its sections from the lines after the notice.

    The outline stops at a second attachment label (附件2 …): later attachments are
    not part of this outline.
    """
    attachment = Attachment()
    if not lines:
        return attachment, []
    start = 0
    if is_attachment_label(lines[0], frame):
        label = norm.field("attachment/label", [lines[0]])
        m = ATTACHMENT_LABEL.match(label)
        attachment.label = re.sub(r"\s*[:：]$", "", label) if m else label
        attachment.where["label"] = where_of([lines[0]])
        start = 1
    end = _title_end(lines, start, frame)
    if end > start:
        attachment.title = norm.field("attachment/title", lines[start:end])
        attachment.where["title"] = where_of(lines[start:end])
    body = lines[end:]
    stop = next((i for i, line in enumerate(body) if is_attachment_label(line, frame)), len(body))
    body = _drop_closing(body[:stop], frame)
    tree = build_tree(frame.paragraphs(body), frame)
    builder = _OutlineBuilder(frame, norm)
    if tree.paragraphs:
        attachment.preamble = "\n".join(builder.paragraphs_text("attachment/preamble", tree.paragraphs)) or None
        attachment.where["preamble"] = where_of(tree.lines())
    sections = [builder.section(i, node) for i, node in enumerate(tree.children)]
    return attachment, sections
