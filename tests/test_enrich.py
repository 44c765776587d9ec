"""Enrichment: task↔point links, targets and series, keywords, the jieba lexicon cache.

Most tests run on a Document built from the gold standard, so they do not depend on the
structure and table stages; one runs through the real pipeline when it yields points.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from extract.enrich import (
    KEYWORD_COLUMNS,
    LINK_COLUMNS,
    SERIES_COLUMNS,
    TARGET_COLUMNS,
    Enrichment,
    enrich,
    enrichment_json,
    keywords_table,
    links_table,
    series_table,
    targets_table,
)
from extract.enrich import lexicon as enrich_lexicon
from extract.enrich.lexicon import Lexicon, default_cache_dir, get_lexicon, read_user_dict
from extract.enrich.targets import find_quantities, hanzi_number
from extract.model import Document, KeyTaskRow, KeyTasks, Point, Section, SourceInfo

ROOT = Path(__file__).resolve().parents[1]

# The work point each key task implements, read by hand from the gold texts.
TASK_POINT = {
    1: 4,  # 督导体制机制 → 抓紧落实教育督导体制机制改革
    2: 16,  # 民办义务教育规范 → 指导民办教育规范健康发展 (制定民办义务教育规范方案)
    3: 22,  # 不动产权证确权补证, 持证率90% → 优化教育资源配置
    4: 3,  # 与高校合作办学, 未来学校 → 纵深推进新一轮教育综合改革 (优化合作办学机制, 筹建未来学校)
    5: 3,  # 新一轮教育综合改革示范项目申报 → 纵深推进新一轮教育综合改革
    6: 2,  # 中招改革, 名额分配综合评价录取 → 系统开展新时代教育评价改革 (全面推进中考改革)
    7: 12,  # 课后服务"5+2"全覆盖, 减负提质 → 加快义务教育优质均衡发展
    8: 16,  # 压减学科类培训机构, 3-18岁非学科类 → 指导民办教育规范健康发展 (校外培训治理)
    9: 11,  # 托幼一体化, 托班 → 确保学前教育公益普惠发展
    10: 15,  # 新型高职院校 → 协调职业成人教育融合发展
    11: 9,  # 劳动教育实施办法 → 增强劳动教育综合育人功能
    12: 10,  # 全员导师制, 心理护航 → 提高心理健康教育和家庭教育水平
    13: 7,  # 近视率, 8个基点学校 → 推进体质健康与国防教育
    14: 18,  # 跨校竞聘 → 深化教师人事管理制度改革
    15: 18,  # "五级"人才梯队, 第七届名优教师 → 深化教师人事管理制度改革
    16: 21,  # 校园安全风险防控, 智慧安防 → 打造安全文明校园
    17: 24,  # 教育数字化转型, 信息化标杆培育校 → 推进教育信息化建设
    18: 22,  # 新建改扩建中小幼18所 → 优化教育资源配置 (政府性投资项目, 新开办学校)
    19: 22,  # 预算执行, 两个只增不减 → 优化教育资源配置
    20: 3,  # 强化学院功能定位, 研训 → 纵深推进新一轮教育综合改革 (强化学院和各中心职能定位)
}
MIN_PRECISION = 0.9


def gold_document(gold: dict) -> Document:
    return Document(
        source=SourceInfo(file=gold["source"], sha256="0" * 64, pages=0),
        sections=[
            Section(
                no=s["no"],
                title=s["title"],
                points=[Point(no=p["no"], title=p["title"], body=p["body"], pages=[s["no"]]) for p in s["points"]],
            )
            for s in gold["sections"]
        ],
        key_tasks=KeyTasks(
            title=gold["key_tasks"]["title"],
            rows=[
                KeyTaskRow(
                    no=r["no"], task=r["task"], q1=r["q1"], q2=r["q2"], q3=r["q3"], q4=r["q4"], lead=r["lead"],
                    departments=r["departments"], remark=r["remark"], pages=[20],
                )
                for r in gold["key_tasks"]["rows"]
            ],
        ),
    )


@pytest.fixture(scope="session")
def gold_doc(gold) -> Document:
    return gold_document(gold)


@pytest.fixture(scope="session")
def enriched(gold_doc) -> Enrichment:
    return enrich(gold_doc)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return get_lexicon()


def top_links(e: Enrichment) -> dict:
    return {link.task_no: link.point_no for link in e.links if link.rank == 1}


def precision(e: Enrichment) -> float:
    top = top_links(e)
    return sum(top.get(task) == point for task, point in TASK_POINT.items()) / len(TASK_POINT)


# ---- links ---------------------------------------------------------------------


def test_top_link_precision(enriched):
    top = top_links(enriched)
    wrong = {task: (top.get(task), point) for task, point in TASK_POINT.items() if top.get(task) != point}
    p = precision(enriched)
    right = len(TASK_POINT) - len(wrong)
    print(f"top-1 link precision: {p:.0%} ({right}/{len(TASK_POINT)}); wrong (got, want): {wrong}")
    assert p >= MIN_PRECISION, wrong


def test_links_are_ranked_and_justified(enriched, gold_doc):
    points = {(s.no, p.no): p.title + p.body for s in gold_doc.sections for p in s.points}
    rows = {r.no: r.task + r.q1 + r.q2 + r.q3 + r.q4 for r in gold_doc.key_tasks.rows}
    by_task: dict = {}
    for link in enriched.links:
        by_task.setdefault(link.task_no, []).append(link)
    assert set(by_task) == set(rows)
    for task, links in by_task.items():
        assert [lk.rank for lk in links] == list(range(1, len(links) + 1)) and len(links) <= 3
        assert all(a.score >= b.score > 0 for a, b in zip(links, links[1:], strict=False))
        for lk in links:
            assert lk.shared_terms, (task, lk)
            for term in lk.shared_terms:
                assert term in rows[task] and term in points[(lk.section_no, lk.point_no)], (task, term)


def test_domain_terms_justify_links(enriched):
    shared = {lk.task_no: lk.shared_terms for lk in enriched.links if lk.rank == 1}
    assert "全员导师制" in shared[12]
    assert "托幼一体化" in shared[9]
    assert "数字化转型" in shared[17]
    assert "跨校竞聘" in shared[14]
    assert "不动产权证" in shared[3]


# ---- targets and series --------------------------------------------------------


def _targets(e: Enrichment, **match) -> list:
    return [t for t in e.targets if all(getattr(t, k) == v for k, v in match.items())]


def test_task3_series(enriched):
    series = [s for s in enriched.series if s.task_no == 3]
    assert len(series) == 1
    s = series[0]
    assert s.quarters == (1, 2, 3, 4)
    assert s.values == (60, 65, 75, 90)
    assert s.unit == "%"
    assert "产证拥有率" in s.subject
    assert s.trend == "increasing" and s.annual == 90
    assert [t.field for t in s.targets] == ["q1", "q2", "q3", "q4"]


def test_no_series_from_repeated_milestones(enriched):
    # task 18 counts three groups of 项目 in every quarter: milestones, not one measure over time
    assert [s.task_no for s in enriched.series] == [3]


@pytest.mark.parametrize(
    ("match", "value", "value_max", "unit", "bound", "subject"),
    [
        ({"source": "task", "task_no": 3, "field": "q1"}, 60, None, "%", "exact", "产证拥有率"),
        ({"source": "task", "task_no": 3, "field": "q4"}, 90, None, "%", "exact", "产证拥有率"),
        ({"source": "task", "task_no": 3, "field": "task"}, 90, None, "%", "exact", "持证率"),
        ({"source": "point", "point_no": 22, "unit": "%"}, 90, None, "%", "exact", "持证率"),
        ({"source": "task", "task_no": 9, "value": 27}, 27, None, "个", "exact", "布点"),
        ({"source": "task", "task_no": 9, "value": 42}, 42, None, "个", "exact", "托班"),
        ({"source": "point", "point_no": 9, "unit": "课时"}, 20, None, "课时", "at_least", "公益劳动"),
        ({"source": "point", "point_no": 7, "unit": "种"}, 7, None, "种", "at_least", "运动项目"),
        ({"source": "point", "point_no": 7, "unit": "小时"}, 1, None, "小时", "at_least", "运动"),
        ({"source": "point", "point_no": 7, "unit": "项"}, 1, 2, "项", "range", "运动技能"),
        ({"source": "point", "point_no": 8, "unit": "项"}, 1, 2, "项", "range", "艺术爱好"),
        ({"source": "point", "point_no": 8, "unit": "个"}, 3, None, "个", "at_least", "艺术特色项目"),
        ({"source": "point", "point_no": 7, "unit": "个"}, 8, None, "个", "exact", "基点学校"),
        ({"source": "point", "point_no": 14, "unit": "%"}, 100, None, "%", "exact", "入学率"),
        ({"source": "task", "task_no": 10}, 1, None, "所", "exact", "新型高职院校"),
        ({"source": "task", "task_no": 18, "field": "task", "unit": "所"}, 18, None, "所", "exact", "中小幼"),
    ],
)
def test_named_targets(enriched, match, value, value_max, unit, bound, subject):
    found = _targets(enriched, **match)
    assert len(found) == 1, found
    t = found[0]
    assert (t.value, t.value_max, t.unit, t.bound) == (value, value_max, unit, bound)
    assert subject in t.subject, t


def test_target_spans_point_at_the_text(enriched, gold_doc):
    texts = {}
    for s in gold_doc.sections:
        for p in s.points:
            texts[("point", p.no, "title")] = p.title
            texts[("point", p.no, "body")] = p.body
    for r in gold_doc.key_tasks.rows:
        for f in ("task", "q1", "q2", "q3", "q4"):
            texts[("task", r.no, f)] = getattr(r, f)
    for t in enriched.targets:
        text = texts[(t.source, t.point_no if t.source == "point" else t.task_no, t.field)]
        assert text[t.start : t.end] == t.text
        assert t.context in text and t.text in t.context
        assert (t.quarter is None) == (t.field not in ("q1", "q2", "q3", "q4"))


def test_task18_counts(enriched):
    cells = _targets(enriched, source="task", task_no=18, field="q3")
    assert [(t.value, t.unit, t.subject) for t in cells] == [(1, "个", "项目"), (11, "个", "项目"), (6, "个", "项目")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("启动第五轮试点", []),  # ordinal
        ("2022年课程教学季", []),  # a year is no target
        ("朱家角19-08地块幼儿园", []),  # a plot code
        ("实施2021-2025年规划", []),
        ("信息化2.0行动", []),
        ("统筹管理3-18岁非学科类培训机构", []),  # an age range is scope, not a target
        ("落实新开学校四个100%", [(100, None, "%", "exact")]),  # 四个 counts the 100% targets
        ("每校开设不超过3门课程", [(3, None, "门", "at_most")]),
        ("参训教师约200人", [(200, None, "人", "approx")]),
        ("新增学位1200个左右", [(1200, None, "个", "approx")]),
        ("优良率提高到85.5%", [(85.5, None, "%", "exact")]),
        ("完成十二所学校改造", [(12, None, "所", "exact")]),
        ("每2所学校配1名", [(1, None, "名", "exact")]),  # 每2所: a rate, not a count
        ("满足5％以上学生需求", [(5, None, "%", "at_least")]),
        ("惠及1.2万人", [(12000, None, "人", "exact")]),
        ("投入300万元", [(300, None, "万元", "exact")]),
        ("培训1,200人次", [(1200, None, "人次", "exact")]),
        ("开设20-30门", [(20, 30, "门", "range")]),
        # a lower bound right before an upper one is one range, in figures or in Chinese numerals
        ("处1万元以上3万元以下的罚款", [(1, 3, "万元", "range")]),
        ("处二万元以上五万元以下的罚款", [(20000, 50000, "元", "range")]),
        ("完成10所以上学校，5个以下项目", [(10, None, "所", "at_least"), (5, None, "个", "at_most")]),
    ],
)
def test_quantity_grammar(lexicon, text, expected):
    got = [(q["value"], q["value_max"], q["unit"], q["bound"]) for q in find_quantities(lexicon, text)]
    assert got == expected


def test_subjects(lexicon):
    def subjects(text):
        return [q["subject"] for q in find_quantities(lexicon, text)]

    assert subjects("全区产证拥有率达到60%。") == ["全区产证拥有率"]
    assert subjects("新建12所幼儿园") == ["幼儿园"]
    assert subjects("学生体质健康优良率达到85%") == ["学生体质健康优良率"]
    assert subjects("完成27个布点，开设42个托班，实现街镇全覆盖。") == ["布点", "托班"]
    assert subjects("争创一所与区域产业发展需求相匹配的新型高职院校") == ["新型高职院校"]
    assert subjects("落实中学生每人每学年不少于20课时的公益劳动或志愿服务要求") == ["公益劳动或志愿服务"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("三千", 3000),
        ("一万二千", 12000), ("一二", None),
    ],
)
def test_hanzi_number(text, value):
    assert hanzi_number(text) == value


# ---- keywords ------------------------------------------------------------------


def test_keywords(enriched, gold_doc):
    points = sum(len(s.points) for s in gold_doc.sections)
    assert len(enriched.keywords) == points + len(gold_doc.key_tasks.rows)
    for k in enriched.keywords:
        assert 1 <= len(k.terms) <= 8
        weights = [w for _, w in k.terms]
        assert weights == sorted(weights, reverse=True)
        assert all(len(term) >= 2 and not term.isdigit() for term, _ in k.terms)
    task = {k.task_no: [t for t, _ in k.terms] for k in enriched.keywords if k.source == "task"}
    point = {k.point_no: [t for t, _ in k.terms] for k in enriched.keywords if k.source == "point"}
    assert "全员导师制" in task[12]
    assert "跨校竞聘" in task[14]
    assert "劳动教育" in point[9]
    assert "近视防控" in task[13]


# ---- output --------------------------------------------------------------------


def test_json_block(enriched, gold_doc):
    block = enrichment_json(enriched)
    assert set(block) == {"method", "links", "targets", "series", "keywords"}
    text = json.dumps(block, ensure_ascii=False, sort_keys=True)
    assert json.dumps(enrichment_json(enrich(gold_doc)), ensure_ascii=False, sort_keys=True) == text
    series = block["series"]
    assert series == [
        {
            "id": "3:全区产证拥有率:%",
            "task_no": 3,
            "subject": "全区产证拥有率",
            "unit": "%",
            "trend": "increasing",
            "annual": 90,
            "values": [
                {"quarter": 1, "value": 60, "bound": "exact"},
                {"quarter": 2, "value": 65, "bound": "exact"},
                {"quarter": 3, "value": 75, "bound": "exact"},
                {"quarter": 4, "value": 90, "bound": "exact"},
            ],
        }
    ]
    in_series = [t for t in block["targets"] if t["series"]]
    assert [(t["task_no"], t["field"], t["value"]) for t in in_series] == [
        (3, "q1", 60), (3, "q2", 65), (3, "q3", 75), (3, "q4", 90)
    ]
    assert all(isinstance(t["value"], int) for t in block["targets"] if t["value"] == int(t["value"]))


def test_csv_tables(enriched, gold_doc):
    tables = [
        (LINK_COLUMNS, links_table(enriched, gold_doc)),
        (TARGET_COLUMNS, targets_table(enriched)),
        (SERIES_COLUMNS, series_table(enriched)),
        (KEYWORD_COLUMNS, keywords_table(enriched)),
    ]
    for header, rows in tables:
        assert rows and all(len(r) == len(header) for r in rows)
        buf = io.StringIO()
        csv.writer(buf).writerows([header, *rows])
        assert list(csv.reader(io.StringIO(buf.getvalue())))[0] == header
    links = links_table(enriched, gold_doc)
    first = next(r for r in links if r[0] == 12 and r[2] == 1)
    assert first[4] == 10 and first[5] == "提高心理健康教育和家庭教育水平" and "全员导师制" in first[7].split(";")
    assert [r[4:6] for r in series_table(enriched)] == [[1, 60], [2, 65], [3, 75], [4, 90]]


def test_empty_documents(gold_doc):
    empty = Document(source=SourceInfo(file="x.pdf", sha256="0", pages=1))
    e = enrich(empty)
    assert (e.links, e.targets, e.series, e.keywords) == ([], [], [], [])
    block = enrichment_json(e)
    assert block["links"] == block["targets"] == block["series"] == block["keywords"] == []
    assert links_table(e, empty) == targets_table(e) == series_table(e) == keywords_table(e) == []

    points_only = Document(source=empty.source, sections=gold_doc.sections)
    e = enrich(points_only)
    assert e.links == [] and e.series == [] and e.keywords and e.targets
    assert all(t.source == "point" for t in e.targets)

    tasks_only = Document(source=empty.source, key_tasks=gold_doc.key_tasks)
    e = enrich(tasks_only)
    assert e.links == [] and [s.task_no for s in e.series] == [3]

    blank = Document(
        source=empty.source,
        sections=[Section(no=1, title="", points=[Point(no=1, title="", body="")])],
        key_tasks=KeyTasks(rows=[KeyTaskRow(no=1, task="", q1="", q2="", q3="", q4="", lead="", departments=[],
                                            remark=None)]),
    )
    e = enrich(blank)
    assert e.links == [] and e.targets == [] and e.series == []


# ---- the pipeline --------------------------------------------------------------


def test_through_the_pipeline(official_doc):
    if not official_doc.sections or not official_doc.key_tasks.rows:
        pytest.skip("the structure/table stages do not yet yield points and key tasks")
    e = enrich(official_doc)
    p = precision(e)
    print(f"top-1 link precision through the pipeline: {p:.0%}")
    assert p >= MIN_PRECISION
    assert any(s.task_no == 3 and s.values == (60, 65, 75, 90) for s in e.series)


# ---- the jieba lexicon ---------------------------------------------------------


@pytest.fixture(scope="module")
def full_jieba(tmp_path_factory):
    """jieba as usual: the whole dictionary, then the user dictionary."""
    jieba = enrich_lexicon.import_jieba()
    full = jieba.Tokenizer()
    full.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    full.initialize()
    for word, freq, tag in read_user_dict(enrich_lexicon.package_text("userdict.txt")):
        full.add_word(word, freq, tag)
    return full


def _texts(doc: Document) -> list[str]:
    texts = [p.title + "。" + p.body for s in doc.sections for p in s.points]
    return texts + [getattr(r, f) for r in doc.key_tasks.rows for f in ("task", "q1", "q2", "q3", "q4")]


def test_segmentation_equals_full_jieba(gold_doc, lexicon, full_jieba):
    """The partial, cached dictionary cuts exactly as jieba with its whole dictionary."""
    for text in _texts(gold_doc):
        assert lexicon.cut(text) == full_jieba.lcut(text)
        assert lexicon.cut_for_search(text) == full_jieba.lcut_for_search(text)


def test_keywords_rank_as_jieba_analyse(gold_doc, lexicon, full_jieba):
    """keywords_of ranks terms as jieba.analyse.extract_tags does, less numbers."""
    from jieba.analyse.tfidf import TFIDF

    from extract.enrich import keywords_of, stopwords

    tfidf = TFIDF()
    tfidf.tokenizer = full_jieba
    tfidf.stop_words |= stopwords()
    for text in _texts(gold_doc):
        theirs = [w for w in tfidf.extract_tags(text, topK=None) if any(ch.isalpha() for ch in w)]
        ours = [w for w, _ in keywords_of(lexicon, [text], top=1000)]
        assert ours == theirs


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("GONGWEN_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("GONGWEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "gongwen-extract"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "gongwen-extract"


@pytest.fixture
def tiny_jieba(monkeypatch, tmp_path):
    """A tiny stand-in for jieba's dictionary files, so building a lexicon takes no time."""
    d = tmp_path / "jieba"
    d.mkdir()
    (d / "dict.txt").write_text("教育 100 n\n教育局 20 nt\n督导 30 v\n推进 50 v\n", encoding="utf-8")
    (d / "idf.txt").write_text("教育 2.0\n督导 8.0\n推进 3.0\n", encoding="utf-8")
    monkeypatch.setattr(enrich_lexicon, "_jieba_files", lambda: ("test", d / "dict.txt", d / "idf.txt"))
    return d


