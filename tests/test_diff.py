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

from conftest import ROOT, SEED, run_cli
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
    hits = len(found & expected)
    return hits / max(len(found), 1), hits / max(len(expected), 1)


@pytest.fixture(scope="module")
def edited_a(tmp_path_factory):
    folder = tmp_path_factory.mktemp("yoy")
    ny = variant_a()
    path = folder / "next-a.txt"
    path.write_text(ny.render(), encoding="utf-8")
    return ny, path


@pytest.fixture(scope="module")
def cli_a(edited_a, tmp_path_factory):
    """The real CLI on the processed folder (old) and the edited text dump (new)."""
    _, path = edited_a
    out = tmp_path_factory.mktemp("diff-a")
    res = run_cli("diff", str(PROCESSED), str(path), "--out", str(out))
    assert res.returncode == 0, res.stderr
    return res, out, json.loads((out / "diff.json").read_text(encoding="utf-8"))
