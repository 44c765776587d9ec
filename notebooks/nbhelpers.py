"""Helpers for the analysts' notebooks: find the outputs, load them, draw boxes, compare with a gold file.

Everything here reads the documented output shape (``document.json``, ``quality.json`` and the CSVs,
see ``schema/document.schema.json``) and tolerates missing or empty parts, so a notebook shows what
is there instead of failing on what is not.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

CSV_FILES = {
    "work_points": ["section_no", "section_title", "point_no", "title", "body", "pages"],
    "key_tasks": ["no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark"],
    "key_tasks_long": ["no", "quarter", "period", "milestone"],
    "normalization": ["field", "page", "box", "rule", "before", "after", "origin"],
}
ANOMALY_COLUMNS = ["field", "page", "kind", "text", "detail"]
BOX_COLUMNS = ["page", "kind", "field", "x0", "top", "x1", "bottom"]
# kind -> (stroke, fill) for page renders; RGBA fills keep the text readable underneath.
STYLE = {
    "notice": ((230, 120, 0), (230, 120, 0, 30)),
    "attachment": ((230, 120, 0), (230, 120, 0, 30)),
    "section": ((140, 0, 200), (140, 0, 200, 40)),
    "point": ((0, 90, 255), (0, 90, 255, 30)),
    "table_title": ((0, 150, 60), (0, 150, 60, 30)),
    "cell": ((0, 150, 60), (0, 150, 60, 25)),
    "unassigned": ((230, 0, 0), (230, 0, 0, 70)),
}
# Fields of the gold file that are not extraction outputs (compared separately or not at all).
GOLD_SKIP = {"source", "expected_normalization"}
# gold expected_normalization key -> our normalization rule.
GOLD_RULES = {"t2s_chars": "t2s", "punct_width": "punct_width", "spaces_removed": "space_removed"}
MISSING = "<missing>"
NOT_IN_GOLD = "<not in gold>"


# ---- where things are ------------------------------------------------------------------------------


def env_path(name: str, default: str | None, root: Path) -> Path | None:
    """A path parameter from the environment (empty means unset); relative paths are taken from ``root``."""
    value = os.environ.get(name) or default
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else (root / path)


def run_cli(pdf: Path, out: Path) -> Path:
    """``python -m extract run PDF --out OUT --review`` in a fresh process; the outputs' folder. The review
    page's images are the pages as they were read (set upright, straight, a photographed sheet flat)."""
    proc = subprocess.run(
        [sys.executable, "-m", "extract", "run", str(pdf), "--out", str(out), "--review"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"extract failed on {pdf} (exit {proc.returncode}):\n{proc.stderr.strip()}")
    return out / Path(pdf).stem


def resolve_outputs(output_dir: Path | None, pdf: Path) -> Path:
    """The folder holding ``document.json``: ``output_dir`` (or its ``<pdf stem>/``) when it has outputs,
    else a fresh CLI run on ``pdf`` into a temporary folder (removed when the kernel exits).
    Nothing is ever written into the repository."""
    if output_dir is not None:
        for candidate in (output_dir, output_dir / Path(pdf).stem):
            if (candidate / "document.json").is_file():
                print(f"outputs: {candidate}")
                return candidate
        print(f"no document.json in {output_dir}; running the CLI instead")
    tmp = Path(tempfile.mkdtemp(prefix="gongwen-notebook-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    folder = run_cli(pdf, tmp)
    print(f"outputs: fresh run of {pdf.name} into {folder}")
    return folder


def check_source(document: dict[str, Any], pdf: Path) -> None:
    """Warn when the PDF used for page renders is not the one the outputs came from."""
    expected = (document.get("source") or {}).get("sha256")
    if not expected or not Path(pdf).is_file():
        print(f"cannot check that {pdf} is the source of these outputs")
        return
    actual = hashlib.sha256(Path(pdf).read_bytes()).hexdigest()
    if actual != expected:
        print(f"WARNING: {pdf} (sha256 {actual[:12]}…) is not the source of these outputs ({expected[:12]}…)")


# ---- loading ---------------------------------------------------------------------------------------


@dataclass
class Outputs:
    folder: Path
    document: dict[str, Any]
    quality: dict[str, Any]
    work_points: pd.DataFrame
    key_tasks: pd.DataFrame
    key_tasks_long: pd.DataFrame
    normalization: pd.DataFrame


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """A CSV output (UTF-8 with BOM); empty cells stay empty strings; a missing file is an empty table."""
    if not path.is_file() or path.stat().st_size == 0:
        return pd.DataFrame(columns=columns)
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)


def load_outputs(folder: Path) -> Outputs:
    folder = Path(folder)
    document = read_json(folder / "document.json")
    quality = read_json(folder / "quality.json") or document.get("quality") or {}
    tables = {name: read_csv(folder / f"{name}.csv", columns) for name, columns in CSV_FILES.items()}
    return Outputs(folder, document, quality, **tables)


def show(df: pd.DataFrame | None, empty: str = "") -> None:
    """Display a table, or say plainly (``empty``) that it is empty."""
    from IPython.display import display

    if df is None or len(df) == 0:
        if empty:
            print(empty)
        return None
    display(df)
    return None


def summary(out: Outputs) -> pd.Series:
    """One column of headline numbers for a run."""
    doc, q = out.document, out.quality
    source = doc.get("source") or {}
    cov = q.get("coverage") or {}
    norm = doc.get("normalization") or {}
    return pd.Series(
        {
            "file": source.get("file"),
            "sha256": (source.get("sha256") or "")[:12],
            "generator": doc.get("generator"),
            "pages": q.get("pages", source.get("pages")),
            "tables (ruled, per page)": q.get("tables"),
            "notice title": (doc.get("notice") or {}).get("title"),
            "attachment title": (doc.get("attachment") or {}).get("title"),
            "sections": len(doc.get("sections") or []),
            "work points (csv rows)": len(out.work_points),
            "key-task rows": len((doc.get("key_tasks") or {}).get("rows") or []),
            "normalization changes": len(out.normalization),
            "anomalies": len(norm.get("anomalies") or []),
            "warnings": len(doc.get("warnings") or []),
            "content chars": cov.get("content_chars"),
            "unassigned chars": cov.get("unassigned_chars"),
        },
        name="value",
        dtype=object,
    )


def quarter_fill(long: pd.DataFrame) -> pd.DataFrame:
    """Per quarter: how many milestones are filled and how many are empty."""
    if len(long) == 0:
        return pd.DataFrame(columns=["filled", "empty"])
    empty = long["milestone"].astype(str).str.strip().eq("")
    return (
        long.assign(empty=empty, filled=~empty)
        .groupby(["quarter", "period"])[["filled", "empty"]]
        .sum()
    )


# ---- normalization ---------------------------------------------------------------------------------


def changes_per_page(norm: pd.DataFrame, pages: int | None = None) -> pd.DataFrame:
    """Change counts, one row per page and one column per rule (``[layout]`` marks PDF-layout changes)."""
    if len(norm) == 0:
        table = pd.DataFrame()
    else:
        label = norm["rule"].astype(str).where(norm["origin"].eq("published"), norm["rule"] + " [layout]")
        table = norm.assign(label=label).pivot_table(
            index="page", columns="label", values="field", aggfunc="count", fill_value=0
        )
    if pages:
        table = table.reindex(range(1, int(pages) + 1), fill_value=0)
    table.index.name = "page"
    table.columns.name = "rule"
    return table.astype(int)


def plot_changes(table: pd.DataFrame, title: str = "Normalization changes per page and rule"):
    """A stacked bar chart as a PNG (matplotlib's Agg canvas: no display, no pyplot state)."""
    from IPython.display import Image
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.2), dpi=90)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bottom = pd.Series(0, index=table.index)
    for rule in table.columns:
        ax.bar(table.index.astype(str), table[rule], bottom=bottom, label=str(rule))
        bottom = bottom + table[rule]
    ax.set_xlabel("page")
    ax.set_ylabel("changes")
    ax.set_title(title)
    if len(table.columns):
        ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return Image(data=buf.getvalue(), format="png")


