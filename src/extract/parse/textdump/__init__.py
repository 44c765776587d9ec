"""Text-dump source: a document published as plain text read into the same page model.

Entry point: :func:`parse_text_dump` (:mod:`.reader`).
"""

from .reader import parse_text_dump

__all__ = ["parse_text_dump"]
