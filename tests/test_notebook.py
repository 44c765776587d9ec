"""The analysts' notebooks: committed without outputs, robust to empty outputs, and they run
headless without error, as ``make notebooks`` and CI run them."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import GOLD, ROOT

NOTEBOOKS = ROOT / "notebooks"
QUALITY_NOTEBOOK = NOTEBOOKS / "01-extraction-quality.ipynb"
COMMITTED = sorted(NOTEBOOKS.glob("*.ipynb"))


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, NOTEBOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


nb = _load("nbhelpers")
runner = _load("run_notebooks")


def test_the_quality_notebook_is_there():
    assert QUALITY_NOTEBOOK in COMMITTED


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_notebooks_carry_no_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {cell.id} has an execution count"
        assert "execution" not in cell.metadata, f"{path.name} cell {cell.id} has execution timings"


def _tree(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")} if folder.exists() else {}


def _text(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.fixture
def jupyter_env(monkeypatch):
    """The runner's environment defaults, undone after the test."""
    for name, value in runner.ENV_DEFAULTS.items():
        monkeypatch.setenv(name, os.environ.get(name, value))
    return monkeypatch


def test_quality_notebook_executes_headless(tmp_path, jupyter_env):
    """A fresh CLI run on the official PDF into a temp folder, every section shown, no cell error."""
    for name in ("OUTPUT_DIR", "PDF", "RENDER_PAGES"):
        jupyter_env.delenv(name, raising=False)
    if GOLD.exists():
        jupyter_env.setenv("GOLD", str(GOLD))
    else:
        jupyter_env.delenv("GOLD", raising=False)
    runner.prepare_environment(ROOT)
    processed = ROOT / "data" / "processed"
    before = _tree(processed)

    executed = runner.execute(QUALITY_NOTEBOOK, out_dir=tmp_path, timeout=300)

    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    text = _text(executed)
    assert "qingpu-2022.pdf" in text and "content_chars" in text
    assert ("gold fields differ" in text) == GOLD.exists()
    assert "no page was read by OCR" in text  # the official PDF has a text layer on every page
    images = [o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # the chart (when changes are logged) and the page renders
    assert (tmp_path / QUALITY_NOTEBOOK.name).is_file()
    assert _tree(processed) == before, "the notebook must not write into data/processed"
    assert nbformat.read(QUALITY_NOTEBOOK, as_version=4).cells[2].outputs == []


# ---- the helpers on empty and partial outputs, without a kernel -------------------------------------


def test_helpers_tolerate_empty_outputs(tmp_path):
    (tmp_path / "document.json").write_text(json.dumps({"source": {"file": "x.pdf", "pages": 2}}), encoding="utf-8")
    (tmp_path / "work_points.csv").write_text("\ufeffsection_no,section_title,point_no,title,body,pages\n")
    out = nb.load_outputs(tmp_path)
    assert len(out.work_points) == 0 and list(out.normalization.columns) == nb.CSV_FILES["normalization"]
    assert nb.summary(out)["file"] == "x.pdf"
    assert len(nb.quarter_fill(out.key_tasks_long)) == 0
    table = nb.changes_per_page(out.normalization, 2)
    assert list(table.index) == [1, 2]
    assert nb.plot_changes(table).data[:4] == b"\x89PNG"
    boxes = nb.claimed_boxes(out.document, out.quality)
    assert len(boxes) == 0 and len(nb.boxes_per_page(boxes)) == 0
    assert nb.pages_to_render(out.document, boxes) == [(1, "first page (no point boxes yet)")]
    assert len(nb.anomalies(out.document)) == 0
    assert len(nb.unassigned(out.quality)) == 0 and len(nb.unassigned_per_page(out.quality)) == 0
    assert nb.coverage_summary(out.quality).isna().all()


def test_missing_gold_skips_cleanly(tmp_path, capsys):
    assert nb.load_gold(None) is None
    assert nb.load_gold(tmp_path / "absent.gold.json") is None
    assert "skipped" in capsys.readouterr().out


def test_env_paths_are_taken_from_the_repo_root(monkeypatch, tmp_path):
    monkeypatch.setenv("GOLD", "../shared/gold/x.json")
    assert nb.env_path("GOLD", None, ROOT) == ROOT / "../shared/gold/x.json"
    monkeypatch.setenv("GOLD", "")
    assert nb.env_path("GOLD", None, ROOT) is None
    monkeypatch.setenv("GOLD", str(tmp_path))
    assert nb.env_path("GOLD", None, ROOT) == tmp_path


MINI_GOLD = {
    "source": "seed.txt",
    "notice": {"title": "通知", "recipients": ["甲", "乙"]},
    "sections": [{"no": 1, "title": "一", "points": [{"no": 1, "title": "t", "body": "b"}]}],
    "key_tasks": {"title": "清单", "rows": [{"no": 1, "q1": "x", "departments": ["a"], "remark": None}]},
    "expected_normalization": {"t2s_chars": 3, "punct_width": 2, "spaces_removed": 1},
}


def test_gold_comparison_is_field_by_field_over_the_gold_keys():
    ours = copy.deepcopy(MINI_GOLD)
    del ours["source"]
    ours["notice"]["issuers"] = ["extra keys of ours are ignored"]
    ours["sections"][0]["points"][0]["where"] = [{"page": 3, "box": [0, 0, 1, 1]}]
    cmp = nb.compare_with_gold(MINI_GOLD, ours)
    assert cmp["equal"].all() and len(cmp) == 13
    assert not any(f.startswith(("source", "expected_normalization")) for f in cmp["field"])

    ours["key_tasks"]["rows"][0]["q1"] = "y"
    ours["notice"]["recipients"] = ["甲"]
    ours["sections"][0]["points"].append({"no": 2, "title": "extra", "body": ""})
    del ours["sections"][0]["title"]
    cmp = nb.compare_with_gold(MINI_GOLD, ours).set_index("field")
    differ = cmp[~cmp["equal"]]
    assert set(differ.index) == {
        "key_tasks/rows/1/q1", "notice/recipients/2", "sections/1/points/2", "sections/1/title"
    }
    assert differ.loc["sections/1/title", "got"] == nb.MISSING
    assert differ.loc["sections/1/points/2", "expected"] == nb.NOT_IN_GOLD
    parts = nb.agreement_by_part(cmp.reset_index())
    assert parts["differ"].sum() == 4


def test_gold_comparison_on_empty_outputs_reports_every_gold_field_missing():
    cmp = nb.compare_with_gold(MINI_GOLD, {"sections": [], "key_tasks": {"rows": []}})
    assert not cmp["equal"].any() and len(cmp) == 13


def test_normalization_counts_against_gold():
    doc = {"normalization": {"published_text": {"t2s": 3, "punct_width": 1}, "pdf_layout": {"pdf_space_removed": 5}}}
    table = nb.normalization_vs_gold(MINI_GOLD, doc).set_index("rule")
    assert table.loc["t2s", "equal"] and not table.loc["punct_width", "equal"]
    assert table.loc["space_removed", "ours: pdf_layout"] == 5


def test_runner_fails_on_a_cell_error(tmp_path, capsys, jupyter_env):
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise ValueError('boom')")])
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "broken.ipynb"
    nbformat.write(broken, path)
    assert runner.main([str(path), "--out", str(tmp_path / "out"), "--timeout", "60"]) == 1
    assert "boom" in capsys.readouterr().err
    assert nbformat.read(path, as_version=4).cells[0].outputs == []
    assert (tmp_path / "out" / "broken.ipynb").is_file()


# ---- the real PDFs' golds, scored as ../shared/real/score.py scores them ---------------------------------


def _score_py(document_json: Path, gold: Path) -> str:
    import subprocess

    from conftest import REAL

    result = subprocess.run(
        [sys.executable, str(REAL / "score.py"), str(document_json), str(gold), "--label", "doc", "--show", "0"],
        capture_output=True, text=True, check=False,
    )
    return result.stdout.strip().splitlines()[-1]


def _real_golds() -> list[str]:
    from conftest import REAL

    golds = (REAL / "gold").glob("*.gold.json") if REAL.is_dir() else []
    return sorted(p.name.removesuffix(".gold.json") for p in golds)


@pytest.mark.parametrize("stem", _real_golds())
def test_a_real_gold_is_scored_as_its_score_py_scores_it(real_run, stem):
    from conftest import REAL

    gold_path = REAL / "gold" / f"{stem}.gold.json"
    run = real_run(stem)
    assert run.result.returncode == 0, run.result.stderr
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert nb.is_real_gold(gold)
    cmp, line = nb.score_real_gold(gold, run.json("document.json"))
    assert f"doc: {line}" == _score_py(run.out / "document.json", gold_path)
    assert cmp["field"].str.startswith(("notice/", "outline/")).all()


def test_a_real_gold_with_a_wrong_heading_and_field_scores_them_as_missing_and_invented():
    gold = {
        "notice": {"title": "关于印发方案的通知", "date": "2024-01-02"},
        "outline": [{"part": "body", "level": 1, "label": "一、", "no": 1, "title": "总体要求"},
                    {"part": "body", "level": 1, "label": "二、", "no": 2, "title": "主要任务"}],
    }
    ours = {
        "notice": {"title": "关于印发方案的通知", "date": None},
        "outline": [{"part": "body", "nodes": [{"level": 1, "no": 1, "title": "总体要求"},
                                               {"level": 1, "no": 3, "title": "保障措施"}]}],
    }
    assert nb.is_real_gold(gold) and not nb.is_real_gold(MINI_GOLD)
    cmp, line = nb.score_real_gold(gold, ours)
    assert line == "notice 1/2 fields, outline 1/2 headings (50%)"
    assert list(cmp.loc[~cmp["equal"], "field"]) == ["notice/date", "outline/body"]


def test_the_quality_notebooks_sections_are_numbered_and_referred_to_rightly():
    notebook = nbformat.read(QUALITY_NOTEBOOK, as_version=4)
    import re

    headings = [m.groups() for c in notebook.cells if c.cell_type == "markdown"
                for m in re.finditer(r"^## (\d+)\. (.+)$", c.source, re.M)]
    assert [int(n) for n, _ in headings] == list(range(1, len(headings) + 1))
    title = {int(n): t for n, t in headings}
    [skipped] = re.findall(r"section (\d+) is skipped", notebook.cells[0].source)
    assert "gold" in title[int(skipped)]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [ocr] = re.findall(r"section (\d+) of `notebooks/01-extraction-quality.ipynb` lists the pages read by OCR", readme)
    assert "OCR" in title[int(ocr)]
