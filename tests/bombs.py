"""Hostile inputs built at test time, each a few MB at most on disk, each inflating far past a small budget.

The PDFs are written by hand (objects, an xref table or stream, a trailer), as an attacker would, so
that each holds exactly the structure it attacks. ``inflated`` is the size the bomb grows to when read
naively; the tests run it under a budget far below.
"""

from __future__ import annotations

import zlib
from pathlib import Path

MB = 1 << 20
PAGE = b"/Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"


def _deflate(size: int, unit: bytes = b"\0") -> bytes:
    """``unit`` repeated to ``size`` bytes, compressed (a 1000:1 ratio for zeros), without holding it whole."""
    packer = zlib.compressobj(9)
    block = unit * (MB // len(unit))
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def write_pdf(path: Path, objects: list[bytes], root: int = 1) -> Path:
    """Objects numbered from 1, an xref table and a trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    path.write_bytes(bytes(out))
    return path


def _one_page(path: Path, page: bytes, *more: bytes) -> Path:
    return write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            b"<< " + page + b" >>", *more])


def flate_content(path: Path, inflated: int = 128 * MB) -> Path:
    """A page whose one content stream inflates from under a megabyte to ``inflated`` bytes of ``q Q``."""
    content = _stream(b"/Filter /FlateDecode", _deflate(inflated, b"q Q "))
    return _one_page(path, PAGE + b" /Contents 4 0 R /Resources << >>", content)


def objstm_pdf(path: Path, bodies: list[bytes], padding: int = 0, per_stream: int = 1000) -> Path:
    """Objects 1.. packed into Flate object streams of ``per_stream`` objects (the first padded with
    ``padding`` blanks), found by a compressed xref stream, as PDF 1.5 writers lay them out."""
    n = len(bodies)
    groups = [bodies[k:k + per_stream] for k in range(0, n, per_stream)]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    rows = [b"\x00" + bytes(4) + b"\x00\x00\xff\xff"]
    stream_rows = []
    for g, group in enumerate(groups):
        number, first = n + 1 + g, g * per_stream + 1
        header, offset = bytearray(), 0
        for k, body in enumerate(group):
            header += b"%d %d " % (first + k, offset)
            offset += len(body) + 1
            rows.append(b"\x02" + number.to_bytes(4, "big") + k.to_bytes(4, "big"))
        packer = zlib.compressobj(9)
        data = packer.compress(bytes(header) + b"".join(body + b" " for body in group))
        if g == 0:
            data += b"".join(packer.compress(b" " * MB) for _ in range(padding // MB))
        data += packer.flush()
        stream_rows.append(b"\x01" + len(out).to_bytes(4, "big") + bytes(4))
        head = b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(group), len(header))
        out += b"%d 0 obj\n" % number + _stream(head, data) + b"\nendobj\n"
    xref_at = len(out)
    rows += [*stream_rows, b"\x01" + xref_at.to_bytes(4, "big") + bytes(4)]
    size = n + len(groups) + 2
    head = b"/Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Filter /FlateDecode" % size
    out += b"%d 0 obj\n" % (size - 1) + _stream(head, zlib.compress(b"".join(rows))) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    path.write_bytes(bytes(out))
    return path


def object_stream(path: Path, inflated: int = 128 * MB) -> Path:
    """The catalog, the page tree and the page inside an object stream padded to ``inflated`` bytes."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< " + PAGE + b" /Resources << >> >>"]
    return objstm_pdf(path, bodies, inflated)


def cmap_range(path: Path, ranges: int = 1, width: int = 4) -> Path:
    """A font whose ToUnicode CMap maps every code of ``width`` bytes (``ranges`` such ranges): 1 KB."""
    hi = b"FF" * width
    body = b"".join(b"<%s> <%s> <0041>\n" % (b"00" * width, hi) for _ in range(ranges))
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"1 begincodespacerange <%s> <%s> endcodespacerange\n" % (b"00" * width, hi)
            + b"%d beginbfrange\n" % ranges + body + b"endbfrange\nendcmap end end\n")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    return _one_page(path, PAGE + b" /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>",
                     _stream(b"", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"), font, _stream(b"", cmap))


def many_pages(path: Path, pages: int = 100_000, per: int = 1000, declared: int | None = None) -> Path:
    """A page tree of ``pages`` distinct leaves under ``pages / per`` nodes, in object streams; its root's
    /Count says ``declared`` (a lie) when given."""
    nodes = pages // per
    first_leaf = 3 + nodes
    top = b" ".join(b"%d 0 R" % (3 + i) for i in range(nodes))
    root = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (top, declared or pages)
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", root]
    for node in range(nodes):
        kids = b" ".join(b"%d 0 R" % (first_leaf + node * per + k) for k in range(per))
        bodies.append(b"<< /Type /Pages /Parent %d 0 R /Kids [%s] /Count %d >>" % (3 + node, kids, per))
    leaf = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>"
    bodies += [leaf % (3 + i // per) for i in range(pages)]
    return objstm_pdf(path, bodies)


def self_reference(path: Path) -> Path:
    """The page's resources are an object whose value is a reference to itself (a reader follows it forever)."""
    return _one_page(path, PAGE + b" /Contents 4 0 R /Resources 5 0 R",
                     _stream(b"", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"), b"5 0 R")


def text_line(path: Path, chars: int = 1_200_000) -> Path:
    """A text dump of one line of Chinese (3 bytes a character)."""
    path.write_text("关于做好工作的通知" * (chars // 9), encoding="utf-8")
    return path


def text_cells(path: Path, cells: int = 5_000) -> Path:
    """Two rows of ``cells`` tab-separated cells."""
    row = "\t".join(["格"] * cells)
    path.write_text("表格\n\n" + row + "\n" + row + "\n", encoding="utf-8")
    return path


def text_paragraphs(path: Path, paragraphs: int = 210_000) -> Path:
    """``paragraphs`` one-line paragraphs."""
    path.write_text("段。\n\n" * paragraphs, encoding="utf-8")
    return path


def text_plain(path: Path, lines: int = 150, chars: int = 15_000) -> Path:
    """Long paragraphs of plain letters, each under every text-dump cap: only the memory ceiling stops it."""
    path.write_text(("a" * chars + "\n\n") * lines, encoding="utf-8")
    return path
