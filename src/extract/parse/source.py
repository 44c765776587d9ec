"""The input, opened and checked once.

:func:`open_source` is the one place that looks at an input file: it refuses what
is missing, empty or plainly not a document, decides its kind (a PDF, an OFD, an image or a
text dump), and reads it once to hash it. The :class:`Source` it returns is what the
rest of a run works from: the stage cache is keyed by its digest, the page-count
limit is checked against it (:meth:`Source.admit_pages`), and the parse stage
opens the PDF through it (:meth:`Source.open_pdf`), which also records whether the
PDF is encrypted.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import InputError
from .file_heads import image_format, is_zip_head

# Generous default: real 公文 run to tens of pages; thousands mean something else was fed in.
DEFAULT_MAX_PAGES = 500
TEXT_SUFFIXES = (".txt", ".text")
# Names a folder's images go by; an input is an image by its bytes (file_heads.image_format), whatever its name.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")
# What a page count refusal calls each kind of input.
KIND_NAMES = {"pdf": "PDF", "text": "text dump", "ofd": "OFD", "image": "image"}
# Larger text files are not documents but dumps of whole sites or logs.
MAX_TEXT_BYTES = 64 << 20
# The PDF header may follow some junk; readers look for it within the first kilobyte.
HEADER_REACH = 1024
BLOCK = 1 << 20


def is_text_dump(path: str | Path) -> bool:
    """Whether an input should be read as a text dump (by its name: ``.txt``)."""
    return Path(path).suffix.lower() in TEXT_SUFFIXES


def check_file(path: Path, kind: str) -> int:
    """The size of an existing, non-empty input file; otherwise the error a user can act on."""
    if not path.exists():
        raise InputError(str(path), "no such file; check the path")
    if path.is_dir():
        raise InputError(str(path), f"is a folder, not a {kind} file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "the file is empty (0 bytes); download it again")
    return size


def check_page_count(path: str, pages: int, max_pages: int | None, what: str | None = None) -> None:
    """Refuse a document with more pages than ``max_pages`` (None or 0: no limit); ``what`` names the
    kind of input (by default told from the name: a text dump or a PDF)."""
    if max_pages and pages > max_pages:
        what = what or ("text dump" if is_text_dump(path) else "PDF")
        raise InputError(
            str(path),
            f"the {what} has {pages} pages, more than the limit of {max_pages}"
            " (--max-pages);"
            " raise --max-pages to read it anyway",
        )


def _not_a_pdf(path: Path, head: bytes) -> InputError:
    from .file_heads import other_document

    known = other_document(head)
    if known is not None:
        return InputError(str(path), f"the file is {known}")
    lowered = head.lower()
    html = b"<html" in lowered or b"<!doctype" in lowered
    if path.suffix.lower() in IMAGE_SUFFIXES:  # named as an image: say what an image must start with
        kind = "an HTML page, not an image" if html else "not an image"
        return InputError(
            str(path), f"the file is {kind} (no JPEG, PNG, TIFF, BMP or WebP header, nor %PDF); save the image itself"
        )
    kind = "an HTML page, not a PDF" if html else "not a PDF"
    return InputError(str(path), f"the file is {kind} (no %PDF header); save the PDF itself")


@dataclass
class Source:
    """One checked input: what it is, its digest, and what is known of it so far."""

    path: Path
    kind: Literal["pdf", "text", "ofd", "image"]
    size: int
    sha256: str
    password: str | None = None
    max_pages: int | None = DEFAULT_MAX_PAGES
    # Known once the PDF is opened, the text dump laid out into pages, or a cached parse read.
    pages: int | None = None
    # Known once the PDF is opened.
    encrypted: bool | None = None
    # A text dump's bytes, read once by open_source (PDFs are read by pdfminer from the file).
    data: bytes | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The file's name as text: bytes of a name that are not UTF-8 become U+FFFD (outputs are UTF-8)."""
        return os.fsencode(self.path.name).decode("utf-8", "replace")

    def admit_pages(self, pages: int) -> None:
        """Record the page count, refusing a document over the page limit."""
        check_page_count(str(self.path), pages, self.max_pages, KIND_NAMES[self.kind])
        self.pages = pages

    def open_pdf(self) -> Any:
        """The PDF opened with pdfplumber (the caller closes it), its page tree read and its pages admitted."""
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        from .pdf.failures import raise_wrapped_input_error
        from .pdf.guards import watch

        path, password = self.path, self.password
        watch(str(path))  # caps on what its streams inflate to, and loops in its objects
        try:
            pdf = pdfplumber.open(path, password=password or "")
            self._refuse_a_long_tree(pdf.doc)
            _ = pdf.pages  # forces the page tree, where truncation shows first
        except InputError:  # a time limit that ran out while opening
            raise
        except Exception as exc:  # pdfminer raises many unrelated types for broken files
            raise_wrapped_input_error(exc)
            cause = exc.__cause__ or exc.__context__ or exc
            for err in (exc, cause, *getattr(exc, "args", ())):
                if isinstance(err, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(err).lower():
                    if password:
                        raise InputError(str(path), "the PDF is encrypted and the password given is wrong") from None
                    raise InputError(str(path), "the PDF is encrypted; give its password with --password") from None
            reason = type(cause).__name__
            raise InputError(
                str(path), f"the PDF is damaged or truncated and cannot be read ({reason}); get a complete copy"
            ) from None
        self.encrypted = getattr(pdf.doc, "encryption", None) is not None
        try:
            self.admit_pages(len(pdf.pages))
        except InputError:
            pdf.close()
            raise
        return pdf

    def _refuse_a_long_tree(self, doc: Any) -> None:
        """Refuse a PDF over the page limit from its page tree, before a page object is built."""
        from .pdf.guards import pages_beyond

        try:
            pages = pages_beyond(doc, self.max_pages)
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - a broken tree is reported when pdfplumber reads it
            return
        if self.max_pages and pages is not None and pages > self.max_pages:
            declared = _declared_pages(doc)
            if declared is not None and declared >= pages:  # the tree's own count, when it is not a lie
                check_page_count(str(self.path), declared, self.max_pages)
            raise InputError(
                str(self.path),
                f"the PDF has more than {self.max_pages} pages, the limit (--max-pages); raise --max-pages to read"
                " it anyway",
            )

    def text(self) -> str:
        """A text dump's text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB 18030."""
        path, data = self.path, self.data or b""
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            candidates = ["utf-16"]
        else:
            candidates = ["utf-8-sig", "gb18030"]
        for encoding in candidates:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError(str(path), "the text file is neither UTF-8 nor GB 18030 text; save it as UTF-8")
        controls = sum(1 for ch in text if ord(ch) < 0x20 and ch not in "\t\n\r\f\v")
        if "\x00" in text or controls > 0.01 * len(text):
            raise InputError(str(path), "the file is binary, not a text dump")
        head = text.lstrip()[:512].lower()
        if head.startswith(("<!doctype", "<html")) or "<html" in head:
            raise InputError(str(path), "the file is an HTML page, not a text dump; save the page's text")
        return text


def _declared_pages(doc: Any) -> int | None:
    """The page tree's ``/Count``, or None."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(doc.catalog["Pages"]).get("Count"))
    except Exception:  # noqa: BLE001 - a broken tree has no count to tell
        return None
    return count if isinstance(count, int) else None


def open_source(
    path: str | Path, password: str | None = None, max_pages: int | None = DEFAULT_MAX_PAGES
) -> Source:
    """Check an input and read it once: its kind, size and SHA-256; a text dump's bytes are kept.

    An image (JPEG, PNG, TIFF, BMP, WebP) is told by its first bytes, not its name: a phone or a
    scanner app names its files as it likes."""
    path = Path(path)
    if is_text_dump(path):
        size = check_file(path, "text")
        if size > MAX_TEXT_BYTES:
            raise InputError(
                str(path),
                f"the text file is {size >> 20} MB, too large for one document (limit {MAX_TEXT_BYTES >> 20} MB)",
            )
        data = path.read_bytes()
        if data.startswith(b"%PDF-"):
            raise InputError(str(path), "the file is a PDF, not a text dump; rename it to .pdf")
        digest = hashlib.sha256(data).hexdigest()
        return Source(path, "text", size, digest, password, max_pages, data=data)
    size = check_file(path, "PDF")
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        first = fh.read(BLOCK)
        kind: Literal["pdf", "ofd", "image"] = (
            "image" if image_format(first) else "ofd" if _ofd_kind(path, first) else "pdf"
        )
        if kind == "pdf" and b"%PDF-" not in first[:HEADER_REACH]:
            raise _not_a_pdf(path, first[:HEADER_REACH])
        digest.update(first)
        for block in iter(lambda: fh.read(BLOCK), b""):
            digest.update(block)
    if kind == "ofd":
        from .ofd.package import check_package

        check_package(path)
    return Source(path, kind, size, digest.hexdigest(), password, max_pages)


def _ofd_kind(path: Path, head: bytes) -> bool:
    """An OFD package (a ZIP; checked whole by :func:`~.ofd.package.check_package`), or a file named
    ``.ofd`` that is not a PDF (refused there as not a ZIP)."""
    return is_zip_head(head) or (path.suffix.lower() == ".ofd" and b"%PDF-" not in head[:HEADER_REACH])
