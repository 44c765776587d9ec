"""OFD input: each feature real files use, on a synthetic OFD built here (zipfile + XML strings)."""

from __future__ import annotations

import pytest

from extract.errors import InputError
from extract.parse import ParseOptions, open_source, parse
from synth_ofd import (
    document_xml,
    ofd_xml,
    package,
    page_xml,
    path_object,
    res_xml,
    simple_ofd,
    text_object,
)

MM = 72 / 25.4


def read(path, ocr: str = "never"):
    return parse(open_source(path), ParseOptions(ocr=ocr))


def texts(doc) -> list[str]:
    return [line.text for page in doc.pages for line in page.lines]


def test_source_tells_ofd_by_content_not_name(tmp_path):
    ofd = simple_ofd(tmp_path / "named.pdf", [text_object("关于开展检查工作的通知", 30, 50)])
    source = open_source(ofd)
    assert source.kind == "ofd"
    assert texts(parse(source, ParseOptions(ocr="never"))) == ["关于开展检查工作的通知"]


@pytest.mark.parametrize("ns", ["http://www.ofdspec.org/2016", "http://www.ofdspec.org", None])
def test_tags_match_by_local_name_in_any_namespace(tmp_path, ns):
    def strip(xml: str) -> str:
        return xml if ns else xml.replace(' xmlns:ofd="http://www.ofdspec.org/2016"', "").replace("ofd:", "")

    spec = ns or "http://www.ofdspec.org/2016"
    ofd = package(tmp_path / "ns.ofd", {
        "OFD.xml": strip(ofd_xml(ns=spec)),
        "Doc_0/Document.xml": strip(document_xml(ns=spec)),
        "Doc_0/PublicRes.xml": strip(res_xml(ns=spec)),
        "Doc_0/Pages/Page_0/Content.xml": strip(page_xml(text_object("各成员单位：", 30, 50), ns=spec)),
    })
    assert texts(read(ofd)) == ["各成员单位："]


def test_absolute_and_relative_paths_and_case(tmp_path):
    ofd = package(tmp_path / "paths.ofd", {
        "OFD.xml": ofd_xml(doc_root="/Doc_0/Document.xml"),
        "Doc_0/Document.xml": document_xml(2, base="/Doc_0/Pages/Page_{i}/content.xml")
        .replace("<ofd:PublicRes>PublicRes.xml", "<ofd:PublicRes>./Res/../PublicRes.xml"),
        "Doc_0/PublicRes.xml": res_xml(),
        "Doc_0/Pages/Page_0/Content.xml": page_xml(text_object("第一页", 30, 50)),
        "Doc_0/Pages/Page_1/Content.xml": page_xml(text_object("第二页", 30, 50)),
    })
    doc = read(ofd)
    assert [p.lines[0].text for p in doc.pages] == ["第一页", "第二页"]
    assert doc.pages[0].lines[0].font == "SimSun"


def test_page_box_over_document_box(tmp_path):
    ofd = simple_ofd(tmp_path / "box.ofd", [
        page_xml(text_object("横页", 30, 50), box="0 0 297 210"),
        text_object("竖页", 30, 50),
    ])
    doc = read(ofd)
    assert (round(doc.pages[0].width, 1), round(doc.pages[0].height, 1)) == (841.9, 595.3)
    assert (round(doc.pages[1].width, 1), round(doc.pages[1].height, 1)) == (595.3, 841.9)


def test_boundary_and_ctm_place_glyphs_and_size_one_takes_its_size_from_the_ctm(tmp_path):
    # Size="1" scaled by a CTM of 5.6: a 5.6 mm (15.9 pt) glyph, its baseline at 20 + 5.6·1 mm.
    obj = (
        '<ofd:TextObject ID="5" Boundary="40 20 60 10" CTM="5.6 0 0 5.6 0 0" Font="1" Size="1">'
        '<ofd:TextCode X="0" Y="1" DeltaX="1">通知</ofd:TextCode></ofd:TextObject>'
    )
    line = read(simple_ofd(tmp_path / "ctm.ofd", [obj])).pages[0].lines[0]
    assert line.text == "通知"
    assert line.size == round(5.6 * MM, 1)
    first = line.char_boxes[0]
    assert first.x0 == pytest.approx(40 * MM) and first.bottom == pytest.approx((25.6 + 0.141 * 5.6) * MM)
    assert line.char_boxes[1].x0 == pytest.approx(45.6 * MM)


