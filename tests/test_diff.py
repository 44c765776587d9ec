"""extract diff: two documents of one series paired and labelled, checked against documents made with known edits.

The "next year" documents are made from the published text of data/raw's document (tests/yoy.py) by
two different sets of edits; every pair, label, changed cell and target change must come out as the
edits imply (precision and recall 1.0). A document against itself is all unchanged, the outputs
follow schema/diff.schema.json and are byte-identical between runs, and bad input ends in one line.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from conftest import REAL, ROOT, SEED, run_cli, undescribed_properties
from yoy import NextYear

SCHEMA = ROOT / "schema" / "diff.schema.json"
PROCESSED = ROOT / "data" / "processed" / "qingpu-2022"

NEW_POINT_AI = (
    "推进人工智能教育普及。制定中小学人工智能教育实施方案，建设一批人工智能教育实验校，开发覆盖小学、初中、"
    "高中的人工智能课程资源，组织开展青少年人工智能创新挑战赛，提升师生数字素养与技能。"
)
NEW_POINT_FOOD = (
    "加强校园食品安全管理。落实学校食品安全校长（园长）负责制和陪餐制度，推进“互联网+明厨亮灶”全覆盖，"
    "完善食材集中采购和供应商评价机制，开展食品安全专项检查和从业人员培训，确保师生饮食安全。"
)
NEW_POINT_FAMILY = (
    "深化家校社协同育人。健全学校家庭社会协同育人机制，办好家长学校和家长委员会，开发家庭教育指导课程，"
    "组织开展家庭教育宣传周活动，构建覆盖城乡的家庭教育指导服务网络。"
)
NEW_POINT_GREEN = (
    "推进绿色低碳校园建设。开展节约型校园创建，推广校园光伏、雨水回收和垃圾分类，将生态文明教育纳入课程和"
    "社会实践，组织师生参与碳达峰碳中和主题教育活动。"
)
NEW_TASK_AI = [
    "推进中小学人工智能教育实验校建设，完成10所实验校创建。", "制定人工智能教育实验校建设方案。",
    "遴选首批实验校，组织教师专题培训。", "开展实验校课程建设与教学展示活动。", "完成10所实验校创建评估。",
    "张晓静", "基教科、信息办", "",
]  # fmt: skip
NEW_TASK_FAMILY = [
    "建成区家庭教育指导服务中心，服务覆盖全部街镇。", "完成指导服务中心建设方案。", "启动中心场地改造。",
    "开展家庭教育指导服务试运行。", "指导服务覆盖全部街镇。", "王良", "德育科", "区政府重点工作",
]  # fmt: skip


def variant_a() -> NextYear:
    """Points dropped, added, reworded, retitled, moved to another section; numbers and key-task cells changed."""
    ny = NextYear(SEED.read_text(encoding="utf-8"))
    ny.drop_point(2)
    ny.drop_point(14)
    ny.add_point(NEW_POINT_AI, after=6)
    ny.add_point(NEW_POINT_FOOD, section=5)
    ny.reword(3, "筹建未来学校，探索智慧教育。", "建成未来学校，深化智慧教育应用。")
    ny.reword(11, "确保学前教育公益普惠发展", "推动学前教育普及普惠安全优质发展")
    ny.reword(7, "7种以上", "8种以上", target=("body", "7种以上", "8种以上"))
    ny.reword(9, "不少于 20 课时", "不少于 24 课时", target=("body", "不少于20课时", "不少于24课时"))
    ny.move_point(16, section=4, after=17)
    ny.drop_task(4)
    ny.add_task(NEW_TASK_AI, after=10)
    for cell, old, new in (("task", "90%", "95%"), ("q1", "60%", "70%"), ("q2", "65%", "75%"),
                           ("q3", "75%", "85%"), ("q4", "90%", "95%")):  # fmt: skip
        ny.edit_task(3, cell, old, new, target=(old, new))
    ny.edit_task(9, "task", "27个布点", "30个布点", target=("27个", "30个"))
    ny.edit_task(10, "lead", "张晓静", "王良")
    ny.edit_task(12, "departments", "德育科", "德育科、心理健康中心")
    ny.edit_task(15, "q2", "完成三个计划的项目方案", "完成三个计划的项目方案和团队组建")
    ny.edit_task(13, "remark", "", "区政府重点工作")
    return ny


def variant_b() -> NextYear:
    """A whole section dropped (the sections after it renumbered), points moved both ways and reordered in place."""
    ny = NextYear(SEED.read_text(encoding="utf-8"))
    ny.drop_section(4)
    ny.drop_point(25)
    ny.move_point(5, section=1)
    ny.move_point(24, section=3, after=13)
    ny.move_point(21, section=5, after=23)  # another place in the same section: not moved
    ny.reword(8, "3 个以上", "5 个以上", target=("body", "3个以上", "5个以上"))
    ny.reword(20, "促进依法依规自主办学。", "促进依法依规自主办学，推进学校章程修订和落实。")
    ny.reword(13, "促进高中教育特色多样发展", "推动高中教育多样化有特色发展")
    ny.reword(22, "持证率达到 90%", "持证率达到 85%", target=("body", "90%", "85%"))
    ny.move_point(10, section=3, after=11)
    ny.reword(10, "全覆盖推进中小", "全面推进中小")  # moved and reworded: still moved
    ny.add_point(NEW_POINT_FAMILY, section=1)
    ny.add_point(NEW_POINT_GREEN, after=12)
    ny.drop_task(1)
    ny.drop_task(20)
    ny.add_task(NEW_TASK_FAMILY, after=5)
    ny.edit_task(18, "task", "中小幼18所", "中小幼20所", target=("18所", "20所"))
    ny.edit_task(18, "q1", "11个项目取得", "12个项目取得", target=("11个", "12个"))
    ny.edit_task(6, "lead", "冷彩花", "焦红心")
    ny.edit_task(14, "departments", "人事科", "人事科、组织科")
    return ny


def observed(data: dict) -> tuple[set, set, set]:
    points = {(p["old_no"], p["new_no"], p["label"]) for p in data["points"]}
    tasks = {
        (t["old_no"], t["new_no"], t["label"], frozenset(c["field"] for c in t["changes"])) for t in data["key_tasks"]
    }
    targets = {
        (t["kind"], t["old_no"], t["new_no"], t["field"], t["old"]["text"], t["new"]["text"]) for t in data["targets"]
    }
    return points, tasks, targets


def precision_recall(found: set, expected: set) -> tuple[float, float]:
    """Precision and recall of ``found`` against ``expected`` (1.0 each when both are empty)."""
    hits = len(found & expected)
    precision = hits / len(found) if found else float(not expected)
    recall = hits / len(expected) if expected else float(not found)
    return precision, recall


EXAMPLE = ROOT / "data" / "examples" / "next-a.txt"  # shipped: the README's diff example reads it


@pytest.fixture(scope="module")
def edited_a():
    """Variant A as the project ships it for the README's example (the test below keeps them equal)."""
    return variant_a(), EXAMPLE