# ---- boxes and page renders ------------------------------------------------------------------------


def _where_rows(kind: str, field: str, items: list[dict[str, Any]] | None) -> list[list[Any]]:
    return [[w["page"], kind, field, *w["box"]] for w in items or [] if w.get("box") and w.get("page")]


def _point_rows(prefix: str, point: dict[str, Any]) -> list[list[Any]]:
    name = f"{prefix}/points/{point.get('no')}"
    rows = _where_rows("point", name, point.get("where"))
    for child in point.get("points") or []:
        rows += _point_rows(name, child)
    return rows


def claimed_boxes(document: dict[str, Any], quality: dict[str, Any]) -> pd.DataFrame:
    """Every box an output value names as its source, plus the unassigned runs of the coverage account."""
    rows: list[list[Any]] = []
    for part in ("notice", "attachment"):
        for key, items in ((document.get(part) or {}).get("where") or {}).items():
            rows += _where_rows(part, f"{part}/{key}", items)
    for section in document.get("sections") or []:
        name = f"sections/{section.get('no')}"
        rows += _where_rows("section", f"{name}/title", section.get("where"))
        for point in section.get("points") or []:
            rows += _point_rows(name, point)
    key_tasks = document.get("key_tasks") or {}
    for key, items in (key_tasks.get("where") or {}).items():
        rows += _where_rows("table_title", f"key_tasks/{key}", items)
    for row in key_tasks.get("rows") or []:
        for key, items in (row.get("where") or {}).items():
            rows += _where_rows("cell", f"key_tasks/rows/{row.get('no')}/{key}", items)
    for u in (quality.get("coverage") or {}).get("unassigned") or []:
        rows += _where_rows("unassigned", u.get("text", ""), [u])
    return pd.DataFrame(rows, columns=BOX_COLUMNS)


