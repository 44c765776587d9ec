"""Variants of a document's text dump, for a corpus of many documents (benchmarks/corpus.py, tests).

Variant ``i`` of the published text of ``data/raw``'s document (``tests/data/seed/*.txt``) is the
notice of another district's education bureau for another year: every year in the text shifted
(the notice's own year and the periods of its key tasks with it), the district's name and the
发文字号's prefix replaced, another date and number, and some work points edited (a sentence
dropped or one added from a pool of topics). The same ``i`` always gives the same text.

    python benchmarks/variants.py COUNT OUT_DIR    # writes OUT_DIR/<stem>.txt
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "tests" / "data" / "seed").glob("*.txt"))
SEED_DISTRICT, SEED_PREFIX, SEED_YEAR = "青浦", "青教", 2022
# district, 发文字号 prefix, a name for file stems
DISTRICTS = (
    ("松江", "松教", "songjiang"), ("嘉定", "嘉教", "jiading"), ("闵行", "闵教", "minhang"),
    ("浦东", "浦教", "pudong"), ("黄浦", "黄教", "huangpu"), ("徐汇", "徐教", "xuhui"),
    ("长宁", "长教", "changning"), ("静安", "静教", "jingan"), ("普陀", "普教", "putuo"),
    ("虹口", "虹教", "hongkou"), ("杨浦", "杨教", "yangpu"), ("宝山", "宝教", "baoshan"),
    ("金山", "金教", "jinshan"), ("奉贤", "奉教", "fengxian"), ("崇明", "崇教", "chongming"),
    ("青浦", "青教", "qingpu"),
)
YEARS = tuple(range(2019, 2026))
# Sentences a variant adds to some of its work points.
TOPICS = (
    "全面落实“双减”要求，严控书面作业总量和时长，提升课后服务水平。",
    "推进人工智能赋能教育，建设一批智慧校园示范校。",
    "完善家校社协同育人机制，办好家长学校和社区教育指导站。",
    "加强校园安全管理，开展防溺水和交通安全专项教育。",
    "深化集团化办学，扩大优质教育资源覆盖面。",
    "加强学生心理健康教育，按标准配齐专职心理教师。",
    "推进校园足球特色学校建设，组织区级联赛。",
    "落实教育经费投入保障，优化财政教育支出结构。",
    "开展读书节活动，推进书香校园建设。",
    "推进教师数字素养提升行动，开展信息技术应用能力培训。",
)
_YEAR = re.compile(r"(?<!\d)20[0-3]\d(?!\d)")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$", re.M)
_NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")
_POINT = re.compile(r"^\d+\.")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3})%")
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|\d+\.|附件)")


def stem(i: int) -> str:
    _, _, name = DISTRICTS[i % len(DISTRICTS)]
    return f"{name}-{year(i)}-{i:04d}"


def year(i: int) -> int:
    return YEARS[(i // len(DISTRICTS)) % len(YEARS)]


def variant(i: int, seed: str | None = None) -> str:
    """The text of variant ``i``."""
    text = seed if seed is not None else SEED.read_text(encoding="utf-8")
    rng = random.Random(i)
    district, prefix, _ = DISTRICTS[i % len(DISTRICTS)]
    shift = year(i) - SEED_YEAR
    text = _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)
    text = text.replace(SEED_DISTRICT, district).replace(SEED_PREFIX, prefix)
    text = _NUMBER.sub(lambda m: f"〔{m.group(1)}〕{rng.randint(1, 40)}号", text, count=1)
    text = _DATE_LINE.sub(f"{year(i)}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", text, count=1)
    return _edit_targets(_edit_points(text, rng), rng)


def _edit_points(text: str, rng: random.Random) -> str:
    """Drop the last sentence of some one-paragraph points, add a topic sentence to others."""
    paragraphs = text.split("\n\n")
    for k, para in enumerate(paragraphs):
        following = paragraphs[k + 1].strip() if k + 1 < len(paragraphs) else ""
        if not _POINT.match(para.strip()) or not _HEADING.match(following):
            continue
        sentences = [s for s in para.rstrip().split("。") if s]
        roll = rng.random()
        if roll < 0.2 and len(sentences) > 3:
            paragraphs[k] = "。".join(sentences[:-1]) + "。"
        elif roll < 0.5:
            paragraphs[k] = para.rstrip() + rng.choice(TOPICS)
    return "\n\n".join(paragraphs)


def _edit_targets(text: str, rng: random.Random) -> str:
    """Move the percentages of each key-task row (a line with tabs) by one amount, kept within 1–100."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if "\t" in line and "%" in line:
            delta = rng.choice((-10, -5, 0, 5))
            lines[k] = _PERCENT.sub(lambda m, d=delta: f"{min(100, max(1, int(m.group(1)) + d))}%", line)
    return "\n".join(lines)


def write_variants(count: int, out_dir: Path, start: int = 0) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(start, start + count):
        path = out_dir / f"{stem(i)}.txt"
        path.write_text(variant(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    print(len(write_variants(int(sys.argv[1]), Path(sys.argv[2]))), "variants written")
