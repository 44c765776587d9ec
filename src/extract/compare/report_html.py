"""diff.html: the comparison as a page for people, self-contained and offline.

One file with its CSS and script inline (no fonts, scripts or images fetched): a summary of
the labels, check boxes that show or hide the pairs of each label, then the work points side
by side (old left, new right; deleted characters struck through in red on the left, inserted
ones underlined in green on the right; a moved point names both sections), the key tasks
with each changed cell side by side, and the table of target changes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .changes import POINT_LABELS, TASK_LABELS, FieldChange
from .diff import Diff, PointPair, TaskPair
from .load import CELLS, KeyTask, WorkPoint

CELL_NAMES = {
    "task": "工作目标任务", "q1": "第一季度", "q2": "第二季度", "q3": "第三季度", "q4": "第四季度",
    "lead": "牵头领导", "departments": "责任科室", "remark": "备注",
}  # fmt: skip

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:1.5em auto;max-width:1400px;padding:0 1em;color:#222;line-height:1.6}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:.4em .6em;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.side{width:45%}td.num{text-align:right;white-space:nowrap}
.meta{color:#666;font-size:.85em}.title{font-weight:bold}.text{white-space:pre-wrap}
del{background:#fdd;color:#900;text-decoration:line-through}ins{background:#dfd;color:#060;text-decoration:underline}
.badge{display:inline-block;padding:0 .5em;border-radius:.8em;font-size:.85em;color:#fff;background:#888}
.unchanged{background:#888}.reworded{background:#c70}.moved{background:#36c}.new{background:#292}
.dropped{background:#c33}.changed{background:#c70}.up{color:#060}.down{color:#900}
table.summary{width:auto}fieldset{border:1px solid #ccc;margin:1em 0}label{margin-right:1.2em;white-space:nowrap}
.cell{font-size:.85em;color:#555}.none{color:#aaa}summary{cursor:pointer}
"""

SCRIPT = """
(function(){
  var boxes=document.querySelectorAll('input[data-show]');
  function apply(){
    var show={};
    boxes.forEach(function(b){show[b.getAttribute('data-show')]=b.checked;});
    document.querySelectorAll('tr[data-label]').forEach(function(r){
      r.hidden=!show[r.getAttribute('data-label')];
    });
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  apply();
})();
"""


def _text(s: str) -> str:
    return f'<div class="text">{escape(s)}</div>' if s else ""


def _marked(change: FieldChange, side: str) -> str:
    """One side of a field's diff: the old side with deletions marked, the new side with insertions."""
    keep, tag = ("delete", "del") if side == "old" else ("insert", "ins")
    out = []
    for op, text in change.diff:
        if op == "equal":
            out.append(escape(text))
        elif op == keep:
            out.append(f"<{tag}>{escape(text)}</{tag}>")
    return f'<div class="text">{"".join(out)}</div>'


def _point_side(
    p: WorkPoint | None, section: str | None, changes: dict[str, FieldChange], side: str, alone: bool
) -> str:
    """One side of a point's row: the text in full when it changed or stands alone (new, dropped), else folded."""
    if p is None:
        return '<td class="side none">—</td>'
    moved = changes.get("section")
    heading = escape(section or "")
    if moved is not None:
        heading = f"<del>{heading}</del>" if side == "old" else f"<ins>{heading}</ins>"
    parts = [f'<div class="meta">{escape(p.label)} · {heading}</div>']
    title = _marked(changes["title"], side) if "title" in changes else _text(p.title)
    parts.append(f'<div class="title">{title}</div>')
    if "body" in changes:
        parts.append(_marked(changes["body"], side))
    elif p.body and (changes or alone):
        parts.append(_text(p.body))
    elif p.body:
        parts.append(f"<details><summary>text</summary>{_text(p.body)}</details>")
    return f'<td class="side">{"".join(parts)}</td>'


def _badge(label: str) -> str:
    return f'<span class="badge {label}">{label}</span>'