def test_the_shipped_example_is_variant_a():
    assert EXAMPLE.read_text(encoding="utf-8") == variant_a().render()


def test_the_readmes_diff_example_prints_what_the_readme_says(cli_a):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m extract diff data/processed/qingpu-2022 data/examples/next-a.txt --out DIR" in readme
    line = r"^ok: data/processed/qingpu-2022 vs data/examples/next-a.txt -> DIR (\(.*\))$"
    [printed] = re.findall(line, readme, re.M)
    res, out, _ = cli_a
    assert res.stdout == f"ok: {PROCESSED} vs {EXAMPLE} -> {out} {printed}\n"


@pytest.fixture(scope="module")
def cli_a(edited_a, tmp_path_factory):
    """The real CLI on the processed folder (old) and the edited text dump (new)."""
    _, path = edited_a
    out = tmp_path_factory.mktemp("diff-a")
    res = run_cli("diff", str(PROCESSED), str(path), "--out", str(out))
    assert res.returncode == 0, res.stderr
    return res, out, json.loads((out / "diff.json").read_text(encoding="utf-8"))


def assert_exact(data: dict, ny: NextYear) -> None:
    """Every pair, label, changed cell and target change as the edits imply: precision and recall 1.0."""
    expected = ny.expected()
    points, tasks, targets = observed(data)
    assert precision_recall(points, expected.points) == (1.0, 1.0), (points ^ expected.points)
    assert precision_recall(tasks, expected.tasks) == (1.0, 1.0), (tasks ^ expected.tasks)
    assert targets == expected.targets, (targets ^ expected.targets)


