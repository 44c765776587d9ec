"""Bad OFD files: one ``error:`` line, exit 2, nothing written; never a traceback or a read outside the archive."""

from __future__ import annotations

import zipfile

import pytest

from conftest import run_cli
from extract.errors import InputError
from extract.parse import ParseOptions, open_source, parse
from synth_ofd import document_xml, ofd_xml, package, page_xml, res_xml, simple_ofd, text_object

GOOD = text_object("正文", 30, 50)


def refused(path, max_pages: int | None = 500) -> str:
    with pytest.raises(InputError) as caught:
        parse(open_source(path, max_pages=max_pages), ParseOptions(ocr="never"))
    return caught.value.message


def parts(**changes: str | bytes) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {
        "OFD.xml": ofd_xml(),
        "Doc_0/Document.xml": document_xml(),
        "Doc_0/PublicRes.xml": res_xml(),
        "Doc_0/Pages/Page_0/Content.xml": page_xml(GOOD),
    }
    out.update(changes)
    return {k: v for k, v in out.items() if v != ""}


def test_not_a_zip(tmp_path):
    path = tmp_path / "x.ofd"
    path.write_bytes(b"<html>not an OFD</html>")
    assert "not a readable ZIP" in refused(path)


def test_cut_short_zip(tmp_path):
    whole = simple_ofd(tmp_path / "whole.ofd", [GOOD]).read_bytes()
    path = tmp_path / "cut.ofd"
    path.write_bytes(whole[: len(whole) // 2])
    assert "ZIP" in refused(path)


def test_zip_without_ofd_xml(tmp_path):
    path = package(tmp_path / "x.ofd", {"readme.txt": "hello"})
    assert "without OFD.xml" in refused(path)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"Doc_0/Document.xml": ""}, "missing"),
        ({"Doc_0/Pages/Page_0/Content.xml": "<ofd:Page><unclosed>"}, "not well-formed"),
        ({"Doc_0/Pages/Page_0/Content.xml": page_xml(GOOD.replace('Boundary="30', 'Boundary="thirty'))}, "page 1"),
        ({"Doc_0/Pages/Page_0/Content.xml": page_xml(GOOD.replace('Boundary="30', 'Boundary="nan'))}, "page 1"),
        ({"Doc_0/Pages/Page_0/Content.xml": page_xml(GOOD.replace('Size="5.6', 'Size="1e400'))}, "page 1"),
        ({"OFD.xml": ofd_xml(doc_root="../../etc/passwd")}, "outside the archive"),
        ({"Doc_0/Document.xml": document_xml(box="0 0 0 0")}, "impossible size"),
        ({"Doc_0/Document.xml": document_xml(box="0 0 210 9000000")}, "impossible size"),
        ({"Doc_0/Document.xml": document_xml(box=None)}, "no readable page box"),
    ],
)
def test_missing_damaged_or_unsafe_parts(tmp_path, change, says):
    assert says in refused(package(tmp_path / "x.ofd", parts(**change)))


@pytest.mark.parametrize(
    ("doctype", "ref"),
    [
        ('<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', "&b;"),
        ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
    ],
)
def test_entities_are_refused(tmp_path, doctype, ref):
    xml = ofd_xml().replace("?>", "?>" + doctype, 1).replace("<ofd:DocID>x", f"<ofd:DocID>{ref}")
    assert "DTD" in refused(package(tmp_path / "x.ofd", parts(**{"OFD.xml": xml})))


def test_entry_climbing_out_of_the_archive(tmp_path):
    path = tmp_path / "x.ofd"
    package(path, parts())
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("../../evil.xml", "<x/>")
    assert "outside itself" in refused(path)


def test_zip_bomb(tmp_path):
    path = package(tmp_path / "x.ofd", parts(**{"Doc_0/Res/big.bin": b"\0" * (4 << 20)}))
    assert "ZIP bomb" in refused(path)


def test_thousands_of_pages(tmp_path):
    doc = document_xml(2000, base="Pages/Page_0/Content.xml")
    path = package(tmp_path / "x.ofd", parts(**{"Doc_0/Document.xml": doc}))
    message = refused(path)
    assert "2000 pages" in message and "--max-pages" in message


