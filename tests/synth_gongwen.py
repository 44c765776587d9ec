"""A 公文 in the 文件格式 of GB/T 9704-2012, built as a PDF for the check's tests, with any one element
printed wrong on request.

:class:`Gongwen` holds every element as printed; the defaults conform to the standard (A4, 天头 37 mm,
订口 28 mm, 22 lines of 28 characters in 3号 仿宋, a 2号 小标宋 title, levels 一、（一）1.（1）, two
attachments listed and printed, a 版记 between rules, page numbers ``— N —`` set to the outer side).
A test changes one field and expects exactly the finding of that one rule. The other formats (令, 信函,
纪要) are built by the functions at the end (a 公告 on plain paper by ``test_notice_elements``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synth_notice import FANGSONG, HEI, KAI, RED, SONG, TITLE_FONT, NoticePDF, Run, width_of

MM = 72 / 25.4
BODY = [
    ("为做好本年度农机购置补贴工作，现将有关事项通知如下。", FANGSONG),
    ("一、总体要求", HEI),
    ("坚持稳定政策、优化结构，全面提升补贴实施效能，切实保障农民合法权益。", FANGSONG),
    ("（一）明确补贴范围。", KAI),
    ("各地要根据本地实际确定补贴机具种类范围，并及时向社会公布。", FANGSONG),
    ("1.公开补贴额度。", FANGSONG),
    ("（1）按档次测算补贴额。", FANGSONG),
    ("（2）及时公布测算结果。", FANGSONG),
    ("2.规范办理流程。", FANGSONG),
    ("（二）强化监督管理。", KAI),
    ("二、工作要求", HEI),
    ("各地要加强组织领导，压实工作责任，确保各项政策措施落到实处。", FANGSONG),
] + [
    # enough text to fill two pages, which is what it takes to measure lines per page and the 版心's foot
    (
        "各级农业农村部门要会同财政部门细化工作方案，明确时间节点和责任分工，加强政策宣传解读，及时回应社会关切，"
        "畅通投诉举报渠道，对发现的问题线索及时核查处理，确保补贴资金安全高效使用，切实维护政策的严肃性和公信力。",
        FANGSONG,
    )
] * 5


@dataclass
class Gongwen:
    issuer: str = "某某省农业农村厅文件"
    doc_number: str = "某农发〔2024〕12号"
    number_align: str = "center"
    number_under_rule: bool = False  # the red rule drawn above the 发文字号 instead of under it
    title: str = "关于做好2024年农机购置补贴工作的通知"
    title_shift: float = 0.0  # points off the centre
    recipients: str = "各市、县农业农村局："
    body: list[tuple[str, str]] = field(default_factory=lambda: list(BODY))
    note: list[str] = field(default_factory=lambda: ["1.农机购置补贴实施方案", "2.补贴机具种类范围"])
    note_head: str = "附件："
    note_indent: float = 2  # characters
    attachments: list[tuple[str, str]] = field(
        default_factory=lambda: [("附件1", "农机购置补贴实施方案"), ("附件2", "补贴机具种类范围")]
    )
    signature: str = "某某省农业农村厅"
    date: str = "2024年7月1日"
    # a seal picture (a red ring, 4.2 cm) set over the 署名 and 成文日期 ("over"), elsewhere on the page
    # ("aside"), or none
    seal: str | None = None
    date_left: bool = False  # the 成文日期 set at the paragraph indent instead of on the right
    date_space: float = 4  # characters left blank right of the 成文日期 (and of the 署名 over it)
    colophon: bool = True
    colophon_rules: bool = True
    printed_on: str = "2024年7月2日"
    page_number: str = "— {n} —"
    skip_number_at: int = 0  # from this page on, the printed number is one too high (0: none skipped)
    sides: str = "outer"  # outer (odd right, even left), inner (the other way round), centre

    def build(self, path: Path) -> Path:
        pdf = _PDF(path, self)
        s = pdf.size
        pdf.y = 37 * MM
        pdf.line(self.issuer, size=30, color=RED, align="center", font=SONG, advance=60)
        if self.number_under_rule:
            pdf.rule()
        pdf.line(self.doc_number, align=self.number_align, font=FANGSONG, advance=20)
        if not self.number_under_rule:
            pdf.rule()
        pdf.skip(1)
        w = width_of(self.title, TITLE_FONT, 22)
        pdf.line(self.title, x=pdf.left + (pdf.width - w) / 2 + self.title_shift, font=TITLE_FONT, size=22,
                 advance=22 * 1.6)
        pdf.skip(0.5)
        pdf.paragraph(self.recipients, indent=0, font=FANGSONG)
        for text, font in self.body:
            pdf.paragraph(text, font=font)
        if self.note:
            pdf.skip(1)
            first = self.note_head + self.note[0]
            pdf.line(first, indent=self.note_indent, font=FANGSONG)
            hang = pdf.left + self.note_indent * s + width_of(self.note_head, FANGSONG, s)
            for item in self.note[1:]:
                pdf.line(item, x=hang, font=FANGSONG)
        pdf.skip(2)
        pdf.line(self.signature, align="right", right_space=self.date_space, font=FANGSONG)
        if self.date_left:
            pdf.line(self.date, indent=2, font=FANGSONG)
        else:
            pdf.line(self.date, align="right", right_space=self.date_space, font=FANGSONG)
        if self.seal:
            _seal_picture(pdf, over=self.seal == "over")
        for label, title in self.attachments:
            pdf.new_page()
            pdf.line(label, font=HEI)
            pdf.skip(1)
            pdf.line(title, align="center", font=TITLE_FONT, size=22, advance=22 * 1.6)
            pdf.skip(0.5)
            pdf.paragraph(f"本件为{title}的正文，按要求组织实施。", font=FANGSONG)
        if self.colophon:
            pdf.new_page()
            pdf.colophon_page = pdf.page
            pdf.y = pdf.bottom - 3 * pdf.pitch
            if self.colophon_rules:
                pdf.rule(color=(0, 0, 0))
            pdf.line("抄送：农业农村部农业机械化管理司。", indent=1, font=FANGSONG, size=14)
            if self.colophon_rules:
                pdf.rule(color=(0, 0, 0), width=0.5)
            pdf.line([Run("某某省农业农村厅办公室", FANGSONG), Run("　" * 6, FANGSONG),
                      Run(f"{self.printed_on}印发", FANGSONG)], indent=1, size=14)
            if self.colophon_rules:
                pdf.rule(color=(0, 0, 0))
        return pdf.save()


class _PDF(NoticePDF):
    """The notice writer in GB/T 9704 measures, with page numbers as the spec prints them."""

    def __init__(self, path: Path, spec: Gongwen) -> None:
        super().__init__(path, left=28 * MM, top=37 * MM, pitch=225 * MM / 22)
        self.spec = spec
        self.colophon_page = 0

    def _finish_page(self) -> None:
        spec = self.spec
        if self.page == self.colophon_page:
            return  # the 版记 page carries no number
        n = self.page + (1 if spec.skip_number_at and self.page >= spec.skip_number_at else 0)
        text = spec.page_number.format(n=n)
        w = width_of(text, SONG, 14)
        outer_right = (n % 2 == 1) == (spec.sides == "outer")
        if spec.sides == "centre":
            x = (self.page_size[0] - w) / 2
        elif outer_right:
            x = self.right - 14 - w
        else:
            x = self.left + 14
        self.draw(x, (37 + 225 + 7) * MM, [Run(text)], 14)


# ---- the other formats ---------------------------------------------------------------------------


def build_order(path: Path) -> Path:
    """A 令: the mark 某某市人民政府令, its number, the text, the 市长's name and the date; no title."""
    pdf = NoticePDF(path, page_numbers=False)
    pdf.y = 110
    pdf.line("某某市人民政府令", size=30, color=RED, align="center", advance=60)
    pdf.line("第12号", align="center", font=FANGSONG)
    pdf.skip(1)
    pdf.paragraph(
        "《某某市城市道路管理办法》已经2024年6月20日市人民政府第30次常务会议审议通过，现予公布，自2024年9月1日起施行。",
        font=FANGSONG,
    )
    pdf.skip(2)
    pdf.line("市长　张三", align="right", right_space=4, font=FANGSONG)
    pdf.line("2024年7月1日", align="right", right_space=4, font=FANGSONG)
    return pdf.save()


