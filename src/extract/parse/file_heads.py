"""What a file's first bytes say it is, before any reader is loaded: shared by the check of an input
(:mod:`.source`), the OFD reader, which refuses a package that is not a ZIP, and the review page,
which draws an image input's pages from the image."""

from __future__ import annotations

# The sizes a BMP's second header (DIB) may have, from the OS/2 header of 12 bytes to BITMAPV5HEADER;
# "BM" alone starts too many other files to tell a bitmap by.
BMP_HEADER_SIZES = (12, 16, 40, 52, 56, 64, 108, 124)


def is_zip_head(head: bytes) -> bool:
    """Whether bytes start a ZIP archive (a local file header, or an empty archive's end record)."""
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def image_format(head: bytes) -> str | None:
    """Pillow's name of the image format bytes start (JPEG, PNG, TIFF, BMP, WEBP), or None."""
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in BMP_HEADER_SIZES:
        return "BMP"
    return None
