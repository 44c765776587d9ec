"""The outline of each part: label, title, preamble and numbered headings with their text.

Headings and their levels come from :mod:`.headings`. Text under a heading up to
the next heading belongs to it:

* a heading of a part, chapter or section (第一部分, 第一章, 第一节) stands on its own
  line: its text after the number is the title;
* an article (第一条) has no title unless it opens with a 【caption】; its text
  is the body, each 款 a paragraph of it;
* any other heading: its first sentence without number and closing 。 is the
  title (the whole line for a heading on its own line), the rest is the body.

Later paragraphs are joined to the body by a line break. Each paragraph is
normalized once under a field name; the part that the legacy ``sections`` are
derived from keeps the names those always had (``sections/1/points/2``), the
notice's own text keeps the notice's (``notice/body/3``), so nothing is logged
twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Line, OutlineNode, OutlinePart
from ..normalize import Normalizer
from .headings import HEADING_LINE_STYLES, Node, build_tree
from .notice import (
    ATTACHMENT_LABEL,
    TITLE_STEP,
    is_attachment_label,
    is_date_line,
    is_red,
    labelled_title,
    signature_like,
)
from .notice.typeset import is_title_size
from .numerals import numbering_of
from .paragraphs import Frame, compact, pages_of, where_of

OPENERS = "“‘《（(〔【「『"
CLOSERS = "”’》）)〕】」』"
CAPTION = re.compile(r"^【([^】]*)】\s*")


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


def split_heading(text: str, style: str = "") -> tuple[str, str, str]:
    """(label, title, rest) of a heading paragraph's normalized text, by its numbering style
    (``style``: the one its printed text was found to have)."""
    num = numbering_of(text, decimal=style.startswith("decimal"))
    if num is None:
        title, rest = split_first_sentence(text)
        return "", title, rest
    after = text[num.end :]
    if num.style in HEADING_LINE_STYLES:
        return num.label, after.strip(), ""
    if num.style == "article":
        m = CAPTION.match(after)
        return num.label, (m.group(1).strip() if m else ""), (after[m.end() :] if m else after).strip()
    title, rest = split_first_sentence(after)
    return num.label, title, rest


@dataclass
class Naming:
    """Field names under which a part's text is normalized.

    A heading of level 1 is ``<root>/<no>`` (its first paragraph ``…/title``, the
    others ``…/body``); a deeper one ``<parent>/points/<no>``, all its paragraphs under
    that name. ``fixed`` names paragraphs that another field already normalized.
    """

    root: str
    preamble: str
    fixed: dict[int, str] = field(default_factory=dict)  # id(first line of a paragraph) -> name

    def of(self, para: list[Line], default: str) -> str:
        return self.fixed.get(id(para[0]), default)


class PartReader:
    """A part's tree read into outline nodes, each paragraph normalized once under its name."""

    def __init__(self, norm: Normalizer, naming: Naming) -> None:
        self.norm = norm
        self.naming = naming

    def texts(self, name: str, paragraphs: list[list[Line]]) -> list[str]:
        texts = [self.norm.field(self.naming.of(para, name), para) for para in paragraphs]
        return [t for t in texts if t]

    def node(self, node: Node, name: str, first_name: str, rest_name: str) -> OutlineNode:
        first = self.norm.field(self.naming.of(node.paragraphs[0], first_name), node.paragraphs[0])
        label, title, rest = split_heading(first, node.numbering.style if node.numbering else "")
        body = ([rest] if rest else []) + self.texts(rest_name, node.paragraphs[1:])
        children = []
        for i, child in enumerate(node.children):
            child_name = f"{name}/points/{_no(child, i)}"
            children.append(self.node(child, child_name, child_name, child_name))
        return OutlineNode(
            level=node.level,
            label=label,
            no=node.numbering.number if node.numbering else 0,
            title=title,
            body="\n".join(body),
            children=children,
            pages=pages_of(node.all_lines()),
            where=[where for run in node.runs() for where in where_of(run)],
        )

    def nodes(self, tree: Node) -> list[OutlineNode]:
        out = []
        for i, child in enumerate(tree.children):
            name = f"{self.naming.root}/{_no(child, i)}"
            out.append(self.node(child, name, f"{name}/title", f"{name}/body"))
        return out

    def preamble(self, tree: Node, part: OutlinePart) -> None:
        if tree.paragraphs:
            part.preamble = "\n".join(self.texts(self.naming.preamble, tree.paragraphs)) or None
            part.where["preamble"] = where_of(tree.lines())


