"""OCR source: page images (a scan, or a page whose text layer is unusable) read into the page model.

Entry point: :func:`read_scanned_pages` (:mod:`.pages`): the scan's own image taken
(:mod:`.page_image`), its paper levelled (:mod:`.paper`), set upright and straight (:mod:`.deskew`), red ink
and seals apart (:mod:`.seals`), rules found in the pixels (:mod:`.image_rules`), text recognised
(:mod:`.engine`) into lines (:mod:`.lines`) and cells (:mod:`.tables`).
"""

# numpy, OpenCV and the engine load only when a page is read by OCR: a text PDF never pays for them
from .pages import read_scanned_pages

__all__ = ["read_scanned_pages"]