def build_letter(path: Path) -> Path:
    """A 函 in the 信函格式: the organ's name in red over a red rule, the number flush right, no 版记."""
    pdf = NoticePDF(path, page_numbers=False)
    pdf.y = 110
    pdf.line("某某省农业农村厅", size=30, color=RED, align="center", advance=50)
    pdf.rule()
    pdf.line("某农函〔2024〕5号", align="right", font=FANGSONG)
    pdf.title("某某省农业农村厅关于商请支持农机试验鉴定工作的函")
    pdf.paragraph("某某省财政厅：", indent=0, font=FANGSONG)
    pdf.paragraph("为做好农机试验鉴定工作，现商请贵厅给予经费支持。请予支持为盼。", font=FANGSONG)
    pdf.skip(2)
    pdf.line("某某省农业农村厅", align="right", right_space=4, font=FANGSONG)
    pdf.line("2024年7月1日", align="right", right_space=4, font=FANGSONG)
    return pdf.save()


def build_minutes(path: Path) -> Path:
    """A 纪要: the mark 某某会议纪要 in red, its number 〔2024〕第5期, the text; no title, no 主送."""
    pdf = NoticePDF(path)
    pdf.y = 110
    pdf.line("某某县人民政府常务会议纪要", size=30, color=RED, align="center", advance=50)
    pdf.line("〔2024〕第5期", align="center", font=FANGSONG)
    pdf.rule()
    pdf.paragraph("2024年7月1日，县长张三主持召开县政府第5次常务会议，研究了以下事项：", font=FANGSONG)
    pdf.paragraph("一、关于农机购置补贴工作", font=HEI)
    pdf.paragraph("会议同意县农业农村局提出的实施方案。", font=FANGSONG)
    pdf.paragraph("二、关于城市道路管理工作", font=HEI)
    pdf.paragraph("会议要求有关部门抓好落实。", font=FANGSONG)
    return pdf.save()


def _seal_picture(pdf: NoticePDF, over: bool) -> None:
    """A red ring drawn as an image, as a sealed PDF carries its seal: over the last two lines (the 署名
    and 成文日期) at the right, or near the page's top left."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    size = 42 * MM
    picture = Image.new("RGB", (240, 240), "white")
    ImageDraw.Draw(picture).ellipse((8, 8, 232, 232), outline=(220, 30, 30), width=14)
    x = pdf.right - size - 20 if over else pdf.left
    top = pdf.y - size / 2 - 16 if over else 40.0
    pdf.canvas.drawImage(ImageReader(picture), x, pdf.page_size[1] - top - size, size, size)
