"""PDFium's calls that the parse stage makes per glyph and per page object, declared with plain
addresses for their arguments and answers (the text page's, the objects', the out buffers').

pypdfium2 declares its functions with typed handles, and ctypes then converts and checks every
argument, thousands of times a page. These are the same functions of the same library, cast to
prototypes that take and give integers; the out buffers are made once and reused. A handle read
here is an integer: ``handle`` turns one back into pypdfium2's type for its typed functions.
"""

from __future__ import annotations

import ctypes
from typing import Any


def font_name(raw: bytes) -> str:
    """A font's name as text: UTF-8 when it is; other bytes (GBK names of Chinese fonts) as their
    escaped repr, the form the glyph-map repairs recognise (:mod:`extract.normalize.glyph_repair`)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return repr(raw)


class Calls:
    """The declared calls, and the out buffers they fill (one set per process: the parse stage reads
    one page at a time)."""

    def __init__(self) -> None:
        import pypdfium2.raw as pdfium_c

        void, c_int, c_float = ctypes.c_void_p, ctypes.c_int, ctypes.c_float

        def declare(function: Any, answer: Any, *arguments: Any) -> Any:
            return ctypes.cast(function, ctypes.CFUNCTYPE(answer, *arguments))

        self.text_object = declare(pdfium_c.FPDFText_GetTextObject, void, void, c_int)
        self.origin = declare(pdfium_c.FPDFText_GetCharOrigin, c_int, void, c_int, void, void)
        self.loose_box = declare(pdfium_c.FPDFText_GetLooseCharBox, c_int, void, c_int, void)
        self.unmapped = declare(pdfium_c.FPDFText_HasUnicodeMapError, c_int, void, c_int)
        self.font_size = declare(pdfium_c.FPDFTextObj_GetFontSize, c_int, void, void)
        self.font = declare(pdfium_c.FPDFTextObj_GetFont, void, void)
        self.render_mode = declare(pdfium_c.FPDFTextObj_GetTextRenderMode, c_int, void)
        self.fill = declare(pdfium_c.FPDFText_GetFillColor, c_int, void, c_int, void, void, void, void)
        self.matrix = declare(pdfium_c.FPDFText_GetMatrix, c_int, void, c_int, void)
        self.font_name = declare(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_size_t, void, void, ctypes.c_size_t)
        self.descent = declare(pdfium_c.FPDFFont_GetDescent, c_int, void, c_float, void)
        self.embedded = declare(pdfium_c.FPDFFont_GetIsEmbedded, c_int, void)
        self.count_objects = declare(pdfium_c.FPDFPage_CountObjects, c_int, void)
        self.page_object = declare(pdfium_c.FPDFPage_GetObject, void, void, c_int)
        self.object_type = declare(pdfium_c.FPDFPageObj_GetType, c_int, void)
        self.count_form_objects = declare(pdfium_c.FPDFFormObj_CountObjects, c_int, void)
        self.form_object = declare(pdfium_c.FPDFFormObj_GetObject, void, void, ctypes.c_ulong)
        self.bounds = declare(pdfium_c.FPDFPageObj_GetBounds, c_int, void, void, void, void, void)
        self.object_matrix = declare(pdfium_c.FPDFPageObj_GetMatrix, c_int, void, void)
        self.point = (ctypes.c_double * 2)()  # x, y
        self.rect = (ctypes.c_float * 4)()  # left, top, right, bottom
        self.size = (ctypes.c_float * 1)()
        self.rgba = (ctypes.c_uint * 4)()
        self.rgba_at = tuple(self.at(self.rgba, i) for i in range(4))
        self.matrix_abcdef = (ctypes.c_float * 6)()
        self.bounds_at = tuple(self.at(self.rect, i) for i in range(4))  # left, bottom, right, top

    def at(self, buffer: Any, offset: int = 0) -> int:
        return ctypes.addressof(buffer) + offset * ctypes.sizeof(buffer._type_)

    def font_facts(self, font: int, known_fonts: dict[int, tuple[str, float]]) -> tuple[str, float]:
        """A font's name and its descent in ems (0 where it has none under the baseline), from
        ``known_fonts`` where it is there: a page's cache (a closed page's font handles are reused)."""
        known = known_fonts.get(font)
        if known is None:
            size = self.font_name(font, None, 0)
            buffer = ctypes.create_string_buffer(max(size, 1))
            if size:
                self.font_name(font, ctypes.addressof(buffer), size)
            descent = (ctypes.c_float * 1)()
            if not self.descent(font, 1.0, ctypes.addressof(descent)):
                descent[0] = 0.0
            known = known_fonts[font] = (font_name(buffer.value), min(0.0, descent[0]))
        return known


_CALLS: list[Calls] = []  # made on first use: importing this module loads no PDFium


def calls() -> Calls:
    if not _CALLS:
        _CALLS.append(Calls())
    return _CALLS[0]


def handle(address: int, kind: Any) -> Any:
    """An object's address as pypdfium2's typed handle ``kind`` (``pypdfium2.raw.FPDF_PAGEOBJECT`` …)."""
    return ctypes.cast(address, kind)