def test_lexicon_cache_is_built_once(tiny_jieba, tmp_path):
    folder = tmp_path / "cache" / "deep"
    folder.mkdir(parents=True)
    # other environments' lexicons: the two newest stay (another venv's is not evicted), older ones go
    others = [folder / f"jieba-lexicon-{n:016x}.sqlite" for n in range(3)]
    for age, path in enumerate(others):
        path.write_bytes(b"from another jieba")
        os.utime(path, ns=(10**18 - age * 10**12, 10**18 - age * 10**12))
    (folder / "parse-abc.json").write_text("{}")  # another stage's cache stays
    con = enrich_lexicon._open(folder)
    lex = Lexicon(con, [("督导室", None, "nt")])
    assert sorted(p.name for p in folder.glob("jieba-*")) == sorted(
        [enrich_lexicon.lexicon_name(), others[0].name, others[1].name]
    )
    files = [enrich_lexicon.lexicon_name()]
    assert (folder / "parse-abc.json").exists()
    assert lex.total == 200 + lex.tokenizer.FREQ["督导室"]
    assert lex.cut("推进教育督导") == ["推进", "教育", "督导"]
    assert lex.cut("教育督导室") == ["教育", "督导室"]
    assert lex.idf("督导") == 8.0 and lex.idf("没有") == 3.0  # median
    assert lex.tag("教育局") == "nt" and lex.tag("督导室") == "nt"
    mtime = (folder / files[0]).stat().st_mtime_ns
    enrich_lexicon._open(folder).close()
    assert (folder / files[0]).stat().st_mtime_ns == mtime