def boxes_per_page(boxes: pd.DataFrame) -> pd.DataFrame:
    if len(boxes) == 0:
        return pd.DataFrame()
    return boxes.pivot_table(index="page", columns="kind", values="field", aggfunc="count", fill_value=0)


def pages_to_render(document: dict[str, Any], boxes: pd.DataFrame, override: str = "") -> list[tuple[int, str]]:
    """A few pages worth looking at: one body page with point boxes and up to two key-task table pages."""
    if override.strip():
        return [(int(p), "chosen by RENDER_PAGES") for p in override.replace(" ", "").split(",") if p]
    table_pages = list((document.get("key_tasks") or {}).get("pages") or [])
    if not table_pages:
        table_pages = sorted(set(boxes.loc[boxes["kind"].eq("cell"), "page"]))
    chosen: list[tuple[int, str]] = []
    for kind, why in (("point", "body page with work points"), ("section", "body page with section titles")):
        pages = sorted(set(boxes.loc[boxes["kind"].eq(kind), "page"]) - set(table_pages))
        if pages:
            chosen.append((int(pages[0]), why))
            break
    else:
        chosen.append((1, "first page (no point boxes yet)"))
    if table_pages:
        chosen.append((int(table_pages[0]), "first key-task table page"))
    if len(table_pages) > 1:
        chosen.append((int(table_pages[1]), "key-task table continued"))
    return chosen


def render_page(pdf: Path, page_no: int, boxes: pd.DataFrame, resolution: int = 60, folder: Path | None = None):
    """The page with the claimed boxes (by kind) and unassigned runs (red) over it.

    Boxes are measured on the page as it was read. A page read by OCR may have been turned upright, set
    straight or, a photographed sheet, laid flat: it is drawn from the review page's image of it
    (``folder/review/page-NN.png``, written by ``run --review``), which shows it so. Without one, the
    page is drawn by pdfplumber as the PDF shows it, and such a page says its boxes may sit elsewhere.
    """
    image = _as_read(folder, page_no, boxes, resolution) if folder is not None else None
    if image is not None:
        return image
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        if not 1 <= page_no <= len(doc.pages):
            print(f"page {page_no} is not in {Path(pdf).name} ({len(doc.pages)} pages)")
            return None
        image = doc.pages[page_no - 1].to_image(resolution=resolution)
    if folder is not None and page_no in _reshaped_pages(read_json(Path(folder) / "quality.json")):
        print(
            f"page {page_no} was turned, straightened or laid flat before it was read: its boxes are drawn on"
            " the page as the PDF shows it and may sit elsewhere (run with --review to draw them as read)"
        )
    on_page = boxes[boxes["page"].eq(page_no)]
    for kind, (stroke, fill) in STYLE.items():
        rects = on_page.loc[on_page["kind"].eq(kind), ["x0", "top", "x1", "bottom"]]
        if len(rects):
            image.draw_rects([tuple(r) for r in rects.itertuples(index=False)], stroke=stroke, fill=fill)
    return image


