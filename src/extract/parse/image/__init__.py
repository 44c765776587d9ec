"""Image source: photos and scans saved as JPEG, PNG, TIFF (a page per frame), BMP or WebP, read by OCR
into the page model as a scanned PDF's pages are.

Entry point: :func:`parse_images` (:mod:`.reader`); each page's size, resolution and pixels come from
:mod:`.frames`, the limits on what a file may make the reader build and Pillow's failures as one
``error:`` line from :mod:`.limits`.
"""

from .reader import parse_images

__all__ = ["parse_images"]
