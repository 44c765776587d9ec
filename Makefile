# The front door: `make` sets up and regenerates data/processed/ from data/raw/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RAW := $(wildcard data/raw/*.pdf)
OUT := data/processed

.PHONY: all setup run test lint clean

all: run

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m extract run $(RAW) --out $(OUT)

test: $(STAMP)
	$(PY) -m ruff check src tests
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check src tests

clean:
	rm -rf $(VENV) data/interim
