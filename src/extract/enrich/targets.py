"""Quantitative targets in Chinese policy text, and their series across a task's quarters.

A target is a number with its unit (``%`` or a measure word such as 所, 个, 项, 课时),
an optional bound (不少于30课时, 5所以上, 2-3项) and a subject: what is counted or
measured. The subject is read from jieba's tokens and the dictionary's part-of-speech
tags: after a measure word the counted noun follows (新建12所幼儿园 → 幼儿园); before a
percentage the measured rate precedes (体质健康优良率达到85% → 体质健康优良率).

The words this module recognises (units, bound words, verbs) are in
``data/quantities.json``; nothing here knows any particular document.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import Lexicon, package_text
from .numbers import Number, hanzi_number
from .numbers import read_number as _number

PERCENT = "%"
QUARTER_FIELDS = ("q1", "q2", "q3", "q4")
DELIMITERS = set("，。；;：:！？!?\n、")
OPEN = "（(【["
CLOSE = "）)】]"
# Characters that make a digit part of a code or another number (3-05地块, 1+X, 2.0).
NOT_BEFORE_DIGIT = set("0123456789.+-/_—–－~～") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
MAX_SUBJECT_TOKENS = 6
HEAD_TAGS = ("v", "vd", "d", "p", "c", "ad", "uj", "ul", "r")  # stripped from a subject's start
VERB_TAGS = ("v", "vd", "vi", "vq", "vf", "vg")


@dataclass(frozen=True, slots=True)
class Target:
    """One quantity in one text field of a point or a key task."""

    source: str  # "point" | "task"
    task_no: int | str | None
    section_no: int | None
    point_no: int | None
    field: str  # title | body | task | q1..q4
    quarter: int | None
    subject: str
    value: Number
    value_max: Number | None
    unit: str
    bound: str  # exact | at_least | at_most | range | approx
    text: str  # the quantity as written, bound words included
    start: int  # offsets of ``text`` in the field's text
    end: int
    context: str  # the clause around it
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Series:
    """A task's quarter cells measuring the same thing: one value per quarter."""

    task_no: int | str
    subject: str
    unit: str
    quarters: tuple[int, ...]
    values: tuple[Number, ...]
    bounds: tuple[str, ...]
    trend: str  # increasing | decreasing | constant | mixed
    annual: Number | None = None  # the same quantity in the task's own text, when stated there
    targets: tuple[Target, ...] = ()  # the quarter cells' targets, in quarter order