def _reshaped_pages(quality: dict[str, Any]) -> set[int]:
    ocr = quality.get("ocr") or {}
    keys = ("rotated_pages", "straightened_pages", "flattened_pages")
    return {int(n) for key in keys for n in (ocr.get(key) or {})}


def _as_read(folder: Path, page_no: int, boxes: pd.DataFrame, resolution: int):
    """The review page's image of the page with the boxes drawn over it, at ``resolution`` dpi; None without one."""
    from PIL import Image, ImageDraw

    from extract.export.review.images import DPI, image_path

    path = Path(folder) / image_path(page_no)
    if not path.is_file():
        return None
    with Image.open(path) as opened:
        page = opened.convert("RGBA")
    layer = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    px = DPI / 72
    on_page = boxes[boxes["page"].eq(page_no)]
    for kind, (stroke, fill) in STYLE.items():
        for x0, top, x1, bottom in on_page.loc[on_page["kind"].eq(kind), ["x0", "top", "x1", "bottom"]].itertuples(
            index=False
        ):
            draw.rectangle((x0 * px, top * px, x1 * px, bottom * px), outline=stroke, fill=fill)
    drawn = Image.alpha_composite(page, layer).convert("RGB")
    factor = resolution / DPI
    return drawn.resize((max(1, round(drawn.width * factor)), max(1, round(drawn.height * factor))))


# ---- anomalies and coverage ------------------------------------------------------------------------


def anomalies(document: dict[str, Any]) -> pd.DataFrame:
    items = (document.get("normalization") or {}).get("anomalies") or []
    return pd.DataFrame(items, columns=ANOMALY_COLUMNS)


def coverage_summary(quality: dict[str, Any]) -> pd.Series:
    cov = quality.get("coverage") or {}
    keys = ["content_chars", "assigned_chars", "furniture_chars", "multiply_assigned_chars", "unassigned_chars"]
    out = pd.Series({k: cov.get(k) for k in keys}, name="chars", dtype=object)
    if cov.get("content_chars"):
        out["assigned %"] = round(100 * (cov.get("assigned_chars") or 0) / cov["content_chars"], 2)
    return out


def unassigned(quality: dict[str, Any]) -> pd.DataFrame:
    """The unassigned runs: page, how many characters, the text and its box."""
    runs = (quality.get("coverage") or {}).get("unassigned") or []
    df = pd.DataFrame(runs, columns=["page", "box", "text"])
    return df.assign(chars=df["text"].astype(str).str.replace(" ", "").str.len())[["page", "chars", "text", "box"]]


def unassigned_per_page(quality: dict[str, Any]) -> pd.DataFrame:
    df = unassigned(quality)
    return df.groupby("page").agg(runs=("text", "size"), chars=("chars", "sum"))


# ---- pages read by OCR ------------------------------------------------------------------------------

OCR_COLUMNS = ["page", "values", "mean_confidence", "min_confidence", "doubtful_lines", "turned", "straightened"]


def _ocr_sources(obj: Any) -> list[dict[str, Any]]:
    """Every source box in the outputs that OCR read (``origin: "ocr"``), wherever it sits."""
    found: list[dict[str, Any]] = []
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("origin") == "ocr" and "page" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def ocr_pages(document: dict[str, Any], quality: dict[str, Any]) -> pd.DataFrame:
    """One row per page read by OCR: how many output values it gave, their mean and lowest
    confidence, the lines under the doubt threshold, and the turn or tilt that set the scan upright."""
    ocr = quality.get("ocr") or {}
    sources = pd.DataFrame(_ocr_sources(document), columns=["page", "confidence"])
    low = pd.DataFrame(ocr.get("low_confidence") or [], columns=["page", "box", "text", "confidence"])
    rows = []
    for page in ocr.get("pages") or []:
        mine = sources[sources["page"] == page]["confidence"].dropna()
        rows.append([
            page,
            len(mine),
            round(float(mine.mean()), 4) if len(mine) else None,
            round(float(mine.min()), 4) if len(mine) else None,
            int((low["page"] == page).sum()),
            (ocr.get("rotated_pages") or {}).get(str(page), 0),
            (ocr.get("straightened_pages") or {}).get(str(page), 0.0),
        ])
    return pd.DataFrame(rows, columns=OCR_COLUMNS)