# ---- the first edited document, through the real CLI -----------------------------------------------


def test_every_pair_and_label_of_the_edited_document(cli_a, edited_a):
    res, _, data = cli_a
    ny, _ = edited_a
    assert_exact(data, ny)
    assert data["summary"] == {
        "points": {"unchanged": 18, "reworded": 4, "moved": 1, "new": 2, "dropped": 2},
        "key_tasks": {"unchanged": 13, "changed": 6, "new": 1, "dropped": 1},
        "targets": 8,
    }
    assert res.stdout.startswith("ok: ") and "2 dropped" in res.stdout and res.stderr == ""


def test_numbers_are_not_identity(cli_a):
    """Point 2 was dropped: old 3 is new 2, and the old section's points after it shift by one."""
    _, _, data = cli_a
    by_old = {p["old_no"]: p for p in data["points"] if p["old_no"] is not None}
    assert (by_old[3]["new_no"], by_old[3]["label"]) == (2, "reworded")
    assert (by_old[4]["new_no"], by_old[4]["label"]) == (3, "unchanged")
    # a new point takes its place in the reading order: after old 6 (now 5)
    order = [(p["old_no"], p["new_no"]) for p in data["points"]]
    assert order[order.index((6, 5)) + 1] == (None, 6)
    # the dropped point stands where it stood
    assert order[:3] == [(1, 1), (2, None), (3, 2)]


def test_changes_carry_a_character_diff_that_spells_both_texts(cli_a):
    _, _, data = cli_a
    point = next(p for p in data["points"] if p["old_no"] == 3)
    (change,) = point["changes"]
    assert change["field"] == "body"
    assert "".join(s["text"] for s in change["diff"] if s["op"] != "insert") == change["old"]
    assert "".join(s["text"] for s in change["diff"] if s["op"] != "delete") == change["new"]
    edits = [(s["op"], s["text"]) for s in change["diff"] if s["op"] != "equal"]
    assert edits == [("delete", "筹建"), ("insert", "建成"), ("delete", "探索"), ("insert", "深化"), ("insert", "应用")]
    moved = next(p for p in data["points"] if p["label"] == "moved")
    assert (moved["old_no"], moved["new_no"]) == (16, 16)
    assert moved["changes"] == [
        {"field": "section", "old": "三、坚持多措并举，持续推进各类教育提质增效",
         "new": "四、坚持强师兴教，切实增强教师教书育人本领"},
    ]  # fmt: skip
    task = next(t for t in data["key_tasks"] if t["old_no"] == 12)
    assert [(c["field"], c["old"], c["new"]) for c in task["changes"]] == [
        ("departments", "德育科", "德育科、心理健康中心")
    ]


def test_the_quarterly_series_change_is_one_target_per_quarter(cli_a):
    _, _, data = cli_a
    series = [t for t in data["targets"] if t["kind"] == "key_task" and t["old_no"] == 3]
    assert [(t["field"], t["quarter"], t["old"]["value"], t["new"]["value"], t["direction"]) for t in series] == [
        ("task", None, 90, 95, "up"), ("q1", 1, 60, 70, "up"), ("q2", 2, 65, 75, "up"),
        ("q3", 3, 75, 85, "up"), ("q4", 4, 90, 95, "up"),
    ]  # fmt: skip
    assert {t["unit"] for t in series} == {"%"} and series[1]["subject"] == "全区产证拥有率"
    hours = next(t for t in data["targets"] if t["unit"] == "课时")
    assert (hours["old"]["bound"], hours["old"]["value"], hours["new"]["value"]) == ("at_least", 20, 24)


def test_csv_has_one_row_per_pair(cli_a):
    _, out, data = cli_a
    raw = (out / "diff.csv").read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(raw.lstrip("\ufeff").splitlines()))
    assert len(rows) == len(data["points"]) + len(data["key_tasks"])
    assert [r["label"] for r in rows] == [p["label"] for p in data["points"]] + [
        t["label"] for t in data["key_tasks"]
    ]
    row = next(r for r in rows if r["kind"] == "key_task" and r["old_no"] == "3")
    assert row["changed_fields"] == "task;q1;q2;q3;q4"
    assert "q1 全区产证拥有率: 60% → 70%" in row["target_changes"]
    dropped = next(r for r in rows if r["kind"] == "point" and r["old_no"] == "2")
    assert (dropped["new_no"], dropped["similarity"], dropped["label"]) == ("", "", "dropped")


