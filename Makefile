# xtforecast — the commands a newcomer needs. `make help` lists them.
# The Makefile makes its own virtual environment (.venv) and installs the package into it,
# so a fresh machine needs only Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SCENARIO ?= baseline

.PHONY: help install report test test-fast bench lab check clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with its tools

report: $(STAMP)  ## project every goal of the Xingtai plan (baseline) and print the summary table
	$(BIN)/xtforecast project --scenario $(SCENARIO)

test: $(STAMP)  ## run the whole test suite (library, CLI, data, benchmarks' metric code)
	$(BIN)/python -m pytest

check: $(STAMP)  ## validate the bundled data, catalog and plans
	$(BIN)/xtforecast data check

bench: $(STAMP)  ## growth-model accuracy benchmark on M3 yearly, with baselines
	$(BIN)/xtforecast bench --data m3

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

clean:  ## remove the virtual environment and caches (reports/ is kept)
	rm -rf $(VENV) .pytest_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
