"""Notes printed under a table: 注：本表反映… and 说明：… belong to the table, not to the text.

Statistical and budget tables carry a note right under their last row. Such a
note is part of the table: it leaves the page's lines for the table's ``notes``,
so the outline does not take it for body text and the table is exported with it.
"""

from __future__ import annotations

import re

from ..model import Line, Page

NOTE = re.compile(r"^\s*(注|说明|备注|资料来源|数据来源)\s*[0-9０-９]*\s*[:：]")
# A note starts at most this many line heights under the table; its lines follow at line pitch.
REACH = 2.5


def attach_notes(page: Page) -> None:
    """Move the notes under each of the page's tables from ``page.lines`` to the table."""
    if not page.tables:
        return
    taken: set[int] = set()
    for table in page.tables:
        edge = table.box.bottom
        below = sorted(
            (ln for ln in page.lines if ln.box.top >= edge - 1 and id(ln) not in taken),
            key=lambda ln: ln.box.top,
        )
        notes: list[Line] = []
        for line in below:
            height = max(line.box.bottom - line.box.top, 1.0)
            if line.box.top - edge > REACH * height:
                break
            if NOTE.match(line.text) is None:
                # A line that starts no note continues one only where the note ran on to the
                # table's right edge and wrapped; anything else is the page's text again.
                wrapped = notes and notes[-1].box.x1 >= table.box.x1 - 2 * height
                if not wrapped:
                    break
            notes.append(line)
            edge = line.box.bottom
        table.notes = notes
        taken.update(id(ln) for ln in notes)
    if taken:
        page.lines = [ln for ln in page.lines if id(ln) not in taken]


def note_paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Notes as paragraphs: each 注：/说明： line starts one, wrapped lines continue it."""
    out: list[list[Line]] = []
    for line in lines:
        if NOTE.match(line.text) or not out:
            out.append([line])
        else:
            out[-1].append(line)
    return out