def _no(node: Node, index: int) -> int:
    return node.numbering.number if node.numbering else index + 1


def title_end(lines: list[Line], start: int, frame: Frame) -> int:
    """Index after an attachment's title lines, which begin at ``start`` (== start: no title)."""
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


def drop_closing(lines: list[Line], frame: Frame) -> list[Line]:
    """Without the organ and date that may close an attachment (right side, after the last heading)."""
    if not lines or not is_date_line(lines[-1]):
        return lines
    end = len(lines) - 1
    while end > 0 and not frame.per_line and signature_like(lines[end - 1], frame):
        end -= 1
    return lines[:end]


def starts_unlabelled(lines: list[Line], i: int, frame: Frame) -> bool:
    """An attachment printed without a 附件 label: an unnumbered title-size line that opens a
    page, or follows the date that closes the attachment before it."""
    line, prev = lines[i], lines[i - 1]
    if not is_title_size(line, frame) or numbering_of(line.text) is not None:
        return False
    return line.page != prev.page or is_date_line(prev)


def starts_labelled_title(lines: list[Line], i: int, frame: Frame) -> bool:
    """An attachment whose label and title share its first line, which opens a page or follows the
    date that closes the attachment before it."""
    if labelled_title(lines[i], frame) is None:
        return False
    return i == 0 or lines[i].page != lines[i - 1].page or is_date_line(lines[i - 1])


def split_attachments(lines: list[Line], frame: Frame) -> list[list[Line]]:
    """The lines after the notice cut where each attachment starts: one list per attachment."""
    out: list[list[Line]] = []
    for i, line in enumerate(lines):
        if not out or (
            i > 0
            and (
                is_attachment_label(line, frame)
                or starts_unlabelled(lines, i, frame)
                or starts_labelled_title(lines, i, frame)
            )
        ):
            out.append([])
        out[-1].append(line)
    return out


def read_part(
    part_name: str, lines: list[Line], frame: Frame, norm: Normalizer, names: Callable[[str], str]
) -> OutlinePart:
    """A part from its lines: label (附件1), title, preamble and headings.

    ``names(key)`` is the field name of the part's label, title, preamble and
    headings root.
    """
    part = OutlinePart(part_name)
    start = 0
    titled = starts_labelled_title(lines, 0, frame) if lines else False
    if titled:
        # 附件1 and the title on one line: each its own value, with the boxes of its own characters
        first = lines[0]
        at = labelled_title(first, frame) or 0
        label_line = first.slice(0, at)
        label_line = label_line.slice(0, len(label_line.text.rstrip(" :：")))
        part.label = norm.field(names("label"), [label_line])
        part.where["label"] = where_of([label_line])
        part.title = norm.field(names("title"), [first.slice(at, len(first.text))])
        part.where["title"] = where_of([first.slice(at, len(first.text))])
        lines = lines[1:]
    elif lines and is_attachment_label(lines[0], frame):
        label = norm.field(names("label"), [lines[0]])
        part.label = re.sub(r"\s*[:：]$", "", label) if ATTACHMENT_LABEL.match(label) else label
        part.where["label"] = where_of([lines[0]])
        start = 1
    end = title_end(lines, start, frame) if not titled else 0
    if end > start:
        part.title = norm.field(names("title"), lines[start:end])
        part.where["title"] = where_of(lines[start:end])
    body = drop_closing(lines[end:], frame)
    tree = build_tree(frame.paragraphs(body), frame)
    reader = PartReader(norm, Naming(names("root"), names("preamble")))
    reader.preamble(tree, part)
    part.nodes = reader.nodes(tree)
    return part


def read_body_part(
    paragraphs: list[tuple[str, list[Line]]], title: str | None, frame: Frame, norm: Normalizer
) -> OutlinePart:
    """The notice's own text as a part: its body paragraphs, each with the field name the
    notice normalized it under, read for numbered headings."""
    part = OutlinePart("body", title=title)
    fixed = {id(para[0]): name for name, para in paragraphs}
    tree = build_tree([para for _, para in paragraphs], frame)
    reader = PartReader(norm, Naming("outline/body", "outline/body/preamble", fixed))
    reader.preamble(tree, part)
    part.nodes = reader.nodes(tree)
    return part
