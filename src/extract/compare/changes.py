"""What changed within a pair: the label, and each changed field with its character-level diff.

Texts are compared after normalization: the pipeline has already normalized both sides
(t2s, full-width punctuation, spacing next to CJK, wrapped lines rejoined), and here
whitespace is ignored too, as a line break or a space is layout, not wording.

* a work point is ``moved`` when it sits under a section that is not its old section's
  counterpart (its text may have changed as well: the changes say so), ``unchanged`` when its
  heading and text are the same, else ``reworded``; its number is never compared;
* a key task is ``unchanged`` when every cell is the same, else ``changed``, with one change
  per changed cell (task, q1–q4, lead, departments, remark).

The character diff is difflib's (longest matching blocks, no junk heuristic); an equal run
of a single character between two edits is folded into them, so a rewritten clause reads as
one deletion and one insertion rather than a scatter of shared 的 and 和.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .load import CELLS, KeyTask, SectionRef, WorkPoint

POINT_LABELS = ("unchanged", "reworded", "moved", "new", "dropped")
TASK_LABELS = ("unchanged", "changed", "new", "dropped")
MIN_EQUAL_RUN = 2  # shorter equal runs between two edits are folded into them

Segment = tuple[str, str]  # (op, text): op is "equal", "delete" or "insert"


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # section | title | body | task | q1..q4 | lead | departments | remark
    old: str
    new: str
    diff: tuple[Segment, ...]  # empty for a section change (two headings, not one text edited)


def canonical(text: str) -> str:
    """The text as compared: without whitespace."""
    return "".join(text.split())


def opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib's edit script from ``old`` to ``new``, character by character."""
    return difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def char_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The character-level diff as (op, text) segments: equal and delete spell ``old``, equal and insert ``new``."""
    ops = opcodes(old, new)
    # fold short equal runs that sit between two edits
    folded: list[tuple[str, str, str]] = []  # (tag, old text, new text)
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        short = tag == "equal" and i2 - i1 < MIN_EQUAL_RUN and 0 < k < len(ops) - 1
        if short or tag != "equal":
            if folded and folded[-1][0] == "edit":
                _, a, b = folded[-1]
                folded[-1] = ("edit", a + old[i1:i2], b + new[j1:j2])
            else:
                folded.append(("edit", old[i1:i2], new[j1:j2]))
        else:
            folded.append(("equal", old[i1:i2], new[j1:j2]))
    out: list[Segment] = []
    for tag, a, b in folded:
        if tag == "equal":
            out.append(("equal", a))
            continue
        if a:
            out.append(("delete", a))
        if b:
            out.append(("insert", b))
    return tuple(out)


def _change(name: str, old: str, new: str) -> FieldChange:
    return FieldChange(name, old, new, char_diff(old, new))


def point_label(old: WorkPoint, new: WorkPoint, moved: bool) -> str:
    if moved:
        return "moved"
    return "unchanged" if canonical(old.text) == canonical(new.text) else "reworded"


def point_changes(
    old: WorkPoint, new: WorkPoint, old_section: SectionRef, new_section: SectionRef, moved: bool
) -> tuple[FieldChange, ...]:
    """The section (when moved), then the title and the body where their wording differs."""
    out = []
    if moved:
        out.append(FieldChange("section", old_section.heading, new_section.heading, ()))
    if canonical(old.text) != canonical(new.text):
        for name in ("title", "body"):
            a, b = getattr(old, name), getattr(new, name)
            if canonical(a) != canonical(b):
                out.append(_change(name, a, b))
    return tuple(out)


def task_changes(old: KeyTask, new: KeyTask) -> tuple[FieldChange, ...]:
    """One change per cell whose text differs."""
    return tuple(
        _change(name, old.cells[name], new.cells[name])
        for name in CELLS
        if canonical(old.cells[name]) != canonical(new.cells[name])
    )


def task_label(changes: tuple[FieldChange, ...]) -> str:
    return "changed" if changes else "unchanged"
