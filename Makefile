# The front door: `make` sets up, then regenerates data/processed/ from data/raw/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BYTECODE := $(VENV)/.bytecode
RAW := $(wildcard data/raw/*.pdf)
OUT := data/processed
CACHE := data/interim
SRC := $(shell find src -type f \( -name '*.py' -o -name '*.json' -o -name '*.txt' -o -name '*.html' -o -name '*.css' \
	-o -name '*.js' \) 2>/dev/null)
DOCS := $(patsubst data/raw/%.pdf,$(OUT)/%/document.json,$(RAW))
DB := $(OUT)/gongwen.duckdb
REVIEWS := $(patsubst data/raw/%.pdf,$(OUT)/%/review.html,$(RAW))
CHECK_DIR := $(shell mktemp -u /tmp/gongwen-check.XXXXXX)

.PHONY: all setup run review test check lint notebooks clean bench

all: run

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(BYTECODE) $(DOCS) $(DB)

# The package's bytecode, compiled once: Python writes it on first import unless PYTHONDONTWRITEBYTECODE
# is set (as in many container images), and then every run would compile the package's source again.
$(BYTECODE): $(SRC) | $(STAMP)
	$(PY) -m compileall -q src
	@touch $@

# One document at a time: only inputs or code newer than its outputs are redone,
# and the parse stage is served from $(CACHE) when only later stages changed.
$(OUT)/%/document.json: data/raw/%.pdf $(SRC) | $(STAMP)
	$(PY) -m extract run $< --out $(OUT) --cache-dir $(CACHE)

# Every processed document in one DuckDB database (extract db): only documents whose files changed
# are reloaded (when none did, the file keeps its bytes and only its time is updated here).
# Not in git: a DuckDB file is not byte-stable.
$(DB): $(DOCS) $(SRC) | $(STAMP)
	$(PY) -m extract db $(OUT) --out $@
	@touch $@

# Review pages for people: review.html and review/page-NN.png beside each document's outputs. Not part of the
# committed dataset (.gitignore); a later `make` that redoes a document drops its stale review page.
review: $(REVIEWS)

$(OUT)/%/review.html: data/raw/%.pdf $(SRC) | $(STAMP)
	$(PY) -m extract run $< --out $(OUT) --cache-dir $(CACHE) --review

test: $(STAMP)
	$(PY) -m ruff check src tests benchmarks notebooks
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n auto --dist loadfile

# The committed dataset must be what the code makes from the committed inputs, byte for byte
# (review pages that `make review` left beside it and the corpus database are not part of it).
check: $(STAMP)
	$(PY) -m extract run $(RAW) --out $(CHECK_DIR)
	diff -r -x review.html -x review -x 'gongwen.duckdb*' $(OUT) $(CHECK_DIR) \
	  && echo "check: data/processed matches a fresh run"; \
	  status=$$?; rm -rf $(CHECK_DIR); exit $$status

# Execute every notebook headless (nbclient) into a temp folder, never over the committed files;
# fails on any cell error. The gold comparison uses the gold standard copied into tests/data/, unless
# another document is given (PDF=… or OUTPUT_DIR=…; then GOLD=… names its gold, if it has one).
notebooks: $(STAMP)
	GOLD="$(or $(GOLD),$(if $(PDF)$(OUTPUT_DIR),,tests/data/gold/qingpu-2022.gold.json))" \
	  $(PY) notebooks/run_notebooks.py

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks notebooks
	$(VENV)/bin/lint-imports

# The full CLI against the naive pdfplumber pass, then 20 copies with --jobs 1 against --jobs 2 (benchmarks/),
# then CPU per PDF against the naive pass and pymupdf4llm (AGPL: only in a scratch venv, never a dependency;
# README, Performance).
PEER_PYTHON ?= /tmp/bench-venv/bin/python
bench: $(STAMP) $(BYTECODE)
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/bench.py --batch
	@if [ -x "$(PEER_PYTHON)" ]; then $(PY) benchmarks/peers.py --peer-python $(PEER_PYTHON); \
	else echo "bench: no $(PEER_PYTHON) with pymupdf4llm (see README, Performance): peers skipped"; fi

clean:
	rm -rf $(VENV) $(CACHE)