def test_delta_groups_and_delta_y_and_inherited_positions(tmp_path):
    obj = (
        '<ofd:TextObject ID="5" Boundary="20 20 170 40" Font="1" Size="5">'
        '<ofd:TextCode X="0" Y="5" DeltaX="g 3 6 5">甲乙丙丁戊</ofd:TextCode>'
        '<ofd:TextCode>己庚</ofd:TextCode>'  # X and Y carried on from where the run before ended
        '<ofd:TextCode X="0" Y="20" DeltaY="6">竖排</ofd:TextCode>'
        "</ofd:TextObject>"
    )
    page = read(simple_ofd(tmp_path / "delta.ofd", [obj])).pages[0]
    first = page.lines[0]
    assert first.text.replace(" ", "") == "甲乙丙丁戊己庚"
    starts = [b.x0 / MM - 20 for b, ch in zip(first.char_boxes, first.text, strict=True) if ch != " "]
    assert starts == pytest.approx([0, 6, 12, 18, 23, 28, 33])
    tops = sorted(round(b.top / MM, 1) for line in page.lines[1:] for b in line.char_boxes)
    assert len(tops) == 2 and tops[1] - tops[0] == pytest.approx(6, abs=0.1)


def test_glyphs_are_not_clipped_to_their_boundary(tmp_path):
    obj = (
        '<ofd:TextObject ID="5" Boundary="20 20 6 6" Font="1" Size="5">'
        '<ofd:TextCode X="0" Y="5" DeltaX="5 5 5">边界之外</ofd:TextCode></ofd:TextObject>'
    )
    assert texts(read(simple_ofd(tmp_path / "clip.ofd", [obj]))) == ["边界之外"]


@pytest.mark.parametrize(
    ("value", "space", "expected"),
    [
        ("255 0 0", "", "#ff0000"),
        ("#ee #20 #25", "", "#ee2025"),
        ("128", ' ColorSpace="2"', "#808080"),
        ("0 255 255 0", ' ColorSpace="3"', "#ff0000"),
    ],
)
def test_colours_rgb_hex_gray_cmyk(tmp_path, value, space, expected):
    res = res_xml(body='<ofd:ColorSpaces><ofd:ColorSpace ID="2" Type="GRAY"/><ofd:ColorSpace ID="3" Type="CMYK"/>'
                  "</ofd:ColorSpaces>")
    obj = (
        f'<ofd:TextObject ID="5" Boundary="20 20 60 10" Font="1" Size="5"><ofd:FillColor Value="{value}"{space}/>'
        '<ofd:TextCode X="0" Y="5" DeltaX="5">红字</ofd:TextCode></ofd:TextObject>'
    )
    assert read(simple_ofd(tmp_path / "c.ofd", [obj], res=res)).pages[0].lines[0].color == expected


def test_nested_page_blocks_and_composite_objects(tmp_path):
    unit = (
        '<ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="70" Width="100" Height="20"><ofd:Content>'
        + text_object("复合对象里的文字", 0, 10, 5)
        + "</ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits>"
    )
    doc_res = (
        '<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res">'
        + unit + "</ofd:Res>"
    )
    content = (
        '<ofd:PageBlock ID="3"><ofd:PageBlock ID="4">' + text_object("嵌套块里的文字", 20, 30) + "</ofd:PageBlock>"
        '</ofd:PageBlock><ofd:CompositeObject ID="6" Boundary="20 60 100 20" ResourceID="70"/>'
    )
    doc = document_xml(common="<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>")
    ofd = simple_ofd(tmp_path / "blocks.ofd", [content], doc=doc, extra_parts={"Doc_0/DocumentRes.xml": doc_res})
    parsed = read(ofd)
    lines = parsed.pages[0].lines
    assert [line.text for line in lines] == ["嵌套块里的文字", "复合对象里的文字"]
    assert lines[1].box.bottom == pytest.approx((70 + 0.141 * 5) * MM, abs=0.01)


def test_template_page_is_drawn_under_the_page(tmp_path):
    template = page_xml(text_object("名称：", 20, 40))
    doc = document_xml(common='<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>')
    under = '<ofd:Template TemplateID="9" ZOrder="Background"/>'
    page = page_xml(text_object("某某科技有限公司", 36.8, 40), before=under)
    parsed = read(simple_ofd(tmp_path / "tpl.ofd", [page], doc=doc,
                             extra_parts={"Doc_0/Tpls/Tpl_0/Content.xml": template}))
    assert texts(parsed) == ["名称：某某科技有限公司"]


