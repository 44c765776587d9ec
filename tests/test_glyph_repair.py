"""Glyph maps that lie: the ``glyph_map`` rule of normalization.

Unit tests on lines built here (a 方正-named font and the code points such fonts
give), negatives (Yi text, guillemets around Latin, full-width digits printed
full-width), idempotence as a property, a PDF built here with a font whose
Unicode map lies the same way, and the real PDFs in ``../shared/real`` (skipped
when that folder is absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REAL
from extract.model import Box, Line, Span
from extract.normalize import Normalizer
from extract.normalize.glyph_repair import gb_code_marks, is_founder_font

FOUNDER = "FZSSK--GBK1-0"  # 方正书宋_GBK, as Founder-typeset PDFs name it
FOUNDER_DIGITS = "E-BZ9-PK74840e"  # the Western font Founder typesetting sets figures in
OTHER = "SimSun"
SIZE = 16.0


def line(runs: list[tuple[str, str]] | str, page: int = 1, top: float = 100.0,
         advance: dict[str, float] | None = None) -> Line:
    """A line of (text, font) runs at 16 pt, one box per character; the pen moves on a full em
    after each character but those in ``advance``, which say how far."""
    if isinstance(runs, str):
        runs = [(runs, FOUNDER)]
    advance = advance or {}
    text, spans, boxes, x = "", [], [], 80.0
    for chunk, font in runs:
        spans.append(Span(len(text), len(text) + len(chunk), font, SIZE, False, "#000000"))
        for ch in chunk:
            boxes.append(Box(x, top, x + SIZE, top + SIZE))  # a full em wide, as a CID font's widths say
            x += advance.get(ch, SIZE)
        text += chunk
    return Line(page=page, text=text, box=Box(80.0, top, boxes[-1].x1, top + SIZE), spans=spans, char_boxes=boxes)


NARROW = dict.fromkeys("0123456789０１２３４５６７８９", SIZE / 2)  # figures set half an em apart


def glyph_changes(norm: Normalizer) -> list[tuple[str, int, str, str, bool]]:
    return [(c.field, c.page, c.before, c.after, c.published) for c in norm.changes if c.rule == "glyph_map"]


# ---- GB codes read as Unicode (方正 / Founder) ----------------------------------------------


def test_gb_codes_in_a_founder_field_are_read_as_the_marks_printed():
    ln = line("本条例自公布之日起施行ꎬ有效期五年ꎻ具体办法另行规定ꎮ", page=3)
    norm = Normalizer()
    out = norm.field("sections/1/points/2/body", [ln])
    assert out == "本条例自公布之日起施行，有效期五年；具体办法另行规定。"
    assert glyph_changes(norm) == [
        ("sections/1/points/2/body", 3, "ꎬ", "，", False),
        ("sections/1/points/2/body", 3, "ꎻ", "；", False),
        ("sections/1/points/2/body", 3, "ꎮ", "。", False),
    ]
    boxes = [c.box for c in norm.changes]
    assert boxes == [ln.char_boxes[11], ln.char_boxes[17], ln.char_boxes[26]]
    assert norm.counts() == {"published_text": {}, "pdf_layout": {"glyph_map": 3}}
    assert norm.anomalies == []


def test_gb_code_table_is_the_gb2312_code_table():
    """Every entry is the GBK reading of the code point's two bytes, except Founder's 。 at A3AE."""
    table = gb_code_marks()
    for yi, mark in table.items():
        code = ord(yi)
        assert 0xA1A1 <= code <= 0xA3FE and 0xA1 <= code & 0xFF <= 0xFE
        if yi != "\ua3ae":
            assert bytes.fromhex(f"{code:04X}").decode("gbk") == mark
    assert table["\ua3ae"] == "。"
    expected = dict(zip("ꎬꎮꎻꎺꎨꎩꎿꎡꆢꆣꆶꆷꆰꆱꆭꎭꎯꎰ", "，。；：（）？！、。《》“”…－／０", strict=True))
    assert {k: table[k] for k in expected} == expected
    assert sum(1 for k in table if k < "\ua2a1") == 94 and sum(1 for k in table if k >= "\ua3a1") == 94


def test_founder_font_names():
    for name in ("FZSSK--GBK1-0", "ABCDEF+FZXiaoBiaoSong-B05S", "E-BZ", "E-B6", "SSJ-PK74820000002",
                 "H-SS9-PK74820000009", "方正仿宋_GBK", "\\xb7\\xbd\\xd5\\xfd\\xb7\\xc2\\xcb\\xce_GBK"):
        assert is_founder_font(name), name
    for name in ("SimSun", "STSong-Light", "FangSong_GB2312", "TimesNewRomanPSMT", "Fzzy", "E-Book", "LiberationSerif"):
        assert not is_founder_font(name), name


def test_marks_chain_and_follow_numbers_and_latin():
    norm = Normalizer()
    out = norm.field("f", [line("同比增长5%ꎬGDPꎬ“双减”ꎬꎬ第ꎨ一ꎩ项ꎺ")])
    assert out == "同比增长5%，GDP，“双减”，，第（一）项："
    assert len(glyph_changes(norm)) == 7


def test_the_width_and_space_rules_see_the_repaired_marks():
    norm = Normalizer()
    assert norm.field("f", [line("经审议 ꎬ 决定如下 ꎺ")]) == "经审议，决定如下："
    assert [c.rule for c in norm.changes] == ["glyph_map", "glyph_map", "space_removed", "space_removed",
                                              "space_removed"]


def test_yi_text_keeps_its_syllables():
    # genuine Yi next to the marks' code points, in a Founder field
    norm = Normalizer()
    text = "彝文写作ꀀꎬꀁ，也写作ꎬꎮ ꀂꀃ。"
    assert norm.field("f", [line(text)]) == text
    assert glyph_changes(norm) == []
    # no Founder font in the field: the code points are what the font says
    norm = Normalizer()
    assert norm.field("f", [line([("施行ꎬ有效期五年ꎮ", OTHER)])]) == "施行ꎬ有效期五年ꎮ"
    assert norm.changes == []
    # no Chinese in the field: nothing to be punctuation of
    norm = Normalizer()
    assert norm.field("f", [line("ꎬꎮ ꎻ")]) == "ꎬꎮ ꎻ"
    # text without line provenance has no font to go by
    norm = Normalizer()
    assert norm.text("f", "施行ꎬ有效期五年ꎮ", 1) == "施行ꎬ有效期五年ꎮ"


def test_a_founder_font_anywhere_in_the_field_is_enough():
    # the mark may be in a punctuation font of its own; the field is Founder-set
    lines = [line([("本法自", FOUNDER), ("２００２", FOUNDER_DIGITS)]), line([("起施行ꎮ", OTHER)], top=130)]
    assert Normalizer().field("f", lines) == "本法自２００２起施行。"


# ---- guillemets ----------------------------------------------------------------------------


def test_guillemets_around_cjk_are_book_title_marks():
    norm = Normalizer()
    out = norm.field("f", [line([("根据«中华人民共和国安全生产法»和« 条例 »规定", OTHER)], page=2)])
    assert out == "根据《中华人民共和国安全生产法》和《条例》规定"
    assert [(c.before, c.after, c.page, c.published) for c in norm.changes if c.rule == "glyph_map"] == [
        ("«", "《", 2, False), ("»", "》", 2, False), ("«", "《", 2, False), ("»", "》", 2, False)]


def test_guillemets_around_latin_stay():
    for text in ("法国«Le Monde»报道", "«Bonjour», dit-il", "他说«ok»。", "«…»"):
        norm = Normalizer()
        out = norm.text("f", text, 1)
        assert "«" in out and "»" in out and glyph_changes(norm) == [], text


def test_an_unpaired_guillemet_turns_on_the_side_cjk_is():
    norm = Normalizer()
    assert norm.text("f", "见«关于修改", 1) == "见《关于修改"
    assert norm.text("g", "安全生产法»的决定", 1) == "安全生产法》的决定"
    assert norm.text("h", "see«Le", 1) == "see«Le"
    # next to a repaired mark: ««, «ꎨ
    assert norm.field("i", [line("见««条例", top=130)]) == "见《《条例"
    assert norm.field("j", [line("见«ꎨ一ꎩ", top=160)]) == "见《（一）"
    # a closing mark is looked through in either width: only what lies beyond it decides
    assert norm.text("k", "（中«）", 1) == "（中«）"
    assert norm.text("l", "（中«)", 1) == "（中«）"
    assert norm.text("m", "中«）条例", 1) == "中《）条例"


# ---- private-use points inside numbers -------------------------------------------------------


@pytest.mark.parametrize("pua", ["\ue000", "\uf8f0", "\U001001b0"])
def test_a_private_use_character_between_digits_is_a_point(pua):
    norm = Normalizer()
    point = NARROW | {pua: SIZE / 4}
    ln = line([(f"增长3{pua}5%，达到12{pua}75亿元", OTHER)], page=7, advance=point)
    out = norm.field("key_tasks/rows/3/q2", [ln])
    assert out == "增长3.5%，达到12.75亿元"
    assert glyph_changes(norm) == [("key_tasks/rows/3/q2", 7, pua, ".", False)] * 2
    assert norm.anomalies == []  # no private_use left to report


def test_private_use_characters_elsewhere_stay_and_are_reported():
    norm = Normalizer()
    # not between digits; between digits but printed a full em wide (a range mark, not a point)
    out = norm.field("f", [line([("推进\ue001行动，2021\ue0022025年", OTHER)], advance=NARROW)])
    assert out == "推进\ue001行动，2021\ue0022025年"
    assert glyph_changes(norm) == []
    assert [(a.kind, a.text) for a in norm.anomalies] == [("private_use", "\ue001"), ("private_use", "\ue002")]
    # unmeasured: text without boxes
    assert Normalizer().text("f", "增长3\ue0005%", 1) == "增长3\ue0005%"


# ---- full-width digits -------------------------------------------------------------------------


def test_full_width_digits_printed_half_width_become_ascii():
    # a gazette date: the figures stand half an em apart, a lone one (６) too is the same font's figure
    runs = [("（", FOUNDER), ("２００２", FOUNDER_DIGITS), ("年", FOUNDER), ("６", FOUNDER_DIGITS), ("月", FOUNDER),
            ("２９", FOUNDER_DIGITS), ("日通过", FOUNDER)]
    norm = Normalizer()
    out = norm.field("attachment/preamble", [line(runs, page=1, advance=NARROW)])
    assert out == "（2002年6月29日通过"
    got = glyph_changes(norm)
    assert [(b, a) for _, _, b, a, _ in got] == list(zip("２００２６２９", "2002629", strict=True))
    assert all(field == "attachment/preamble" and page == 1 and not published for field, page, *_, published in got)
    assert Normalizer().text("g", out, 1) == out


def test_full_width_digits_printed_full_width_stay():
    # the policy keeps the published widths: figures a full em apart are full-width as printed
    runs = [("自", OTHER), ("２０２３", OTHER), ("年起施行", OTHER)]
    norm = Normalizer()
    assert norm.field("f", [line(runs)]) == "自２０２３年起施行"
    assert norm.changes == []
    assert norm.text("g", "自２０２３年起施行", 1) == "自２０２３年起施行"


# ---- idempotence ------------------------------------------------------------------------------

LIARS = "ꎬꎮꎻꎺꎨꎩꆢꆶꆷ«»\ue000"
ALPHABET = "施行条例第年月日一二中" + "ꀀꀁꂷ" + LIARS + "0123456789０１２" + "abZ.%,;:()" + "  "
# ASCII figures and the private-use code set narrow, as a number's figures and point are printed
POINTS = dict.fromkeys("0123456789", SIZE / 2) | {"\ue000": SIZE / 4}


@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=24), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_glyph_repair_is_idempotent(parts):
    """The output normalizes to itself: as text, and set again in the same Founder font. (Set
    again one em a character: a new layout is new evidence — a point measured across a line
    break, figures brought together by a removed space — that the rule rightly reads.)"""
    lines = [line(p.strip() or "中", top=100 + 30 * k, advance=POINTS) for k, p in enumerate(parts)]
    once = Normalizer().field("f", lines)
    again = Normalizer()
    assert again.field("f", [line(once)]) == once
    assert again.text("g", once, 1) == once
    assert again.changes == []


# ---- a PDF whose font's Unicode map lies ----------------------------------------------------------


def _make_font(path: Path, name: str, advances: dict[str, int]) -> None:
    """A TrueType font named ``name`` with a box glyph for each character, its advance in 1/1000 em."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def glyph(width: int, ink: bool):  # noqa: ANN202 (fontTools' glyph type)
        pen = TTGlyphPen(None)
        if ink:
            left, right = width // 10, width * 9 // 10
            pen.moveTo((left, 0))
            pen.lineTo((left, 700))
            pen.lineTo((right, 700))
            pen.lineTo((right, 0))
            pen.closePath()
        return pen.glyph()

    names = {ch: f"u{ord(ch):04X}" for ch in advances}
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", *names.values()])
    fb.setupCharacterMap({ord(ch): g for ch, g in names.items()})
    fb.setupGlyf({".notdef": glyph(500, False), **{names[ch]: glyph(w, True) for ch, w in advances.items()}})
    fb.setupHorizontalMetrics({".notdef": (500, 0), **{names[ch]: (w, w // 10) for ch, w in advances.items()}})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": name, "styleName": "Regular", "psName": name})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))


def test_a_pdf_whose_founder_fonts_lie(tmp_path):
    """Fonts whose cmap (and so the PDF's ToUnicode) gives the code points Founder's fonts give:
    ꎬ ꎮ for the marks, « » for 《 》, full-width codes for figures printed half-width, a
    private-use code for the point in a number."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from extract.parse.pdf import parse_pdf

    runs = [("本条例自", FOUNDER), ("２０２３", FOUNDER_DIGITS), ("年", FOUNDER), ("５", FOUNDER_DIGITS),
            ("月", FOUNDER), ("１", FOUNDER_DIGITS), ("日起施行ꎬ«条例»第", FOUNDER), ("3\ue0005", FOUNDER_DIGITS),
            ("条同时废止ꎮ", FOUNDER)]
    cjk = {ch for text, font in runs if font == FOUNDER for ch in text}
    _make_font(tmp_path / "song.ttf", FOUNDER, dict.fromkeys(cjk, 1000))
    figures = dict.fromkeys("０１２３４５６７８９0123456789", 500) | {"\ue000": 250}
    _make_font(tmp_path / "figures.ttf", FOUNDER_DIGITS, figures)
    pdfmetrics.registerFont(TTFont(FOUNDER, str(tmp_path / "song.ttf")))
    pdfmetrics.registerFont(TTFont(FOUNDER_DIGITS, str(tmp_path / "figures.ttf")))
    path = tmp_path / "founder.pdf"
    c = canvas.Canvas(str(path))
    text = c.beginText(80, 700)
    for chunk, font in runs:
        text.setFont(font, SIZE)
        text.textOut(chunk)
    c.drawText(text)
    c.save()

    [ln] = parse_pdf(path).pages[0].lines
    assert ln.text == "".join(chunk for chunk, _ in runs)  # the lies are in the text layer
    assert {s.font for s in ln.spans} == {FOUNDER, FOUNDER_DIGITS}
    norm = Normalizer()
    assert norm.field("body/0", [ln]) == "本条例自2023年5月1日起施行，《条例》第3.5条同时废止。"
    got = [(c.before, c.after, c.box) for c in norm.changes if c.rule == "glyph_map"]
    assert [(b, a) for b, a, _ in got] == list(zip("２０２３５１ꎬ«»\ue000ꎮ", "202351，《》.。", strict=True))
    lying = "２０３５１ꎬ«»\ue000ꎮ"
    assert [box for *_, box in got] == [box for ch, box in zip(ln.text, ln.char_boxes, strict=True) if ch in lying]
    assert {c.rule for c in norm.changes} == {"glyph_map"} and norm.anomalies == []


# ---- the real PDFs -----------------------------------------------------------------------------------

R03 = REAL / "r03-guangxi-2023-npc-gonggao-regulation.pdf"
R07 = REAL / "r07-npcsc-2021-gazette-law-2col.pdf"
needs_real = pytest.mark.skipif(not R03.exists() or not R07.exists(), reason="../shared/real is not beside the project")


def _texts(doc) -> list[str]:
    from extract.model import to_jsonable

    def walk(obj):
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, dict):
            for value in obj.values():
                yield from walk(value)
        elif isinstance(obj, list):
            for value in obj:
                yield from walk(value)

    return list(walk(to_jsonable([doc.notice, doc.attachment, doc.sections, doc.key_tasks])))


@pytest.fixture(scope="module")
def r03_doc(real_run):
    from extract.pipeline import extract

    return extract(R03, cache_dir=real_run(R03.stem).cache_dir, enrich=False)


@pytest.fixture(scope="module")
def r07_doc(real_run):
    from extract.pipeline import extract

    return extract(R07, cache_dir=real_run(R07.stem).cache_dir, enrich=False)


@needs_real
def test_r03_founder_fonts_without_lies_are_left_alone(r03_doc):
    """方正 fonts throughout, but its text layer gives true code points: nothing to repair."""
    assert any(is_founder_font(s.font) for p in r03_doc.parsed.pages for ln in p.lines for s in ln.spans)
    texts = "".join(_texts(r03_doc))
    assert "ꎬ" not in texts and "ꎮ" not in texts
    assert [c for c in r03_doc.changes if c.rule == "glyph_map"] == []
    assert not any(a.kind == "private_use" for a in r03_doc.anomalies)


@needs_real
def test_r03_notice_date_parses(r03_doc):
    assert r03_doc.notice.date == "2023-03-28"


@needs_real
def test_r07_gazette_figures_read_half_width(r07_doc):
    """The gazette's figures: full-width codes, printed half an em apart (the page numbers, furniture,
    are no text field). Every one in the text is read as ASCII and logged where it is printed."""
    texts = _texts(r07_doc)
    assert not any("０" <= ch <= "９" for text in texts for ch in text)
    printed = {(ln.page, box) for p in r07_doc.parsed.pages for ln in p.lines
               for ch, box in zip(ln.text, ln.char_boxes, strict=True) if "０" <= ch <= "９"}
    digits = [c for c in r07_doc.changes if c.rule == "glyph_map"]
    assert len(printed) == 35 and {(c.page, c.box) for c in digits} == printed
    assert all(not c.published and c.after == chr(ord(c.before) - 0xFF10 + 0x30) for c in digits)
    history = (r07_doc.attachment.title or "") + r07_doc.attachment.preamble
    assert "（2002年6月29日第九届全国人民代表大会" in history
