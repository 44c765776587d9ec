"""A "next year" document made from a 工作要点's text dump by known edits, with the diff they imply.

:class:`NextYear` reads a text dump laid out as the published 工作要点 is (sections 一、…,
points numbered 1. 2. … across sections, then the key-task table, one row per line with tabs),
applies edits (drop, add, reword, move points; drop, add, edit key tasks; change numbers) and
renders the edited document as a new text dump, renumbering points, sections and tasks as a
bureau would. :meth:`NextYear.expected` gives what a correct diff reports: every pair with its
label, the changed cells of each key task, and each changed target.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

SECTION = re.compile(r"^([一二三四五六七八九十]+)、")
POINT = re.compile(r"^(\d+)\.(?!\d)")
TASK_ROW = re.compile(r"^(\d+)\t")
HANZI = "一二三四五六七八九十"
TASK_CELLS = ("no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")


@dataclass
class _Point:
    origin: int | None  # its number in the old document; None for a new point
    home: int | None  # the old section it stood in (None for a new point)
    lines: list[str]
    edited: bool = False


@dataclass
class _Section:
    origin: int | None  # its position in the old document (1-based); None for a new section
    title: str
    intro: list[str] = field(default_factory=list)
    points: list[_Point] = field(default_factory=list)


@dataclass
class _Task:
    origin: int | None
    cells: list[str]
    changed: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Expected:
    points: set[tuple[int | None, int | None, str]]  # (old_no, new_no, label)
    tasks: set[tuple[int | None, int | None, str, frozenset[str]]]  # (old_no, new_no, label, changed cells)
    targets: set[tuple[str, int, int, str, str, str]]  # (kind, old_no, new_no, field, old text, new text)


def _blocks(lines: list[str]) -> list[str]:
    """Lines without blank ones at either end."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    while lines and not lines[0].strip():
        lines = lines[1:]
    return lines


class NextYear:
    def __init__(self, text: str, year: tuple[str, str] = ("2022", "2023")) -> None:
        lines = text.split("\n")
        first = next(i for i, line in enumerate(lines) if SECTION.match(line))
        header = next(i for i, line in enumerate(lines) if line.startswith("序号\t"))
        title = max(i for i in range(header) if lines[i].strip())
        self.head = [line.replace(*year) for line in lines[:first]]
        self.table_title = lines[title].replace(*year)
        self.table_header = lines[header : header + 2]
        self.sections: list[_Section] = []
        for line in lines[first:title]:
            m = SECTION.match(line)
            if m:
                self.sections.append(_Section(len(self.sections) + 1, line[m.end() :]))
                continue
            section = self.sections[-1]
            p = POINT.match(line)
            if p:
                section.points.append(_Point(int(p.group(1)), section.origin, [line]))
            elif section.points:
                section.points[-1].lines.append(line)
            else:
                section.intro.append(line)
        self.tasks = [
            _Task(int(m.group(1)), line.split("\t"))
            for line in lines[header:]
            if (m := TASK_ROW.match(line))
        ]
        self.old = copy.deepcopy(self)
        self.target_edits: list[tuple[str, int, str, str, str]] = []  # (kind, old no, field, old, new)

    # ---- points ----------------------------------------------------------------------------------

    def _find(self, no: int) -> tuple[_Section, _Point]:
        for s in self.sections:
            for p in s.points:
                if p.origin == no:
                    return s, p
        raise KeyError(no)

    def drop_point(self, no: int) -> None:
        s, p = self._find(no)
        s.points.remove(p)

    def add_point(self, text: str, after: int | None = None, section: int | None = None) -> None:
        """A new point after old point ``after``, or at the end of old section ``section``."""
        point = _Point(None, None, [self.number_point(0) + text])
        if after is not None:
            s, p = self._find(after)
            s.points.insert(s.points.index(p) + 1, point)
        else:
            self._section(section).points.append(point)

    def _section(self, origin: int | None) -> _Section:
        return next(s for s in self.sections if s.origin == origin)

    def move_point(self, no: int, section: int, after: int | None = None) -> None:
        """Point ``no`` to old section ``section``: after old point ``after``, else first."""
        s, p = self._find(no)
        s.points.remove(p)
        target = self._section(section)
        at = 0 if after is None else target.points.index(self._find(after)[1]) + 1
        target.points.insert(at, p)

    def reword(self, no: int, old: str, new: str, target: tuple[str, str, str] | None = None) -> None:
        """Replace ``old`` by ``new`` in point ``no``; ``target``: (field, old quantity, new quantity) as normalized,
        when the edit changes a number."""
        _, p = self._find(no)
        hits = [i for i, line in enumerate(p.lines) if old in line]
        assert len(hits) == 1 and p.lines[hits[0]].count(old) == 1, (no, old)
        p.lines[hits[0]] = p.lines[hits[0]].replace(old, new)
        p.edited = True
        if target:
            self.target_edits.append(("point", no, *target))

    def drop_section(self, origin: int) -> None:
        self.sections.remove(self._section(origin))

    # ---- key tasks -------------------------------------------------------------------------------

    def _task(self, no: int) -> _Task:
        return next(t for t in self.tasks if t.origin == no)

    def drop_task(self, no: int) -> None:
        self.tasks.remove(self._task(no))

    def add_task(self, cells: list[str], after: int) -> None:
        assert len(cells) == len(TASK_CELLS) - 1
        self.tasks.insert(self.tasks.index(self._task(after)) + 1, _Task(None, ["0", *cells]))

    def edit_task(self, no: int, cell: str, old: str, new: str, target: tuple[str, str] | None = None) -> None:
        """Replace ``old`` by ``new`` in a cell (an empty ``old``: fill the empty cell); ``target``: the quantity
        before and after, when the edit changes a number."""
        t = self._task(no)
        i = TASK_CELLS.index(cell)
        if old:
            assert t.cells[i].count(old) == 1, (no, cell, old)
            t.cells[i] = t.cells[i].replace(old, new)
        else:
            assert not t.cells[i].strip(), (no, cell)
            t.cells[i] = new
        t.changed.add(cell)
        if target:
            self.target_edits.append(("key_task", no, cell, *target))

    # ---- the result --------------------------------------------------------------------------------

    def numbering(self) -> tuple[dict[int, int], dict[int, int]]:
        """Old point number -> new, old task number -> new."""
        points = [p for s in self.sections for p in s.points]
        return (
            {p.origin: n for n, p in enumerate(points, start=1) if p.origin is not None},
            {t.origin: n for n, t in enumerate(self.tasks, start=1) if t.origin is not None},
        )

    point_label = POINT

    def section_heading(self, k: int, section: _Section) -> str:
        return f"{HANZI[k]}、{section.title}"

    def number_point(self, n: int) -> str:
        return f"{n}."

    def render(self) -> str:
        out = ["\n".join(self.head).rstrip("\n")]
        n = 0
        for k, s in enumerate(self.sections):
            out.append(self.section_heading(k, s))
            if _blocks(s.intro):
                out.append("\n".join(_blocks(s.intro)))
            for p in s.points:
                n += 1
                lines = _blocks(p.lines)
                out.append("\n".join([self.point_label.sub(self.number_point(n), lines[0], count=1), *lines[1:]]))
        if self.tasks:
            out.append(self.table_title)
            rows = ["\t".join([str(i), *t.cells[1:]]) for i, t in enumerate(self.tasks, start=1)]
            out.append("\n".join([*self.table_header, *rows]))
        return "\n\n".join(out) + "\n"

    def expected(self) -> Expected:
        point_no, task_no = self.numbering()
        points: set[tuple[int | None, int | None, str]] = set()
        n = 0
        for s in self.sections:
            for p in s.points:
                n += 1
                if p.origin is None:
                    label = "new"
                elif s.origin != p.home:
                    label = "moved"
                else:
                    label = "reworded" if p.edited else "unchanged"
                points.add((p.origin, n, label))
        kept = {p.origin for s in self.sections for p in s.points}
        points |= {(p.origin, None, "dropped") for s in self.old.sections for p in s.points if p.origin not in kept}
        tasks: set[tuple[int | None, int | None, str, frozenset[str]]] = set()
        for i, t in enumerate(self.tasks, start=1):
            if t.origin is None:
                tasks.add((None, i, "new", frozenset()))
            else:
                tasks.add((t.origin, i, "changed" if t.changed else "unchanged", frozenset(t.changed)))
        kept_tasks = {t.origin for t in self.tasks}
        tasks |= {(t.origin, None, "dropped", frozenset()) for t in self.old.tasks if t.origin not in kept_tasks}
        targets = {
            (kind, no, (point_no if kind == "point" else task_no)[no], f, a, b)
            for kind, no, f, a, b in self.target_edits
        }
        return Expected(points, tasks, targets)