def test_html_report_is_self_contained_and_filters_by_label(cli_a):
    _, out, data = cli_a
    page = (out / "diff.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<script>" in page
    # nothing fetched: no external stylesheet, script, font or image
    assert not re.search(r"(src|href)\s*=|@import|url\(|https?://", page)
    rows = re.findall(r'<tr data-label="(\w+)">', page)
    assert rows == [p["label"] for p in data["points"]] + [t["label"] for t in data["key_tasks"]]
    boxes = re.findall(r'<input type="checkbox" data-show="(\w+)" checked>', page)
    assert set(boxes) == {"unchanged", "reworded", "moved", "new", "dropped", "changed"}
    assert "<del>筹建</del>" in page and "<ins>建成</ins>" in page
    assert "<del>60</del>" not in page  # a changed digit is marked alone, not its whole number
    assert "<del>6</del>" in page and "<ins>7</ins>" in page
    assert page.count("<tr><td>point ") + page.count("<tr><td>key task ") == data["summary"]["targets"]


def test_diff_json_follows_its_schema():
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert undescribed_properties(schema) == []


def test_outputs_validate_and_a_broken_one_does_not(cli_a):
    import jsonschema

    _, _, data = cli_a
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    validator.validate(data)
    broken = json.loads(json.dumps(data))
    broken["points"][0]["label"] = "renamed"
    del broken["key_tasks"][0]["new_no"]
    assert len(list(validator.iter_errors(broken))) == 2


def test_two_runs_are_byte_identical(cli_a, edited_a, tmp_path):
    _, out, _ = cli_a
    _, path = edited_a
    res = run_cli("diff", str(PROCESSED), str(path), "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    for name in ("diff.json", "diff.csv", "diff.html"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diff.csv", "diff.html", "diff.json"]


# ---- other documents and inputs, in process ------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_side():
    from extract.compare import load_side

    return load_side(SEED)


def test_second_variant_with_other_edits(seed_side, tmp_path):
    """A whole section dropped and the later ones renumbered, points moved both ways, a point reordered
    within its section (not moved), other numbers and cells changed."""
    from extract.compare import compare, diff_json, load_side

    ny = variant_b()
    path = tmp_path / "next-b.txt"
    path.write_text(ny.render(), encoding="utf-8")
    data = diff_json(compare(seed_side, load_side(path)))
    assert_exact(data, ny)
    assert data["summary"]["points"] == {"unchanged": 14, "reworded": 4, "moved": 3, "new": 2, "dropped": 4}
    moved = next(p for p in data["points"] if p["old_no"] == 10)
    assert moved["label"] == "moved" and [c["field"] for c in moved["changes"]] == ["section", "body"]
    down = next(t for t in data["targets"] if t["old_no"] == 22)
    assert (down["old"]["value"], down["new"]["value"], down["direction"]) == (90, 85, "down")
    # the old fifth section is the new fourth: its points are not moved
    point = next(p for p in data["points"] if p["old_no"] == 23)
    assert (point["old_section"][:2], point["new_section"][:2], point["label"]) == ("五、", "四、", "unchanged")


def test_a_document_against_itself_is_all_unchanged(seed_side):
    """The processed folder of the PDF against the published text: the same document, all unchanged."""
    from extract.compare import compare, diff_json, load_side

    data = diff_json(compare(load_side(PROCESSED), seed_side))
    assert {p["label"] for p in data["points"]} == {"unchanged"} and len(data["points"]) == 25
    assert {t["label"] for t in data["key_tasks"]} == {"unchanged"} and len(data["key_tasks"]) == 20
    assert {p["similarity"] for p in data["points"] + data["key_tasks"]} == {1.0}
    assert data["targets"] == [] and all(p["old_no"] == p["new_no"] for p in data["points"])


def test_the_pdf_itself_as_old_side(official_doc, edited_a):
    """The PDF read by the pipeline pairs with the edited text exactly as its processed folder does."""
    from extract.compare import compare, diff_json, load_side
    from extract.compare.load import side_from_json
    from extract.export.outputs import document_json

    ny, path = edited_a
    assert_exact(diff_json(compare(side_from_json(document_json(official_doc)), load_side(path))), ny)


def test_threshold_splits_pairs_below_it(seed_side, edited_a):
    from extract.compare import compare, diff_json, load_side

    _, path = edited_a
    similarity = {
        (p["old_no"], p["new_no"]): p["similarity"] for p in diff_json(compare(seed_side, load_side(path)))["points"]
    }
    assert similarity[(11, 11)] < 0.98 < similarity[(3, 2)]  # a new heading weighs more than a clause
    data = diff_json(compare(seed_side, load_side(path), threshold=0.98))
    labels = {(p["old_no"], p["new_no"], p["label"]) for p in data["points"]}
    assert (11, None, "dropped") in labels and (None, 11, "new") in labels
    assert (3, 2, "reworded") in labels


# ---- bad input, through the real CLI ---------------------------------------------------------------------


def _no_outline(path):
    path.write_text("关于做好有关工作的通知\n\n各单位：\n\n请认真做好有关工作，按时报送材料。\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "case, message",
    [
        ("missing", r"^error: .*nothing-here\.pdf: no such file; check the path$"),
        ("no outline", r"^error: .*plain-a\.txt: no numbered work points and no key-task table found"),
        ("folder without document.json", r"^error: .*empty-folder: is a folder without document\.json"),
        ("bad threshold", r"^error: --threshold 1\.5 is outside \(0, 1\]"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(case, message, tmp_path, edited_a):
    _, good = edited_a
    (tmp_path / "empty-folder").mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "diff.json").write_text("earlier result", encoding="utf-8")
    args = {
        "missing": [str(tmp_path / "nothing-here.pdf"), str(good)],
        "no outline": [str(_no_outline(tmp_path / "plain-a.txt")), str(_no_outline(tmp_path / "plain-b.txt"))],
        "folder without document.json": [str(PROCESSED), str(tmp_path / "empty-folder")],
        "bad threshold": [str(PROCESSED), str(good), "--threshold", "1.5"],
    }[case]
    res = run_cli("diff", *args, "--out", str(out))
    assert res.returncode == 2
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and re.search(message, lines[0]), res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
    # the earlier output is untouched and nothing half-written is left
    assert sorted(p.name for p in out.iterdir()) == ["diff.json"]
    assert (out / "diff.json").read_text(encoding="utf-8") == "earlier result"


# ---- a real document of another genre against an edited text dump of itself ---------------------------------

LAW = REAL / "r07-npcsc-2021-gazette-law-2col.pdf"


@pytest.mark.skipif(not LAW.exists(), reason="../shared/real is not beside the project")
def test_a_real_law_against_an_edited_text_of_itself(tmp_path):
    """第X条 under 第X章: articles dropped, added, reworded (a fine raised), moved to another chapter and
    reordered within one, every article renumbered; the PDF's side against the edited dump's."""
    from extract.compare import compare, diff_json, load_side
    from extract.compare.load import side_from_json
    from extract.export.outputs import document_json
    from extract.pipeline import extract
    from yoy import NextEdition

    data = document_json(extract(LAW, enrich=False))
    ny = NextEdition(data)
    ny.drop_point(5)
    ny.drop_point(30)
    ny.add_point("　国家鼓励生产经营单位运用数字化、智能化手段开展安全风险监测预警，提升本质安全水平。", after=10)
    ny.move_point(3, section=2)
    ny.move_point(100, section=6, after=97)  # within its chapter
    ny.reword(94, "以上五万元以下", "以上八万元以下", target=("body", "二万元以上五万元以下", "二万元以上八万元以下"))
    ny.reword(96, "生产经营单位", "生产经营企业")
    path = tmp_path / "law-next.txt"
    path.write_text(ny.render(), encoding="utf-8")
    result = diff_json(compare(side_from_json(data), load_side(path)))
    assert_exact(result, ny)
    assert result["summary"]["points"] == {"unchanged": 114, "reworded": 2, "moved": 1, "new": 1, "dropped": 2}
    fine = result["targets"][0]
    old, new = fine["old"], fine["new"]
    assert (old["value"], old["value_max"], new["value"], new["value_max"]) == (20000, 50000, 20000, 80000)
    assert (fine["unit"], fine["direction"]) == ("元", "up")  # a range whose upper end went up
