"""What only the parse stage reads about a run, as one value: OCR mode, page workers, progress, engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OcrMode = Literal["auto", "always", "never"]
Engine = Literal["pdfminer", "pdfium"]
ENGINES = ("pdfium", "pdfminer")
DEFAULT_ENGINE = "pdfium"


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """``ocr``: which pages are read by OCR (``auto``: those without a usable text layer);
    ``workers``: processes that OCR pages side by side; ``progress``: a bar for OCR work of
    several pages when stderr is a terminal; ``engine``: the library that reads a PDF's pages."""

    ocr: OcrMode | str = "auto"
    workers: int = 1
    progress: bool = False
    # Which library reads a PDF's pages: pdfminer (through pdfplumber), or PDFium (pypdfium2).
    engine: Engine | str = DEFAULT_ENGINE
