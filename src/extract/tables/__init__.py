"""Tables stage: every table of the document stitched across pages, and the key-task table with one column per quarter.

Entry points: :func:`find_unruled_tables`, run on the parsed pages before the
structure stage so that a table's text leaves the content stream (:mod:`.text_aligned`);
:func:`build_tables`, which stitches every table across pages with one name per column
(:mod:`.document_tables`); and :func:`build_key_tasks`, which reads the key-task table
across pages (:mod:`.key_tasks`) with the header vocabulary of :mod:`.header`.
"""

from __future__ import annotations

from ..model import ParsedDocument
from .document_tables import build_tables
from .key_tasks import NO_TASK_TABLE, build_key_tasks, key_task_title_lines


def find_unruled_tables(doc: ParsedDocument) -> None:
    """Pages without ruled tables: key-task tables read from text alignment instead; and the tail of a
    table row cut by the page end, printed without rules at the top of the next page (:mod:`.fragments`)."""
    from .fragments import add_cut_row_tails
    from .text_aligned import add_text_tables

    add_text_tables(doc.pages)
    add_cut_row_tails(doc.pages)


__all__ = ["NO_TASK_TABLE", "build_key_tasks", "build_tables", "find_unruled_tables", "key_task_title_lines"]