def test_stamp_annotations_and_signature_stamps_are_seals(tmp_path):
    annots = (
        '<?xml version="1.0"?><ofd:Annotations xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Page PageID="100">'
        "<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"
    )
    annot = (
        '<?xml version="1.0"?><ofd:PageAnnot xmlns:ofd="http://www.ofdspec.org/2016">'
        '<ofd:Annot Type="Stamp" ID="1"><ofd:Appearance Boundary="120 200 40 40"/></ofd:Annot>'
        '<ofd:Annot Type="Stamp" Subtype="FreeText" ID="2"><ofd:Appearance Boundary="150 10 30 6">'
        + text_object("批注", 0, 5) + "</ofd:Appearance></ofd:Annot></ofd:PageAnnot>"
    )
    signs = (
        '<?xml version="1.0"?><ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016">'
        '<ofd:Signature ID="1" BaseLoc="/Doc_0/Signs/Sign_0/Signature.xml"/></ofd:Signatures>'
    )
    sign = (
        '<?xml version="1.0"?><ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016"><ofd:SignedInfo>'
        '<ofd:StampAnnot ID="1" PageRef="101" Boundary="100 150 42 42"/>'
        "<ofd:Seal><ofd:BaseLoc>Seal.esl</ofd:BaseLoc></ofd:Seal></ofd:SignedInfo></ofd:Signature>"
    )
    # the seal file (ASN.1) carries its picture's PNG bytes among its fields
    seal_file = b"\x30\x82\x10\x00ES seal header" + _red_disc_png() + b"\x04\x00signature tail"
    ofd = simple_ofd(
        tmp_path / "seals.ofd",
        [text_object("正文第一页", 30, 50), text_object("正文第二页", 30, 50)],
        ofd=ofd_xml(extra="<ofd:Signatures>/Doc_0/Signatures.xml</ofd:Signatures>"),
        doc=document_xml(2, extra="<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>"),
        extra_parts={"Doc_0/Annots/Annotations.xml": annots, "Doc_0/Annots/Page_0/Annotation.xml": annot,
                     "Doc_0/Signatures.xml": signs, "Doc_0/Signs/Sign_0/Signature.xml": sign,
                     "Doc_0/Signs/Sign_0/Seal.esl": seal_file},
    )
    doc = read(ofd)
    seals = [(s.page, [round(v / MM) for v in s.box]) for s in doc.seals]
    assert seals == [(1, [120, 200, 160, 240]), (2, [100, 150, 142, 192])]
    assert "批注" not in "".join(texts(doc))  # an annotation's text is not the page's
    # the review image shows the signature's seal picture where it is stamped
    import io

    import numpy as np
    from PIL import Image

    from extract.export.review.images import render_pages

    image = render_pages(ofd, None, doc.pages)[1]
    rgb = np.asarray(Image.open(io.BytesIO(image.data)).convert("RGB")).astype(int)
    k = image.width / (210 * MM)
    stamp = rgb[round(155 * MM * k) : round(187 * MM * k), round(105 * MM * k) : round(137 * MM * k)]
    assert ((stamp[:, :, 0] > 180) & (stamp[:, :, 1] < 80)).mean() > 0.5


def _red_disc_png() -> bytes:
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGBA", (100, 100), (255, 255, 255, 0))
    ImageDraw.Draw(picture).ellipse((0, 0, 99, 99), fill="#e00000")
    data = io.BytesIO()
    picture.save(data, format="PNG")
    return data.getvalue()


def test_ruled_table_from_paths_and_invisible_paths_ignored(tmp_path):
    rules = []
    for y in (50, 60, 70):  # three rules across, four down: a grid of two rows and three columns
        rules.append(path_object("M 0 0 L 150 0", f"30 {y} 150 0.2"))
    for x in (30, 80, 130, 180):
        rules.append(path_object("M 0 0 L 0 20", f"{x} 50 0.2 20"))
    # a white full-page fill and a transparent one lie over everything, as producers leave them
    rules.append(path_object("M 0 0 L 210 0 L 210 297 L 0 297 C", "0 0 210 297", stroke=False, fill=True,
                             colour="255 255 255", attrs=' Alpha="0"'))
    cells = [("项目", 32, 57), ("日期", 82, 57), ("备注", 132, 57), ("测试", 32, 67), ("九月", 82, 67), ("无", 132, 67)]
    body = "".join(rules) + "".join(text_object(t, x, y, 5) for t, x, y in cells) + text_object("表格之外", 30, 90)
    page = read(simple_ofd(tmp_path / "table.ofd", [body])).pages[0]
    assert [[c.text for c in row] for row in page.tables[0].rows] == [["项目", "日期", "备注"], ["测试", "九月", "无"]]
    assert [line.text for line in page.lines] == ["表格之外"]
    assert len(page.rulings) == 7