def ocr_doubtful(quality: dict[str, Any]) -> pd.DataFrame:
    """The lines OCR read with low confidence, page by page: worth a look against the page image."""
    low = (quality.get("ocr") or {}).get("low_confidence") or []
    return pd.DataFrame(low, columns=["page", "confidence", "text", "box"])


# ---- gold comparison -------------------------------------------------------------------------------


def load_gold(path: Path | None) -> dict[str, Any] | None:
    """The gold file, or None when it is not given or not there (the comparison is then skipped)."""
    if path is None:
        print("GOLD is not set: gold comparison skipped")
        return None
    if not Path(path).is_file():
        print(f"GOLD file {path} not found: gold comparison skipped")
        return None
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _keyed(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "no" in i for i in items)


def _compare(expected: Any, got: Any, path: str, out: list[tuple[str, Any, Any, bool]]) -> None:
    if expected is NOT_IN_GOLD:
        # Something we extracted that the gold does not have: one row, summarised.
        shown = {k: v for k, v in got.items() if k in ("no", "title", "task")} if isinstance(got, dict) else got
        out.append((path, NOT_IN_GOLD, shown, False))
    elif isinstance(expected, dict):
        mine = got if isinstance(got, dict) else {}
        for key, value in expected.items():
            _compare(value, mine.get(key, MISSING), f"{path}/{key}" if path else key, out)
    elif isinstance(expected, list) and (_keyed(expected) or (not expected and _keyed(got))):
        # Lists of sections, points and rows are matched by their number, not their position.
        gold_by_no = {item["no"]: item for item in expected}
        mine_by_no = {item["no"]: item for item in got} if isinstance(got, list) and _keyed(got) else {}
        for no in [*gold_by_no, *(n for n in mine_by_no if n not in gold_by_no)]:
            _compare(gold_by_no.get(no, NOT_IN_GOLD), mine_by_no.get(no, MISSING), f"{path}/{no}", out)
    elif isinstance(expected, list) and all(not isinstance(i, (dict, list)) for i in expected):
        # Lists of strings (recipients, body paragraphs, departments …): item by item, 1-based.
        mine = got if isinstance(got, list) else []
        for i in range(max(len(expected), len(mine))):
            e = expected[i] if i < len(expected) else NOT_IN_GOLD
            g = mine[i] if i < len(mine) else MISSING
            out.append((f"{path}/{i + 1}", e, g, e == g))
        if not expected and not mine and got != expected:
            out.append((path, expected, got, False))
    else:
        out.append((path, expected, got, expected == got))


def compare_with_gold(gold: dict[str, Any], document: dict[str, Any]) -> pd.DataFrame:
    """Field by field over the gold's keys (ours has more): field, expected, got, equal."""
    out: list[tuple[str, Any, Any, bool]] = []
    _compare({k: v for k, v in gold.items() if k not in GOLD_SKIP}, document, "", out)
    df = pd.DataFrame(out, columns=["field", "expected", "got", "equal"])
    return df.astype({"equal": bool})


def agreement_by_part(cmp: pd.DataFrame) -> pd.DataFrame:
    """Fields and mismatches per part: notice, attachment, section titles, points, key-task cells."""
    if len(cmp) == 0:
        return pd.DataFrame(columns=["fields", "equal", "differ"])

    def part(field: str) -> str:
        bits = field.split("/")
        if bits[0] == "sections":
            return "points (no, title, body)" if "points" in bits else "sections (no, title)"
        if bits[0] == "key_tasks" and len(bits) > 3 and bits[1] == "rows":
            return f"key_tasks/rows/*/{bits[3]}"
        return bits[0] if bits[0] != "key_tasks" else "key_tasks/" + bits[1]

    grouped = cmp.assign(part=cmp["field"].map(part)).groupby("part", sort=False)["equal"]
    return pd.DataFrame({"fields": grouped.size(), "equal": grouped.sum()}).assign(
        differ=lambda d: d["fields"] - d["equal"]
    )


def normalization_vs_gold(gold: dict[str, Any], document: dict[str, Any]) -> pd.DataFrame:
    """The gold's expected change counts (published text) against ours, per rule."""
    expected = gold.get("expected_normalization") or {}
    norm = document.get("normalization") or {}
    rows = []
    layout_counts = norm.get("pdf_layout") or {}
    for key, value in expected.items():
        rule = GOLD_RULES.get(key, key)
        published = (norm.get("published_text") or {}).get(rule, 0)
        # The same rule applied to spacing the PDF added may be logged as ``rule`` or ``pdf_rule``.
        layout = sum(n for name, n in layout_counts.items() if name == rule or name.endswith("_" + rule))
        rows.append([rule, value, published, layout, value == published])
    return pd.DataFrame(rows, columns=["rule", "gold (published text)", "ours: published_text", "ours: pdf_layout",
                                       "equal"])