@dataclass(frozen=True, slots=True)
class _Grammar:
    pattern: re.Pattern[str]
    bound_before: dict[str, str]
    bound_after: dict[str, str]
    lead_verbs: frozenset[str]
    link_verbs: tuple[str, ...]
    hanzi: str
    skip_after: frozenset[str]


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    cfg = json.loads(package_text("quantities.json"))
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for bound in ("at_least", "at_most", "approx"):
        for w in cfg[bound]["before"]:
            before[w] = bound
        for w in cfg[bound]["after"]:
            after[w] = bound

    def alt(words: list[str] | dict[str, str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    hanzi = cfg["hanzi_numerals"]
    # 1,200 | 85.5 | 1.2万 (a multiplier, but 300万元 is 300 of the unit 万元) | 十二
    num = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[万亿](?!元))?|[{re.escape(hanzi)}]+"
    pattern = re.compile(
        rf"(?P<pre>{alt(before)})?"
        rf"(?P<n1>{num})"
        rf"(?:(?P<sep>{alt(cfg['range_separators'])})(?P<n2>{num}))?"
        rf"(?P<unit>[%％]|{alt(cfg['units'])})"
        rf"(?P<post>{alt(after)})?"
    )
    return _Grammar(
        pattern=pattern,
        bound_before=before,
        bound_after=after,
        lead_verbs=frozenset(cfg["lead_verbs"]),
        link_verbs=tuple(sorted(cfg["link_verbs"], key=lambda w: (-len(w), w))),
        hanzi=hanzi,
        skip_after=frozenset(cfg["skip_after"]),
    )


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: between delimiters, skipping bracketed asides."""
    depth = 0
    i = start - 1
    while i >= 0:
        ch = text[i]
        if ch in CLOSE:
            depth += 1
        elif ch in OPEN:
            if depth == 0:
                break  # the quantity sits inside brackets: the clause starts there
            depth -= 1
        elif depth == 0 and ch in DELIMITERS:
            break
        i -= 1
    depth = 0
    j = end
    while j < len(text):
        ch = text[j]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in DELIMITERS:
            break
        j += 1
    return i + 1, j


def _drop_asides(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def _is_word(tag: str) -> bool:
    return bool(tag) and not tag.startswith(("x", "w"))


def _subject_before(lex: Lexicon, text: str) -> str:
    g = grammar()
    text = _drop_asides(text).strip()
    changed = True
    while changed and text:
        changed = False
        for w in g.link_verbs:
            if text.endswith(w):
                text = text[: -len(w)]
                changed = True
                break
    if "的" in text:
        text = text.rsplit("的", 1)[1]
    tokens = [t for t in lex.cut(text) if t.strip()]
    while tokens and (tokens[0] in g.lead_verbs or lex.tag(tokens[0]) in HEAD_TAGS):
        tokens.pop(0)
    while tokens and (lex.tag(tokens[-1]) in ("m", "q", "uj") or tokens[-1] in g.bound_before):
        tokens.pop()
    tokens = tokens[-MAX_SUBJECT_TOKENS:]
    return "".join(tokens)


def _subject_after(lex: Lexicon, text: str) -> str:
    text = _drop_asides(text).strip()
    if text.startswith("的"):
        text = text[1:]
    tokens = [t for t in lex.cut(text) if t.strip()]
    taken: list[str] = []
    relative = bool(tokens) and lex.tag(tokens[0]) == "p"  # 与…配套的 X: the subject follows 的
    has_noun = False
    conj_at: int | None = None
    for tok in tokens:
        tag = lex.tag(tok)
        if tok == "的":
            if relative or any(lex.tag(t) in VERB_TAGS for t in taken):
                taken, relative, has_noun, conj_at = [], False, False, None
                continue
            break
        if relative:
            taken.append(tok)
            continue
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", tok):
            break  # punctuation, a closing quote, a number
        if tag in VERB_TAGS:
            if has_noun:
                break  # the predicate: 项目|完成验收
            taken.append(tok)  # a verb before the head noun modifies it: 新改建校舍
            continue
        after_conj = bool(taken) and lex.tag(taken[-1]) == "c"
        if has_noun and not after_conj and not tag:
            break  # a word the dictionary does not know after the noun: 专项行动|落细落实
        if tag.startswith("u") or tag in ("y", "e", "o", "f"):
            break
        if tag == "c":
            conj_at = len(taken)
        taken.append(tok)
        has_noun = has_noun or tag.startswith(("n", "j", "s"))
    if relative:
        return ""
    if conj_at is not None and len(taken) - conj_at - 1 > 2:
        taken = taken[:conj_at]  # 学校 和 某区 实验中学 改建 等: the conjunction starts another phrase
    while taken and lex.tag(taken[-1]) in ("c", "p", "uj"):
        taken.pop()
    return "".join(taken[:MAX_SUBJECT_TOKENS])


def _token_bounds(lex: Lexicon, text: str) -> set[int]:
    bounds, pos = {0}, 0
    for tok in lex.cut(text):
        pos += len(tok)
        bounds.add(pos)
    return bounds


def _bounded_ranges(g: Any, matches: list[re.Match[str]]) -> dict[int, re.Match[str]]:
    """``A以上B以下`` (二万元以上五万元以下, 1万元以上3万元以下): a lower bound right before an
    upper one in the same unit is one range. Index of the lower bound's match → the upper one's."""
    out = {}
    for i, (low, high) in enumerate(zip(matches, matches[1:], strict=False)):
        if (
            low.end() == high.start()
            and low.group("post") and g.bound_after.get(low.group("post")) == "at_least"
            and high.group("post") and g.bound_after.get(high.group("post")) == "at_most"
            and low.group("unit") == high.group("unit")
            and not low.group("n2") and not high.group("n2")
        ):
            out[i] = high
    return out


def find_quantities(lex: Lexicon, text: str) -> list[dict[str, Any]]:
    """Every quantity in ``text``: value, range, unit, bound, subject, span and clause."""
    g = grammar()
    out: list[dict[str, Any]] = []
    bounds: set[int] | None = None
    matches = list(g.pattern.finditer(text))
    ranges = _bounded_ranges(g, matches)
    skip: set[int] = set()
    for i, m in enumerate(matches):
        if i in skip:
            continue
        if i in ranges:
            # The two bounds say it is a quantity: no word check (jieba may join 处二 into a word).
            high = ranges[i]
            value, value_max = _number(m.group("n1")), _number(high.group("n1"))
            if value is not None and value_max is not None:
                unit = PERCENT if m.group("unit") in "%％" else m.group("unit")
                out.append(_quantity(lex, text, m.start(), high.end(), value, value_max, unit, "range"))
                skip.add(i + 1)
                continue
        n1_start = m.start("n1")
        before = text[n1_start - 1] if n1_start > 0 else ""
        if m.group("n1")[0].isdigit():
            if before in NOT_BEFORE_DIGIT:
                continue
        else:
            if before in g.skip_after or before.isdigit() or (m.group("n2") and m.group("n2")[0].isdigit()):
                continue
            if bounds is None:
                bounds = _token_bounds(lex, text)
            if n1_start not in bounds or m.end("unit") not in bounds:
                continue  # 单一项目, 一次性: the numeral is part of a word
        if before in g.skip_after:
            continue
        if m.end() < len(text) and text[m.end()].isdigit():
            continue  # 两个100%: a count of quantities, not a quantity
        value = _number(m.group("n1"))
        value_max = _number(m.group("n2")) if m.group("n2") else None
        if value is None or (m.group("n2") and value_max is None):
            continue
        unit = PERCENT if m.group("unit") in "%％" else m.group("unit")
        if value_max is not None:
            bound = "range"
        elif m.group("pre"):
            bound = g.bound_before[m.group("pre")]
        elif m.group("post"):
            bound = g.bound_after[m.group("post")]
        else:
            bound = "exact"
        out.append(_quantity(lex, text, m.start(), m.end(), value, value_max, unit, bound))
    return out


def _quantity(
    lex: Lexicon, text: str, start: int, end: int, value: Any, value_max: Any, unit: str, bound: str
) -> dict[str, Any]:
    c0, c1 = _clause(text, start, end)
    head, tail = text[c0:start], text[end:c1]
    if unit == PERCENT:
        subject = _subject_before(lex, head) or _subject_after(lex, tail)
    else:
        subject = _subject_after(lex, tail) or _subject_before(lex, head)
    return {
        "subject": subject,
        "value": value,
        "value_max": value_max,
        "unit": unit,
        "bound": bound,
        "text": text[start:end],
        "start": start,
        "end": end,
        "context": text[c0:c1],
    }


def find_series(task_no: int | str, targets: list[Target]) -> list[Series]:
    """Quarter cells of one task that measure the same thing, one value per quarter.

    Quantities are grouped by unit and subject; a group forms a series when at least two
    quarters carry it and no quarter carries it twice (three different 个项目 counts in
    every quarter are three milestones, not a series). A quarter whose subject is missing
    joins a series of the same unit when that is the only one.
    """
    cells = [t for t in targets if t.quarter is not None]
    annual_targets = [t for t in targets if t.field == "task"]
    out: list[Series] = []
    used: set[int] = set()
    keys = sorted({(t.unit, t.subject) for t in cells if t.subject}, key=lambda k: min(
        i for i, t in enumerate(cells) if (t.unit, t.subject) == k))
    for unit, subject in keys:
        members = [i for i, t in enumerate(cells) if t.unit == unit and t.subject == subject]
        loose = [i for i, t in enumerate(cells) if t.unit == unit and not t.subject]
        quarters = Counter(cells[i].quarter for i in members)
        for i in loose:  # a bare value in a quarter the subject does not reach (Q4: 90%)
            if cells[i].quarter not in quarters and sum(1 for k in keys if k[0] == unit) == 1:
                members.append(i)
                quarters[cells[i].quarter] += 1
        if len(quarters) < 2 or max(quarters.values()) > 1 or used & set(members):
            continue
        used.update(members)
        members.sort(key=lambda i: cells[i].quarter or 0)
        values = tuple(cells[i].value for i in members)
        steps = [b - a for a, b in zip(values, values[1:], strict=False)]
        if all(s == 0 for s in steps):
            trend = "constant"
        elif all(s >= 0 for s in steps):
            trend = "increasing"
        elif all(s <= 0 for s in steps):
            trend = "decreasing"
        else:
            trend = "mixed"
        same = [t for t in annual_targets if t.unit == unit]
        annual = same[0].value if len(same) == 1 else None
        out.append(
            Series(
                task_no=task_no,
                subject=subject,
                unit=unit,
                quarters=tuple(cells[i].quarter or 0 for i in members),
                values=values,
                bounds=tuple(cells[i].bound for i in members),
                trend=trend,
                annual=annual,
                targets=tuple(cells[i] for i in members),
            )
        )
    return out


__all__ = ["Series", "Target", "find_quantities", "find_series", "grammar", "hanzi_number"]
