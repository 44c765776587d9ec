"""Normalize stage: lying glyph maps, t2s, widths and spacing over each field's text, every change logged.

Entry point: :class:`Normalizer`, which the structure and table stages call for
each field they read (:meth:`Normalizer.field`); it keeps the change log and the
anomaly report. Before them, :func:`read_glyph_shapes` reads the characters a font's
map gives improbably from their glyphs (:mod:`.glyph_shape`) and corrects the lines.
The policy is stated in :mod:`.normalizer`; code points a font's
Unicode map got wrong are recognised in :mod:`.glyph_repair`; which characters are
CJK or traditional is decided in :mod:`.scripts`; slips that are reported and not
fixed are found in :mod:`.anomalies`.
"""

from .anomalies import find_anomalies
from .glyph_shape import GlyphShapes, read_glyph_shapes
from .normalizer import Normalizer, count_changes, join_lines, sub_line
from .scripts import is_cjk, is_traditional, script_tables, t2s_converter, t2s_edits

__all__ = [
    "GlyphShapes",
    "Normalizer",
    "count_changes",
    "find_anomalies",
    "is_cjk",
    "is_traditional",
    "join_lines",
    "read_glyph_shapes",
    "script_tables",
    "sub_line",
    "t2s_converter",
    "t2s_edits",
]