def test_outline_text_is_read_by_ocr_and_never_taken_from_the_title(tmp_path):
    """A heading drawn only as glyph outlines (paths from a real font) is read by OCR; with OCR off it
    is missing, and the metadata title (a stale name) never stands in for it."""
    ofd = _outline_heading(tmp_path / "outlines.ofd", "NOTICE")
    off = read(ofd, ocr="never")
    assert texts(off) == ["正文第一行"] and off.source.title == "STALE NAME"
    assert off.pages[0].unread_outlines == 1  # reported missing: the status is partial for it
    on = read(ofd, ocr="auto")
    heading = on.pages[0].lines[0]
    assert heading.text == "NOTICE" and heading.origin == "ocr" and heading.color == "#ff0000"
    assert texts(on)[1:] == ["正文第一行"] and on.pages[0].unread_outlines == 0


def _outline_heading(path, word: str):
    """An OFD whose heading ``word`` is red glyph outlines (DejaVu Sans Bold, which matplotlib ships)."""
    from pathlib import Path

    import matplotlib
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    font = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf")
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    em, size, x = font["head"].unitsPerEm, 12.0, 30.0

    class OfdPen(BasePen):  # the glyph's contours as AbbreviatedData, y turned downwards
        def __init__(self) -> None:
            super().__init__(glyphs)
            self.ops: list[str] = []

        def _add(self, op, *pts) -> None:
            self.ops += [op, *(f"{px * size / em:.3f} {size - py * size / em:.3f}" for px, py in pts)]

        def _moveTo(self, pt) -> None:  # noqa: N802 (fontTools' names)
            self._add("M", pt)

        def _lineTo(self, pt) -> None:  # noqa: N802
            self._add("L", pt)

        def _curveToOne(self, p1, p2, p3) -> None:  # noqa: N802
            self._add("B", p1, p2, p3)

        def _qCurveToOne(self, p1, p2) -> None:  # noqa: N802
            self._add("Q", p1, p2)

        def _closePath(self) -> None:  # noqa: N802
            self.ops.append("C")

    objects = []
    for ch in word:
        pen = OfdPen()
        glyphs[cmap[ord(ch)]].draw(pen)
        objects.append(path_object(" ".join(pen.ops), f"{x:.3f} 30 {size:.3f} {size:.3f}", stroke=False, fill=True,
                                   colour="255 0 0", attrs=' Rule="Even-Odd"'))
        x += glyphs[cmap[ord(ch)]].width * size / em + 0.5
    return simple_ofd(path, ["".join(objects) + text_object("正文第一行", 30, 70)], ofd=ofd_xml(title="STALE NAME"))


def test_review_images_are_drawn_from_the_page(tmp_path):
    import io

    import numpy as np
    from PIL import Image

    from extract.export.review.images import render_pages

    rule = path_object("M 0 0 L 150 0", "30 100 150 0", width=1.0, colour="230 0 18")
    ofd = simple_ofd(tmp_path / "review.ofd", [rule + text_object("ABC正文", 30, 50)])
    (image,) = render_pages(ofd, None, read(ofd).pages)
    rgb = np.asarray(Image.open(io.BytesIO(image.data)).convert("RGB")).astype(int)
    scale = image.width / (210 * MM)
    row = rgb[round(100 * MM * scale)]  # the red rule drawn across
    assert ((row[:, 0] > 180) & (row[:, 1] < 80)).sum() > 100 * MM * scale
    text = rgb[round(45 * MM * scale) : round(51 * MM * scale), round(30 * MM * scale) : round(60 * MM * scale)]
    assert (text.sum(axis=2) < 300).any()  # the glyphs leave ink where they stand