# ---- a text dump of any document's outline ------------------------------------------------------


def hanzi_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (as articles and sections are numbered)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else ("一" + hanzi_numeral(rest) if rest < 20 else
                                                                         hanzi_numeral(rest)))
    return digits[n // 100] + "百" + tail


def node_paragraphs(node: dict) -> list[str]:
    """A heading and its text as a dump prints them: the label with the title (a run-in title ends in 。) or with
    the first paragraph, then the other paragraphs, then the headings under it."""
    body = [p for p in (node.get("body") or "").split("\n") if p]
    title = node.get("title") or ""
    if title and body:
        first = f"{node['label']}{title}。{body.pop(0)}"
    elif title:
        first = f"{node['label']}　{title}" if node["label"].startswith("第") else f"{node['label']}{title}"
    else:
        first = f"{node['label']}　{body.pop(0) if body else ''}"
    out = [first, *body]
    for child in node.get("children") or []:
        out.extend(node_paragraphs(child))
    return out


ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇]+条")


class NextEdition(NextYear):
    """The same edits over any document whose outline has sections of points (第X章 over 第X条, 一、 over 1.),
    read from its ``document.json``: the part holding the points becomes a text dump, articles or points
    numbered on across sections as before."""

    def __init__(self, data: dict) -> None:
        part = next(p for p in data["outline"] if any(n.get("children") for n in p["nodes"]))
        self.head = [part.get("title") or ""]
        self.table_title, self.table_header, self.tasks = None, [], []
        first = next(c for n in part["nodes"] for c in n.get("children") or [])
        self.articles = bool(ARTICLE.match(first["label"]))
        self.point_label = ARTICLE if self.articles else POINT
        self.sections = []
        for node in part["nodes"]:
            if not node.get("children"):
                continue
            section = _Section(len(self.sections) + 1, node["title"])
            self.sections.append(section)
            for child in node["children"]:
                paragraphs = node_paragraphs(child)
                lines = [line for p in paragraphs for line in (p, "")]
                section.points.append(_Point(child["no"], section.origin, lines))
        self.old = copy.deepcopy(self)
        self.target_edits = []

    def section_heading(self, k: int, section: _Section) -> str:
        return f"第{hanzi_numeral(k + 1)}章　{section.title}" if self.articles else f"{HANZI[k]}、{section.title}"

    def number_point(self, n: int) -> str:
        return f"第{hanzi_numeral(max(n, 1))}条" if self.articles else f"{n}."
