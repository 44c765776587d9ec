# The front door: `make` sets up, then regenerates data/processed/ from data/raw/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RAW := $(wildcard data/raw/*.pdf)
OUT := data/processed
CACHE := data/interim
SRC := $(shell find src -type f \( -name '*.py' -o -name '*.json' -o -name '*.txt' \) 2>/dev/null)
DOCS := $(patsubst data/raw/%.pdf,$(OUT)/%/document.json,$(RAW))
CHECK_DIR := $(shell mktemp -u /tmp/gongwen-check.XXXXXX)

.PHONY: all setup run test check lint notebooks clean

all: run

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(DOCS)

# One document at a time: only inputs or code newer than its outputs are redone,
# and the parse stage is served from $(CACHE) when only later stages changed.
$(OUT)/%/document.json: data/raw/%.pdf $(SRC) | $(STAMP)
	$(PY) -m extract run $< --out $(OUT) --cache-dir $(CACHE)

test: $(STAMP)
	$(PY) -m ruff check src tests
	$(PY) -m pytest

# The committed dataset must be what the code makes from the committed inputs, byte for byte.
check: $(STAMP)
	$(PY) -m extract run $(RAW) --out $(CHECK_DIR)
	diff -r $(OUT) $(CHECK_DIR) && echo "check: data/processed matches a fresh run"; \
	  status=$$?; rm -rf $(CHECK_DIR); exit $$status

lint: $(STAMP)
	$(PY) -m ruff check src tests

clean:
	rm -rf $(VENV) $(CACHE)