def _similarity(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _point_row(p: PointPair) -> str:
    changes = {c.field: c for c in p.changes}
    old_section = p.old_section.heading if p.old_section else None
    new_section = p.new_section.heading if p.new_section else None
    return (
        f'<tr data-label="{p.label}"><td>{_badge(p.label)}</td>'
        f"{_point_side(p.old, old_section, changes, 'old', p.new is None)}"
        f"{_point_side(p.new, new_section, changes, 'new', p.old is None)}"
        f'<td class="num">{_similarity(p.similarity)}</td></tr>'
    )


def _task_side(t: KeyTask | None, changes: dict[str, FieldChange], side: str, alone: bool) -> str:
    """One side of a key task's row: the task and the changed cells (all cells when new or dropped); the rest folded."""
    if t is None:
        return '<td class="side none">—</td>'
    parts = [f'<div class="meta">{escape(str(t.no))}</div>']
    shown = list(CELLS) if alone else [c for c in CELLS if c in changes] if changes else ["task"]
    if "task" not in shown:
        shown.insert(0, "task")
    for name in shown:
        body = _marked(changes[name], side) if name in changes else _text(t.cells[name])
        parts.append(f'<div class="cell">{CELL_NAMES[name]}</div>{body}')
    if not changes and not alone:
        rest = "".join(f'<div class="cell">{CELL_NAMES[c]}</div>{_text(t.cells[c])}' for c in CELLS[1:])
        parts.append(f"<details><summary>cells</summary>{rest}</details>")
    return f'<td class="side">{"".join(parts)}</td>'


def _task_row(t: TaskPair) -> str:
    changes = {c.field: c for c in t.changes}
    return (
        f'<tr data-label="{t.label}"><td>{_badge(t.label)}</td>'
        f"{_task_side(t.old, changes, 'old', t.new is None)}{_task_side(t.new, changes, 'new', t.old is None)}"
        f'<td class="num">{_similarity(t.similarity)}</td></tr>'
    )


def _target_row(t: dict[str, Any]) -> str:
    kind = "point" if t["kind"] == "point" else "key task"
    where = f"{kind} {t['old_no']} → {t['new_no']}, {CELL_NAMES.get(t['field'], t['field'])}"
    arrow = {"up": "▲ up", "down": "▼ down"}.get(t["direction"], "changed")
    return (
        f"<tr><td>{escape(where)}</td><td>{escape(t['subject'] or '')}</td><td>{escape(t['old']['text'])}</td>"
        f"<td>{escape(t['new']['text'])}</td><td class=\"{t['direction']}\">{arrow}</td>"
        f"<td>{escape(t['context'])}</td></tr>"
    )


def _filters(data: dict[str, Any]) -> str:
    counts: dict[str, int] = {}
    for block in ("points", "key_tasks"):
        for label, n in data["summary"][block].items():
            counts[label] = counts.get(label, 0) + n
    labels = [label for label in (*POINT_LABELS, *TASK_LABELS) if label in counts]
    boxes = "".join(
        f'<label><input type="checkbox" data-show="{label}" checked> {_badge(label)} {counts[label]}</label>'
        for label in dict.fromkeys(labels)
    )
    return f"<fieldset><legend>Show pairs labelled</legend>{boxes}</fieldset>"


def _summary_table(data: dict[str, Any]) -> str:
    rows = []
    for label in ("unchanged", "reworded", "moved", "changed", "new", "dropped"):
        cells = "".join(
            f'<td class="num">{data["summary"][block].get(label, "–")}</td>' for block in ("points", "key_tasks")
        )
        rows.append(f"<tr><th>{_badge(label)}</th>{cells}</tr>")
    return (
        "<table class=\"summary\"><thead><tr><th></th><th>work points</th><th>key tasks</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table><p>{data['summary']['targets']} target changes.</p>"
    )


def _side_line(name: str, side: dict[str, Any]) -> str:
    return (
        f"<li>{name}: <b>{escape(side['file'])}</b> {escape(side['title'])}"
        f" ({side['points']} work points, {side['key_tasks']} key tasks)</li>"
    )


def render_html(diff: Diff, data: dict[str, Any]) -> str:
    """The report; ``data`` is the diff's ``diff.json`` form (for the summary and the targets)."""
    head = "<tr><th>label</th><th>old</th><th>new</th><th>similarity</th></tr>"
    points = "\n".join(_point_row(p) for p in diff.points)
    tasks = "\n".join(_task_row(t) for t in diff.key_tasks)
    targets = "\n".join(_target_row(t) for t in data["targets"])
    title = f"diff: {data['old']['file']} → {data['new']['file']}"
    sections = [
        f"<h1>{escape(title)}</h1><ul>{_side_line('old', data['old'])}{_side_line('new', data['new'])}</ul>",
        _summary_table(data),
        _filters(data),
    ]
    if diff.points:
        sections.append(f"<h2>Work points</h2><table><thead>{head}</thead><tbody>\n{points}\n</tbody></table>")
    if diff.key_tasks:
        sections.append(f"<h2>Key tasks</h2><table><thead>{head}</thead><tbody>\n{tasks}\n</tbody></table>")
    if data["targets"]:
        sections.append(
            "<h2>Target changes</h2><table><thead><tr><th>where</th><th>subject</th><th>old</th><th>new</th>"
            f"<th></th><th>clause (new)</th></tr></thead><tbody>\n{targets}\n</tbody></table>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
