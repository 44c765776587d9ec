"""Structure stage: the notice's GB/T 9704 elements and the outline of its attachment.

Entry point: :func:`build_structure`, which cuts the content stream
(:mod:`.assemble`) into the notice (:mod:`.notice`, one module per 公文 element)
and the attachment's sections and numbered points (:mod:`.outline`). Paragraphs
come from layout (:mod:`.paragraphs`); numbering styles and dates are read by
:mod:`.numerals`.
"""

from .assemble import build_structure

__all__ = ["build_structure"]
