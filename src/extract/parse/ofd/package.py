"""An OFD package opened and checked: a ZIP of XML parts, read safely, parts found by their paths.

An OFD file (GB/T 33190) is a ZIP whose root holds ``OFD.xml``. Nothing in it is trusted: an entry
name that climbs out of the archive (``../``) or is absolute, an archive that would inflate to far
more than any document (a ZIP bomb: the total and each entry's ratio are capped from the directory,
which zipfile then holds each entry to), and XML that declares a DTD (entity expansion, external
entities) are refused before anything is read. XML is parsed without entities, network or huge-tree
mode. Tags are matched by local name: producers write the 2016 namespace, the bare
``http://www.ofdspec.org`` one, or none.

Paths inside the package are absolute (``/Doc_0/Document.xml``) or relative to the part that names
them; names are matched exactly, then ignoring case and back-slashes (some producers differ).
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import InputError
from ..file_heads import is_zip_head as is_zip_head
from ..file_heads import zipped_document

ROOT_PART = "OFD.xml"
# A 公文 package is tens of kilobytes to a few megabytes; scans of hundreds of pages stay far under this.
MAX_UNPACKED = 512 << 20
# Deflate compresses XML about 5 to 20 times; a bomb compresses thousands of times.
MAX_RATIO = 200
# Entries smaller than this are not checked for their ratio (a run of zeros compresses well).
RATIO_FLOOR = 1 << 20
MAX_ENTRIES = 100_000
# What zipfile raises for an entry it cannot unpack: damaged data, a bad checksum, encryption (RuntimeError).
UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError)
# A DTD or entity declaration in the prolog: OFD parts never have one.
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
    )


def local(tag: Any) -> str:
    """A tag's local name (``{ns}Page`` → ``Page``); comments and processing instructions give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def kids(element: Any, name: str | None = None) -> Iterator[Any]:
    """The element's child elements, those with local name ``name`` when given."""
    for child in element:
        tag = local(child.tag)
        if tag and (name is None or tag == name):
            yield child


def kid(element: Any, name: str) -> Any | None:
    return next(kids(element, name), None)


def path_kid(element: Any, *names: str) -> Any | None:
    """The descendant reached through child local names in turn (``CommonData``, ``PageArea``…)."""
    for name in names:
        if element is None:
            return None
        element = kid(element, name)
    return element


def text_of(element: Any | None) -> str:
    return (element.text or "").strip() if element is not None else ""


# No coordinate, size or matrix entry of a real document comes near this; beyond it products overflow.
MAX_NUMBER = 1e9


def num(value: str) -> float:
    """A number of the document; NaN, infinities and absurd magnitudes raise ValueError (the file is damaged)."""
    out = float(value)
    if not math.isfinite(out) or abs(out) > MAX_NUMBER:
        raise ValueError(f"number out of range: {value[:20]!r}")
    return out


def numbers(value: str | None) -> list[float]:
    """A space-separated list of numbers (boxes, matrices); an unreadable one raises ValueError."""
    if not value:
        return []
    return [num(v) for v in value.replace(",", " ").split()]


class Package:
    """An OFD file's ZIP archive with its entries checked, and its XML parts read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise self.error(f"the OFD file is not a readable ZIP archive ({type(exc).__name__})") from None
        try:
            self.names = self._check_entries()
        except InputError:
            self.zip.close()
            raise
        self._folded = {name.lower(): name for name in self.names}
        self._xml: dict[str, Any] = {}

    def error(self, message: str) -> InputError:
        return InputError(str(self.path), message)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_entries(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise self.error(f"the OFD archive has {len(infos)} entries, far more than a document has")
        names: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = name.split("/")
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise self.error(f"the OFD archive names a path outside itself ({info.filename!r}); it is unsafe")
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNPACKED or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise self.error(
                    "the OFD archive would inflate to far more than a document (a ZIP bomb?); it is refused"
                )
            if not info.is_dir():
                names[posixpath.normpath(name)] = info
        if ROOT_PART not in names and ROOT_PART.lower() not in {n.lower() for n in names}:
            known = zipped_document(list(names))
            if known is not None:
                raise self.error(f"the file is {known}")
            raise self.error("the file is a ZIP archive without OFD.xml: neither an OFD document nor a PDF")
        return names

    # ---- parts -------------------------------------------------------------------------

    def resolve(self, ref: str, base: str = "") -> str:
        """A part's name from a reference in the part ``base``: absolute from the root, else relative
        to the folder of ``base``."""
        ref = ref.strip().replace("\\", "/")
        joined = ref.lstrip("/") if ref.startswith("/") else posixpath.join(posixpath.dirname(base), ref)
        name = posixpath.normpath(joined) if joined else ""
        if name.startswith("../") or name == "..":
            raise self.error(f"the OFD refers to a part outside the archive ({ref!r}); it is unsafe")
        return name

    def find(self, name: str) -> str | None:
        if name in self.names:
            return name
        return self._folded.get(name.lower())

    def has(self, name: str) -> bool:
        return self.find(name) is not None

    def read(self, name: str, what: str = "part") -> bytes:
        found = self.find(name)
        if found is None:
            raise self.error(f"the OFD's {what} {name} is missing from the archive; the file is damaged")
        try:
            return self.zip.read(self.names[found])
        except UNPACK_ERRORS as exc:
            reason = type(exc).__name__
            raise self.error(f"the OFD's {what} {name} cannot be unpacked ({reason}); the file is damaged") from None

    def xml(self, name: str, what: str = "part") -> Any:
        """A part parsed as XML (once), its root element; damaged XML or a DTD is refused."""
        found = self.find(name) or name
        if found in self._xml:
            return self._xml[found]
        from lxml import etree

        data = self.read(found, what)
        if DECLARATION.search(data[:4096]):
            raise self.error(f"the OFD's {what} {name} declares a DTD (entities); OFD parts have none, it is refused")
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            reason = exc.msg
            raise self.error(f"the OFD's {what} {name} is not well-formed XML ({reason}); it is damaged") from None
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise self.error(f"the OFD's {what} {name} declares a DTD (entities); OFD parts have none, it is refused")
        self._xml[found] = root
        return root


def check_package(path: Path) -> None:
    """Refuse a file that is not a safe OFD package (see the module's docstring)."""
    with Package(path) as package:
        package.xml(package.find(ROOT_PART) or ROOT_PART, "root part")
