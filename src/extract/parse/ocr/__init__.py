"""OCR source: page images (a scan, or a page whose text layer is unusable) read into the page model.

Entry point: :func:`read_scanned_pages` (:mod:`.pages`): the scan's own image taken
(:mod:`.page_image`), its paper levelled (:mod:`.paper`), set upright and straight (:mod:`.deskew`), red ink
and seals apart (:mod:`.seals`), rules found in the pixels (:mod:`.image_rules`), text recognised
(:mod:`.engine`) into lines (:mod:`.lines`) and cells (:mod:`.tables`).
"""

from .page_image import RENDER_DPI
from .pages import read_scanned_pages

__all__ = ["RENDER_DPI", "read_scanned_pages"]
