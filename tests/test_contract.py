"""The export contract: JSON Schema, data package, byte-identical and cached reruns."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import RAW_PDF, ROOT, run_cli, undescribed_properties
from extract.export import SCHEMA_VERSION, write_outputs
from extract.pipeline import extract

SCHEMA = ROOT / "schema" / "document.schema.json"


def _files(folder: Path) -> dict[str, bytes]:
    """Every output file under ``folder`` (tables/NN.csv included), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("contract")
    result = run_cli("run", str(RAW_PDF), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / RAW_PDF.stem


def test_document_json_matches_schema(cli_out):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads((cli_out / "document.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["source"]["sha256"] == hashlib.sha256(RAW_PDF.read_bytes()).hexdigest()


def test_schema_rejects_a_broken_document(cli_out):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads((cli_out / "document.json").read_text(encoding="utf-8"))
    del doc["notice"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_every_schema_property_is_described():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert undescribed_properties(schema) == []


def test_datapackage_validates_with_frictionless(cli_out):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(cli_out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((cli_out / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in package["resources"]}
    assert by_name["key_tasks"]["schema"]["primaryKey"] == ["no"]
    assert by_name["key_tasks_long"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "key_tasks"
    titles = {f["name"]: f["title"] for f in by_name["key_tasks"]["schema"]["fields"]}
    assert titles["q1"] == "第一季度"


def test_two_runs_are_byte_identical(cli_out, tmp_path):
    result = run_cli("run", str(RAW_PDF), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    again = tmp_path / RAW_PDF.stem
    assert _files(cli_out) == _files(again)
    assert "tables/01.csv" in _files(cli_out)


def test_cached_parse_gives_identical_outputs(tmp_path):
    cache_dir = tmp_path / "interim"
    fresh = extract(RAW_PDF)
    first = extract(RAW_PDF, cache_dir=cache_dir)
    [stored] = list(cache_dir.glob("parse-*.json"))
    assert stored.name.startswith("parse-" + fresh.source.sha256[:24])
    assert len(list(cache_dir.glob("enrich-*.json"))) == 1
    second = extract(RAW_PDF, cache_dir=cache_dir)
    outs = []
    for i, doc in enumerate((fresh, first, second)):
        write_outputs(doc, tmp_path / f"out{i}")
        outs.append(_files(tmp_path / f"out{i}"))
    assert outs[0] == outs[1] == outs[2]


def test_damaged_cache_is_ignored(tmp_path):
    cache_dir = tmp_path / "interim"
    extract(RAW_PDF, cache_dir=cache_dir)
    for stored in cache_dir.glob("*.json"):
        stored.write_text('{"source": {"file": 1}, "pages": "not a list"}', encoding="utf-8")
    doc = extract(RAW_PDF, cache_dir=cache_dir)
    assert doc.source.pages == 22
    assert doc.enrichment is not None  # recomputed, not taken from the damaged file


def test_enrichment_cache_is_keyed_by_what_it_reads(tmp_path):
    from extract.pipeline import enrich_stage

    cache_dir = tmp_path / "interim"
    doc = extract(RAW_PDF, enrich=False)
    first = enrich_stage(doc, cache_dir)
    doc.enrichment = None
    again = enrich_stage(doc, cache_dir)
    assert doc.enrichment is None and again.block == first.block  # served from the cache
    doc.sections[0].points[0].body += "全区产证拥有率达到99%。"
    changed = enrich_stage(doc, cache_dir)
    assert doc.enrichment is not None and changed.block != first.block
    assert len(list(cache_dir.glob("enrich-*.json"))) == 2