def test_cli_prints_one_error_line_exits_2_and_writes_nothing(tmp_path):
    bomb = package(tmp_path / "bomb.ofd", parts(**{"Doc_0/Res/big.bin": b"\0" * (4 << 20)}))
    out = tmp_path / "out"
    result = run_cli("run", str(bomb), "--out", str(out), "--no-summary")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "ZIP bomb" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (out / "bomb").exists()


def test_composite_units_fanning_out_are_refused(tmp_path):
    """Units that each draw the next one ten times (10^7 objects from a few hundred bytes), like entities."""
    units = "".join(
        f'<ofd:CompositeGraphicUnit ID="{70 + i}" Width="10" Height="10"><ofd:Content>'
        + f'<ofd:CompositeObject ID="1" Boundary="0 0 1 1" ResourceID="{71 + i}"/>' * 10
        + "</ofd:Content></ofd:CompositeGraphicUnit>"
        for i in range(7)
    )
    res = res_xml(body=f"<ofd:CompositeGraphicUnits>{units}</ofd:CompositeGraphicUnits>")
    content = page_xml('<ofd:CompositeObject ID="2" Boundary="0 0 10 10" ResourceID="70"/>')
    assert "more than" in refused(package(tmp_path / "x.ofd", parts(**{"Doc_0/PublicRes.xml": res,
                                                                       "Doc_0/Pages/Page_0/Content.xml": content})))


def test_mutated_packages_are_read_or_refused_never_crash(tmp_path):
    """A fixed-seed sample of damage to an OFD's XML (numbers garbled, made huge or not numbers,
    attributes and elements dropped, parts cut short): each is read, or refused with an InputError,
    and its pages are drawn, quickly."""
    import random
    import re
    import time

    from extract.export.review.images import render_pages

    rng = random.Random("ofd")
    body = "".join(text_object(f"第{i}行文字内容", 30, 40 + 10 * i, oid=i) for i in range(6))
    rules = "".join(
        f'<ofd:PathObject ID="{60 + i}" Boundary="30 {100 + 5 * i} 150 0.2" LineWidth="0.3">'
        "<ofd:AbbreviatedData>M 0 0 L 150 0 B 1 1 2 2 3 0 C</ofd:AbbreviatedData></ofd:PathObject>"
        for i in range(6)
    )
    content = page_xml(body + rules)
    garble = ["", "x", "nan", "-inf", "1e400", "99999999", "-99999999", "0", "g 3", "1 2 3 4 5 6 7"]
    outcomes = {"read": 0, "refused": 0}
    for case in range(40):
        mutated = content
        kind = case % 4
        if kind == 0:
            mutated = re.sub(r'"-?[0-9.][^"]*"', lambda m: f'"{rng.choice(garble)}"' if rng.random() < 0.08 else m[0],
                             mutated)
        elif kind == 1:
            mutated = re.sub(r' [A-Za-z]+="[^"]*"', lambda m: "" if rng.random() < 0.4 else m[0], mutated)
        elif kind == 2:
            mutated = re.sub(r"[0-9]+(\.[0-9]+)?", lambda m: rng.choice(garble[5:]) if rng.random() < 0.05 else m[0],
                             mutated)
        else:
            mutated = mutated[: rng.randrange(len(mutated))]
        path = package(tmp_path / f"m{case}.ofd", parts(**{"Doc_0/Pages/Page_0/Content.xml": mutated}))
        start = time.monotonic()
        try:
            doc = parse(open_source(path), ParseOptions(ocr="never"))
        except InputError:
            outcomes["refused"] += 1
            continue
        outcomes["read"] += 1
        render_pages(path, None, doc.pages, dpi=30)
        assert time.monotonic() - start < 5, case
    print(outcomes)
    assert outcomes["read"] > 5 and outcomes["refused"] > 5, outcomes


def test_damaged_compressed_part(tmp_path):
    path = package(tmp_path / "x.ofd", parts())
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("Doc_0/Pages/Page_0/Content.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 2, start + min(info.compress_size, 40)):
        data[i] ^= 0x5A  # the deflated bytes garbled: bad codes or a bad checksum
    path.write_bytes(bytes(data))
    message = refused(path)
    assert "Content.xml" in message and "cannot be unpacked" in message, message