# ---- the real PDFs' golds (../shared/real/gold), scored as their score.py scores them ------------------

REAL_GOLD_NOTICE = ("issuers", "doc_number", "title", "recipients", "date", "attachments", "signature", "markers")


def is_real_gold(gold: dict[str, Any]) -> bool:
    """A real PDF's gold: notice fields and a flat list of headings per part (no sections or key tasks)."""
    outline = gold.get("outline")
    return isinstance(outline, list) and all(isinstance(h, dict) and "part" in h for h in outline) \
        and "sections" not in gold and "key_tasks" not in gold


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [s for s in value.replace("、", "\n").split("\n") if s.strip()]
    return list(value)


def _notice_value(document: dict[str, Any], key: str) -> Any:
    notice = document.get("notice") or {}
    if key == "issuers":
        value = notice.get("issuers")
        if value is None and notice.get("issuer"):
            value = _as_list(notice["issuer"])
        return list(value or [])
    if key == "signature":
        return _as_list(notice.get("signature"))
    if key in ("recipients", "attachments", "markers"):
        return list(notice.get(key) or [])
    return notice.get(key)


def _headings(nodes: list[dict[str, Any]], out: list[tuple], level: int | None = None) -> list[tuple]:
    for node in nodes or []:
        lv = node.get("level", level)
        out.append((lv, node.get("no"), (node.get("title") or "").strip()))
        _headings(node.get("children") or node.get("points") or [], out, (lv or 0) + 1)
    return out


def _lcs(a: list[tuple], b: list[tuple]) -> int:
    """The longest common subsequence's length: headings matched in order."""
    below = [0] * (len(b) + 1)
    for x in reversed(a):
        row = [0] * (len(b) + 1)
        for j in range(len(b) - 1, -1, -1):
            row[j] = below[j + 1] + 1 if x == b[j] else max(below[j], row[j + 1])
        below = row
    return below[0]


def score_real_gold(gold: dict[str, Any], document: dict[str, Any]) -> tuple[pd.DataFrame, str]:
    """Notice fields exact, headings per part matched in order by (level, no, title), as
    ``../shared/real/score.py`` scores them; one row per field or part, and score.py's summary line."""
    rows: list[tuple[str, Any, Any, bool]] = []
    for key in REAL_GOLD_NOTICE:
        if key in (gold.get("notice") or {}):
            want, got = gold["notice"][key], _notice_value(document, key)
            rows.append((f"notice/{key}", want, got, want == got))
    gold_parts: dict[str, list[tuple]] = {}
    for h in gold.get("outline") or []:
        gold_parts.setdefault(h["part"], []).append((h["level"], h["no"], h["title"]))
    ours = {p.get("part"): _headings(p.get("nodes") or [], []) for p in document.get("outline") or []}
    depth = gold.get("outline_depth")
    if depth:
        ours = {k: [h for h in v if (h[0] or 0) <= depth] for k, v in ours.items()}
    matched = total = 0
    for part, wanted in gold_parts.items():
        found = ours.get(part, [])
        if gold.get("partial"):  # the gold names only the first headings of this part
            found = found[: len(wanted) + 2]
            m, denom = _lcs(wanted, found), len(wanted)
        else:
            m, denom = _lcs(wanted, found), max(len(wanted), len(found))
        matched, total = matched + m, total + denom
        missing = [h for h in wanted if h not in found]
        extra = [h for h in found if h not in wanted]
        rows.append((f"outline/{part}", f"{len(wanted)} headings", f"{m} of {denom} matched; missing {missing[:3]}"
                     f" extra {extra[:3]}", m == denom))
    fields = [r for r in rows if r[0].startswith("notice/")]
    pct = 100.0 * matched / total if total else 100.0
    line = (f"notice {sum(r[3] for r in fields)}/{len(fields)} fields, outline {matched}/{total} headings"
            f" ({pct:.0f}%)")
    return pd.DataFrame(rows, columns=["field", "expected", "got", "equal"]).astype({"equal": bool}), line