def test_a_scan_packed_as_ofd_is_read_by_ocr(tmp_path):
    """A page that is only a picture of text (a band of the official PDF's first page, rendered) is drawn
    from its image and read by OCR; with OCR off it is refused as having no text layer."""
    import io

    import pypdfium2

    from conftest import RAW_PDF

    document = pypdfium2.PdfDocument(str(RAW_PDF))
    band = (60, 415, 540, 540)  # points: the recipients, the body's two lines and 特此通知。
    scale = 150 / 72
    picture = document[0].render(scale=scale).to_pil().crop(tuple(round(v * scale) for v in band))
    document.close()
    data = io.BytesIO()
    picture.save(data, format="PNG")
    width, height = (band[2] - band[0]) / MM, (band[3] - band[1]) / MM
    res = res_xml(body='<ofd:MultiMedias><ofd:MultiMedia ID="7" Type="Image"><ofd:MediaFile>scan.png</ofd:MediaFile>'
                  "</ofd:MultiMedia></ofd:MultiMedias>")
    image = f'<ofd:ImageObject ID="3" Boundary="0 0 {width} {height}" CTM="{width} 0 0 {height} 0 0" ResourceID="7"/>'
    ofd = simple_ofd(tmp_path / "scan.ofd", [image], res=res, doc=document_xml(box=f"0 0 {width} {height}"),
                     extra_parts={"Doc_0/Res/scan.png": data.getvalue()})
    page = read(ofd, ocr="auto").pages[0]
    assert page.ocr and page.image_share == 1.0
    assert page.ocr_dpi == 150.0 and not page.ocr_native  # drawn from what it paints, as quality.json says
    lines = [line.text.replace(" ", "") for line in page.lines]
    assert len(lines) == 4 and lines[0] == "教育系统各单位：" and lines[-1] == "特此通知。"
    with pytest.raises(InputError, match="no text layer"):
        read(ofd, ocr="never")


def test_a_glyph_outline_with_a_thin_stem_draws_no_rule(tmp_path):
    """A glyph's outline whose stem is a thin rectangle among curved contours (虫 in 蚌) is no table rule."""
    glyph = "M 0 0 L 1 0 L 1 8 L 0 8 C M 3 0 L 6 1 L 8 4 L 6 7 L 3 8 L 2 4 C"
    shape = path_object(glyph, "30 30 8 8", stroke=False, fill=True, colour="255 0 0")
    bar = path_object("M 0 0 L 150 0 L 150 0.5 L 0 0.5 C", "30 45 150 0.5", stroke=False, fill=True,
                      colour="255 0 0")
    page = read(simple_ofd(tmp_path / "stem.ofd", [shape + bar + text_object("正文", 30, 60)])).pages[0]
    assert [round(r.box.top / MM) for r in page.rulings] == [45]


def test_seal_pictures_are_told_by_size_shape_and_coloured_ink(tmp_path):
    import io

    from PIL import Image, ImageDraw

    def png(colour: str) -> bytes:
        picture = Image.new("RGBA", (200, 200), (255, 255, 255, 0))
        ImageDraw.Draw(picture).ellipse((10, 10, 190, 190), outline=colour, width=12)
        data = io.BytesIO()
        picture.save(data, format="PNG")
        return data.getvalue()

    media = "".join(
        f'<ofd:MultiMedia ID="{i}" Type="Image"><ofd:MediaFile>{name}.png</ofd:MediaFile></ofd:MultiMedia>'
        for i, name in ((7, "red"), (8, "black"))
    )
    res = res_xml(body=f"<ofd:MultiMedias>{media}</ofd:MultiMedias>")
    images = (
        '<ofd:ImageObject ID="3" Boundary="120 200 40 40" CTM="40 0 0 40 0 0" ResourceID="7"/>'  # a red stamp
        '<ofd:ImageObject ID="4" Boundary="20 200 40 40" CTM="40 0 0 40 0 0" ResourceID="8"/>'  # a black logo
        '<ofd:ImageObject ID="5" Boundary="20 20 150 40" CTM="150 0 0 40 0 0" ResourceID="7"/>'  # a red banner
    )
    ofd = simple_ofd(tmp_path / "pictures.ofd", [images + text_object("正文", 30, 120)], res=res,
                     extra_parts={"Doc_0/Res/red.png": png("#e00000"), "Doc_0/Res/black.png": png("#000000")})
    assert [[round(v / MM) for v in s.box] for s in read(ofd).seals] == [[120, 200, 160, 240]]


def test_page_resources_and_bold_weight(tmp_path):
    """A page's own resource list (PageRes) names its font; Weight 700 and over is a bold face."""
    page = page_xml(text_object("楷体正文", 30, 50, font="5") + text_object("加粗标题", 30, 80, font="5",
                                                                            attrs=' Weight="900"'),
                    before="<ofd:PageRes>PageRes.xml</ofd:PageRes>")
    ofd = simple_ofd(tmp_path / "pageres.ofd", [page],
                     extra_parts={"Doc_0/Pages/Page_0/PageRes.xml": res_xml({"5": "KaiTi"})})
    lines = read(ofd).pages[0].lines
    assert [(line.text, line.font, line.bold) for line in lines] == [
        ("楷体正文", "KaiTi", False), ("加粗标题", "KaiTi,Bold", True)
    ]
