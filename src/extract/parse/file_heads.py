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


# What to do with a document in a format that is not read.
EXPORT_HINT = "export it as PDF (or save its text as .txt) and run that"


def other_document(head: bytes) -> str | None:
    """What a file no reader takes is, by its first bytes, and what to do with it, as the end of a
    sentence that starts "the file is": a word processor's document, a photo format Pillow does not
    open; None when the bytes say nothing known."""
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return f"a Word, WPS or Excel document in the older binary format (.doc, .wps, .xls), not a PDF; {EXPORT_HINT}"
    if head[:5] == b"{\\rtf":
        return f"an RTF document, not a PDF; {EXPORT_HINT}"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "a HEIC/HEIF photo (an iPhone's default), which is not read; save it as JPEG and run that"
        if brand in (b"avif", b"avis"):
            return "an AVIF image, which is not read; save it as JPEG or PNG and run that"
    return None


def zipped_document(names: list[str]) -> str | None:
    """What a ZIP archive that is no OFD package is, by the parts it holds (Office Open XML, OpenDocument),
    and what to do with it, as :func:`other_document` says it; None for any other archive."""
    lowered = {name.lower() for name in names}
    kinds = (
        ("word/", "a Word document (.docx)"), ("xl/", "an Excel workbook (.xlsx)"),
        ("ppt/", "a PowerPoint presentation (.pptx)"),
    )
    for folder, kind in kinds:
        if any(name.startswith(folder) for name in lowered):
            return f"{kind}, not a PDF or OFD; {EXPORT_HINT}"
    if "mimetype" in lowered and "content.xml" in lowered:
        return f"an OpenDocument file (.odt, .ods), not a PDF or OFD; {EXPORT_HINT}"
    return None
