"""A font whose Unicode map lies, as 方正 symbol fonts' do: brackets and Roman numerals mapped to ideographs.

The glyphs are DejaVu Sans's (the copy OpenCV ships, a dependency of the OCR engine): its
tortoise-shell brackets ❲ ❳ (the shape of 〔 〕), its quotes “ ” and Roman numerals Ⅰ Ⅱ Ⅲ (drawn here
with serifs), each set in a full em as a CJK font sets them. The font's cmap — and so the ToUnicode
reportlab writes for it — gives them as the ideographs 暡 暢 暟 暠 栺 栻 格: the text layer says
what the page does not print.
"""

from __future__ import annotations

from pathlib import Path

# printed glyph (DejaVu's code point) -> the ideograph the map gives for it
LIES = {"❲": "暡", "❳": "暢", "Ⅰ": "栺", "Ⅱ": "栻", "Ⅲ": "格", "“": "暟", "”": "暠"}
SYMBOL_FONT = "FZSymbolLie"


# Roman numerals as a CJK font draws them: upright bars joined by a serif bar at top and foot.
ROMAN_BARS = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3}


def _roman(bars: int, em: int, glyf: object):  # noqa: ANN202 (fontTools' glyph type)
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    stem, gap, height, serif = em // 12, em // 7, em * 7 // 10, em // 22
    width = bars * stem + (bars - 1) * gap + 2 * (em // 9)
    left = (em - width) // 2

    def rect(x0: int, y0: int, x1: int, y1: int) -> None:
        pen.moveTo((x0, y0))
        pen.lineTo((x0, y1))
        pen.lineTo((x1, y1))
        pen.lineTo((x1, y0))
        pen.closePath()

    rect(left, 0, left + width, serif)
    rect(left, height - serif, left + width, height)
    for k in range(bars):
        x = left + em // 9 + k * (stem + gap)
        rect(x, serif, x + stem, height - serif)
    glyph = pen.glyph()
    glyph.recalcBounds(glyf)
    return glyph


def dejavu() -> Path:
    import cv2

    return Path(cv2.__file__).parent / "qt" / "fonts" / "DejaVuSans.ttf"


def lying_font(path: Path, name: str = SYMBOL_FONT, lies: dict[str, str] | None = None, full_em: bool = True) -> Path:
    """Write the lying font to ``path`` (a TrueType file) and return it; ``lies`` maps each glyph
    printed to the code point the map gives for it, ``full_em`` sets every glyph in a whole em."""
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    lies = LIES if lies is None else lies
    font = TTFont(str(dejavu()))
    options = Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in lies])
    subsetter.subset(font)
    cmap = font.getBestCmap()
    names = {ch: cmap[ord(ch)] for ch in lies}
    em = font["head"].unitsPerEm
    glyf, hmtx, glyph_set = font["glyf"], font["hmtx"], font.getGlyphSet()
    for printed, glyph_name in names.items():
        if printed in ROMAN_BARS:
            glyf[glyph_name] = _roman(ROMAN_BARS[printed], em, glyf)
            hmtx[glyph_name] = (em, glyf[glyph_name].xMin)
            continue
        advance, _ = hmtx[glyph_name]
        if not full_em:
            continue
        pen = TTGlyphPen(glyph_set)
        # in a full em as a CJK font sets the mark: centred, an opening quote at the em's right
        # and a closing one at its left (composites drawn out as outlines)
        shift = {"“": em - advance - em // 10, "”": em // 10}.get(printed, (em - advance) // 2)
        glyph_set[glyph_name].draw(TransformPen(pen, (1, 0, 0, 1, shift, 0)))
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[glyph_name] = glyph
        hmtx[glyph_name] = (em, glyph.xMin if glyph.numberOfContours else 0)
    for table in font["cmap"].tables:
        table.cmap = {ord(lie): names[printed] for printed, lie in lies.items()}
    for record in font["name"].names:
        if record.nameID in (1, 4, 6):
            record.string = name
    font.save(str(path))
    return path
