"""Numbered headings: paragraphs into a tree, levels derived from the numbering styles met.

Levels are not fixed in advance. A paragraph that opens with a numbering style
(一、 （一） 1. 1、 (1) ① 1.1 第一部分 第一章 第一节 第一条 …) is a heading. The
first style met is level 1, a style met for the first time — numbered 1 — opens
the level under the current one, and a style met before keeps its level. A heading
must continue its style's numbering (the next number under the same parent, or the
next number of that style in the whole part, since points and articles may be
numbered straight through their sections and chapters), or share the layout of
that level's earlier headings; otherwise the paragraph is ordinary text. A decimal
number (1.2.3) must also sit under the heading its leading numbers name (1.2).

An article (第X条) keeps its own paragraphs (款): its items (（一）…) are one paragraph
each. A 目录 (table of contents) lists the headings before they come: its entries are
ordinary text of the part's preamble, not headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Line
from .numerals import Numbering, numbering_of
from .paragraphs import Frame, compact, edge_style

CONTENTS = ("目录", "目次")
# Numbering styles of headings set on a line of their own (centred, often larger), whose whole
# text is the title.
HEADING_LINE_STYLES = ("part", "chapter", "jie")


@dataclass
class Node:
    level: int
    numbering: Numbering | None
    paragraphs: list[list[Line]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    # Index of the first paragraph that comes after the children in the text (an article's 款
    # after its items), or None: the node's text is then two runs, each with its own boxes.
    resumes: int | None = None

    def lines(self) -> list[Line]:
        return [line for para in self.paragraphs for line in para]

    def runs(self) -> list[list[Line]]:
        """The node's own lines as runs that are contiguous in the text."""
        cut = len(self.paragraphs) if self.resumes is None else self.resumes
        runs = [self.paragraphs[:cut], self.paragraphs[cut:]]
        return [[line for para in run for line in para] for run in runs if run]

    def all_lines(self) -> list[Line]:
        return self.lines() + [line for child in self.children for line in child.all_lines()]


def _signature(para: list[Line], frame: Frame) -> tuple | None:
    """How a heading looks, when it looks different from body text (bold, 黑体/楷体, larger)."""
    style = edge_style(para[0], last=False)
    if style is None or (style[0] == "song" and not style[1] and abs(style[2] - frame.size) < 1.0):
        return None
    return frame.kind(para[0]), style


def _centred_like(para: list[Line], size: float, frame: Frame) -> bool:
    return all(frame.is_centred(line) and abs(line.size - size) < 0.5 for line in para)


def join_wrapped_headings(paragraphs: list[list[Line]], frame: Frame) -> list[list[Line]]:
    """A centred chapter heading wrapped onto a second centred line (a narrow column) is one
    paragraph: every centred line of its size right under it, unnumbered, joins it."""
    out: list[list[Line]] = []
    for para in paragraphs:
        if out:
            head = out[-1]
            num = numbering_of(head[0].text)
            if (
                num is not None
                and num.style in HEADING_LINE_STYLES
                and _centred_like(head, head[0].size, frame)
                and _centred_like(para, head[0].size, frame)
                and numbering_of(para[0].text) is None
                and para[0].page == head[-1].page
                and para[0].column == head[-1].column
                and para[0].box.top - head[-1].box.bottom < 2 * frame.pitch
            ):
                out[-1] = head + para
                continue
        out.append(para)
    return out


def contents_extent(paragraphs: list[list[Line]]) -> range:
    """Indices of the paragraphs of a 目录: its heading line and the entries up to the first
    heading it lists, met again in the text (empty when there is no 目录)."""
    for at, para in enumerate(paragraphs):
        if compact("".join(line.text for line in para)) not in CONTENTS:
            continue
        first = numbering_of(paragraphs[at + 1][0].text) if at + 1 < len(paragraphs) else None
        if first is None:
            return range(0)
        for k in range(at + 2, len(paragraphs)):
            num = numbering_of(paragraphs[k][0].text)
            if num is not None and (num.style, num.number) == (first.style, first.number):
                return range(at, k)
        return range(0)
    return range(0)


def _under_prefix(num: Numbering, parent: Node) -> bool:
    """A decimal number's leading numbers name its parent heading (1.2.3 under 1.2)."""
    if not num.prefix:
        return True
    return parent.numbering is not None and parent.numbering.number == num.prefix[-1]


def _holder(stack: list[Node]) -> Node:
    """The node an unnumbered paragraph belongs to: the innermost heading, except that the items
    of an article (项, 目) are one paragraph each, so the text after them is the article's (款)."""
    for node in reversed(stack):
        if node.numbering is not None and node.numbering.style == "article":
            return node
    return stack[-1]


def build_tree(paragraphs: list[list[Line]], frame: Frame) -> Node:
    """Paragraphs into a tree of numbered headings; the root holds the text before the first."""
    root = Node(0, None)
    stack = [root]
    style_level: dict[str, int] = {}
    level_sig: dict[int, tuple | None] = {}
    last_of_style: dict[str, int] = {}
    paragraphs = join_wrapped_headings(paragraphs, frame)
    contents = contents_extent(paragraphs)
    for index, para in enumerate(paragraphs):
        num = None if index in contents else numbering_of(para[0].text)
        level = None
        if num is not None:
            if num.style in style_level:
                lvl = style_level[num.style]
                parent = next(node for node in reversed(stack) if node.level < lvl)
                # Two styles can share a level (（一） under one section, 1. under another): a
                # heading continues the numbering of its own style only.
                siblings = [c for c in parent.children if c.numbering and c.numbering.style == num.style]
                last = siblings[-1].numbering.number if siblings else 0  # type: ignore[union-attr]
                if _under_prefix(num, parent) and (
                    num.number in (last + 1, last_of_style.get(num.style, 0) + 1)
                    or (num.number > last and level_sig.get(lvl) is not None
                        and level_sig[lvl] == _signature(para, frame))
                ):
                    level = lvl
            elif num.number == 1 and _under_prefix(num, stack[-1]):
                level = stack[-1].level + 1
                style_level[num.style] = level
                level_sig.setdefault(level, _signature(para, frame))
        if level is None:
            holder = _holder(stack)
            if holder.children and holder.resumes is None:
                holder.resumes = len(holder.paragraphs)
            holder.paragraphs.append(para)
            continue
        while stack[-1].level >= level:
            stack.pop()
        node = Node(level, num, [para])
        stack[-1].children.append(node)
        stack.append(node)
        last_of_style[num.style] = num.number  # type: ignore[union-attr]
    return root
