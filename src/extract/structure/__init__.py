"""Structure stage: the notice's GB/T 9704 elements and the document's outline.

Entry point: :func:`build_structure`, which cuts the content stream
(:mod:`.assemble`) into the notice (:mod:`.notice`, one module per 公文 element)
and the parts of the outline — the notice's own text and each attachment
(:mod:`.parts`) — whose numbered headings are found by :mod:`.headings` and read
by :mod:`.outline`. Paragraphs come from layout (:mod:`.paragraphs`); numbering
styles and dates are read by :mod:`.numerals`.
"""

from .assemble import Structure, build_structure

__all__ = ["Structure", "build_structure"]
