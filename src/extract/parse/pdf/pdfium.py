"""A PDF opened with PDFium (pypdfium2), its failures told as one message a user can act on.

PDFium reads every page: glyphs (:mod:`.glyphs`), drawings and images (:mod:`.objects`). It is
not safe to call from two threads at once; a run reads one document per process.
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

from ...errors import InputError

# PDFium's error codes (fpdfview.h).
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


def open_document(path: Path, password: str | None = None) -> Any:
    """The PDF as a pypdfium2 document; a file PDFium refuses is an :class:`InputError`."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            if password:
                raise InputError(str(path), "the PDF is encrypted and the password given is wrong") from None
            raise InputError(str(path), "the PDF is encrypted; give its password with --password") from None
        raise InputError(
            str(path), "the PDF is damaged or truncated and cannot be read (PDFium refused it); get a complete copy"
        ) from None


def is_encrypted(document: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1


def meta_text(document: Any, key: str) -> str | None:
    """One entry of the document information dictionary (``Producer``, ``CreationDate`` …), or None."""
    import pypdfium2.raw as pdfium_c

    size = pdfium_c.FPDF_GetMetaText(document.raw, key.encode("ascii"), None, 0)
    if size <= 2:
        return None
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDF_GetMetaText(document.raw, key.encode("ascii"), buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace") or None