def test_one_lexicon_per_process(tiny_jieba, tmp_path, monkeypatch):
    first = get_lexicon(tmp_path / "c")
    assert get_lexicon(str(tmp_path / "c")) is first
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a forked worker
    assert get_lexicon(tmp_path / "c") is not first


def test_lexicon_without_writable_cache(tiny_jieba, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    con = enrich_lexicon._open(blocker / "cache")
    assert Lexicon(con, []).cut("推进教育") == ["推进", "教育"]


def test_damaged_cache_is_rebuilt(tiny_jieba, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / enrich_lexicon.lexicon_name()).write_bytes(b"garbage" * 100)
    con = enrich_lexicon._open(folder)
    assert Lexicon(con, []).cut("推进教育") == ["推进", "教育"]


# ---- contract for the export stage ----------------------------------------------


def enrichment_schema() -> dict:
    """The ``enrichment`` part of the published document schema, with the definitions it uses."""
    published = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    return published["properties"]["enrichment"] | {"$defs": published["$defs"]}


def test_block_matches_its_schema(enriched):
    jsonschema = pytest.importorskip("jsonschema")

    jsonschema.Draft202012Validator.check_schema(enrichment_schema())
    jsonschema.validate(enrichment_json(enriched), enrichment_schema())
    jsonschema.validate(enrichment_json(Enrichment()), enrichment_schema())


def test_datapackage_resources(enriched, gold_doc):
    from extract.enrich import csv_tables
    from extract.export.datapackage import descriptor
    from extract.export.datapackage import enrichment_resources as datapackage_resources

    resources = datapackage_resources(gold_doc)
    tables = csv_tables(enriched, gold_doc)
    assert [r["path"] for r in resources] == list(tables)
    for resource in resources:
        header, _ = tables[resource["path"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == header
    names = [r["name"] for r in descriptor(gold_doc, extra_resources=resources)["resources"]]
    assert names[-4:] == ["links", "targets", "series", "keywords"]
