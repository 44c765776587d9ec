"""OFD source (GB/T 33190): an OFD package's pages read into the page model — glyphs, rules, ruled
tables, seals — and drawn for OCR and the review page.

Entry point: :func:`parse_ofd` (:mod:`.reader`); the package is checked by :mod:`.package`, its
structure read by :mod:`.document`, each page's objects placed by :mod:`.graphics` and built by
:mod:`.page`; :mod:`.outlines` reads text drawn only as outlines, :mod:`.render` draws pages.
"""

from .reader import parse_ofd

__all__ = ["parse_ofd"]
