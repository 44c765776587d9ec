"""Header words to output columns, by meaning."""

from __future__ import annotations

import json

import pytest

from extract.tables.header import KEYS, Vocabulary, canon, default_vocabulary, is_key_task_header


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("序\n号", "no"),
        ("序  号", "no"),
        ("No.", "no"),
        ("工作目标任务", "task"),
        ("工作任务", "task"),
        ("任务内容", "task"),
        ("重点工作任务", "task"),
        ("第一季度", "q1"),
        ("一季度", "q1"),
        ("Q1", "q1"),
        ("q2", "q2"),
        ("第 三 季 度", "q3"),
        ("10—12月", "q4"),
        ("４季度", "q4"),
        ("牵头领\n导", "lead"),
        ("分管领导", "lead"),
        ("责任科\n室", "departments"),
        ("责任部门", "departments"),
        ("责任单位", "departments"),
        ("牵头部门", "departments"),
        ("責任處室", "departments"),
        ("备注", "remark"),
        ("備註", "remark"),
        ("进度要求", "group"),
        ("完成时限", None),
        ("Notes", "remark"),
        ("", None),
    ],
)
def test_header_words(printed, key):
    assert default_vocabulary().match(printed) == key


def test_long_data_cell_is_not_a_header_even_with_a_header_word():
    assert default_vocabulary().match("持续推进教育系统不动产权证确权补证工作，完成目标任务") is None


def test_canon_ignores_spacing_width_and_script():
    assert canon(" 第 一 季 度 ") == "第一季度"
    assert canon("ＱＩ".replace("Ｉ", "１")) == "q1"
    assert canon("進度") == "进度"


def test_key_task_header_needs_task_and_two_quarters():
    assert is_key_task_header({"task", "q1", "q2"})
    assert not is_key_task_header({"task", "q1"})
    assert not is_key_task_header({"q1", "q2", "q3", "q4", "lead"})


def test_vocabulary_file_is_user_extendable(tmp_path):
    path = tmp_path / "words.json"
    path.write_text(json.dumps({"task": ["攻坚方向"], "q1": ["春季"], "q2": ["夏季"]}, ensure_ascii=False), "utf-8")
    vocab = Vocabulary.load(path)
    assert vocab.match("攻坚方向") == "task" and vocab.match("春季") == "q1"
    assert default_vocabulary().match("攻坚方向") is None
    assert default_vocabulary().extended({"task": ["攻坚方向"]}).match("攻坚方向") == "task"
    with pytest.raises(ValueError):
        Vocabulary({"quarter": ["x"]})


def test_every_key_has_words():
    vocab = default_vocabulary()
    for key in KEYS:
        assert vocab.words[key], key
