"""Compressed content streams that cannot be inflated whole, found before a page is read.

A reader that meets a Flate stream damaged part-way keeps what it could inflate and says
nothing: PDFium does, as pdfminer did. The page would silently lose text. First every Flate stream
of the file is inflated straight from its bytes (zlib, in C; :func:`suspect`); only when one fails,
or the file is encrypted, are the pages' content streams found and inflated through pdfminer's
object parser (no page is interpreted), to name the page. A bad checksum alone is forgiven, as
readers forgive it.
"""

from __future__ import annotations

import logging
import mmap
import os
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# pdfminer logs every oddity of a damaged file; with no handler configured Python prints those
# records on stderr, burying the one ``error:`` line.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def stream_damage(stream: object) -> str | None:
    """Why a Flate stream pdfminer resolved cannot be inflated whole, or None (a bad checksum alone is
    forgiven, as readers forgive it). Its output is counted against the stream cap as it inflates: an
    encrypted file's streams were not measured before (their bytes are ciphered)."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    from .guards import bounded_inflater

    raw = getattr(stream, "rawdata", None)
    if raw is None or not hasattr(stream, "get_filters"):
        return None
    filters = stream.get_filters()  # type: ignore[attr-defined]
    if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
        return None
    if getattr(stream, "decipher", None) and getattr(stream, "objid", None) is not None:
        raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)  # type: ignore[attr-defined]
    inflater = bounded_inflater()
    try:
        inflater.decompress(raw[:-4] if len(raw) > 4 else raw)
        if len(raw) > 4:
            inflater.decompress(raw[-4:])
    except zlib.error as exc:
        if "incorrect data check" not in str(exc):
            return "a compressed content stream is damaged"
        return None
    if not inflater.eof:
        return "a compressed content stream is cut short"
    return None


_STREAM = re.compile(rb"stream\r?\n")
# How far back from ``stream`` its dictionary may begin.
DICT_REACH = 4096


def suspect(data: bytes | mmap.mmap) -> bool:
    """Whether the file may hold a damaged Flate stream (or is encrypted, its streams unreadable here).

    Each ``stream`` keyword whose dictionary names FlateDecode is inflated up to its ``endstream``
    (bytes after the end of the compressed data are allowed, as readers allow them), counted against
    the document's caps (:func:`.guards.measure`): a decompression bomb is refused here, before PDFium
    would inflate it.
    """
    from .guards import measure

    if data.find(b"/Encrypt") >= 0:  # its streams are ciphered: neither measured nor checked here
        return True
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - DICT_REACH) : match.start()]
        if head.endswith(b"end"):
            continue  # the ``endstream`` of the stream before
        opened = head.rfind(b"obj")
        if opened < 0 or b"/FlateDecode" not in head[opened:] or b"endstream" in head[opened:]:
            continue
        end = data.find(b"endstream", start)
        if end < 0 or not measure(data[start:end]):
            return True
    return False


@contextmanager
def mapped(path: Path) -> Iterator[bytes | mmap.mmap]:
    """The file's bytes, mapped rather than read: a scan of hundreds of megabytes is not copied into
    the process (nor counted against its memory ceiling) to be searched for its streams."""
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(fh.fileno()).st_size else None
        except OSError:  # a limit on address space (RLIMIT_AS) may refuse a mapping where a read still fits
            data = None
        if data is None:
            yield fh.read()
            return
        with data:
            yield data


def suspect_file(path: Path) -> bool:
    """:func:`suspect` of the file at ``path``."""
    with mapped(path) as data:
        return suspect(data)


def damaged_pages(path: Path, password: str | None = None, suspected: bool | None = None) -> dict[int, str]:
    """Page number → why its content cannot be read whole, for the pages whose content is damaged.

    ``suspected``: what :func:`suspect` said of the file, when it was asked already. A file whose
    structure pdfminer's parser cannot follow is left to PDFium, which opened it. Objects are not kept
    once checked: memory stays bounded however many pages there are.
    """
    if not (suspect_file(path) if suspected is None else suspected):
        return {}
    from .guards import install

    install()  # pdfminer reads the file's objects here: its inflation bounded as when it reads pages
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    out: dict[int, str] = {}
    checked: set[int] = set()  # a stream pages share (a repeated background) is inflated once
    try:
        with path.open("rb") as fh:
            document = PDFDocument(PDFParser(fh), password=password or "", caching=False)
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                contents = page.contents if isinstance(page.contents, list) else []
                for ref in contents:
                    objid = getattr(ref, "objid", None)
                    if objid is not None:
                        if objid in checked:
                            continue
                        checked.add(objid)
                    damage = stream_damage(resolve1(ref))
                    if damage:
                        out[number] = damage
                        break
    except Exception:  # noqa: BLE001 - the structure is PDFium's to judge; only stream damage is ours
        return out
    return out
