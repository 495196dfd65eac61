# xtforecast — the commands a newcomer needs. `make help` lists them.
# The Makefile makes its own virtual environment (.venv) and installs the package into it,
# so a fresh machine needs only Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SCENARIO ?= baseline
JOBS   ?= 2

# One BLAS thread per process: on 2 cores, spinning OpenBLAS threads made statsmodels fits
# 5-50x slower when the report workers and pytest ran side by side.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: help install report summary test bench lab explore check clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with its tools

report: $(STAMP)  ## run every scenario's report (zh) from the bundled data into reports/<run>/ (open reports/latest/index.html)
	$(BIN)/xtforecast report --all --out reports --jobs $(JOBS)

summary: $(STAMP)  ## print one scenario's summary table (SCENARIO=baseline) without notebooks
	$(BIN)/xtforecast project --scenario $(SCENARIO)

# nbval runs in a session of its own: notebooks/conftest.py hands the notebooks the synthetic
# fixtures as papermill-style parameters, which must not leak into the library tests.
test: $(STAMP)  ## lint (ruff, configured in pyproject.toml), then the whole test suite: library, CLI, data, notebooks (papermill), then nbval on notebooks/
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval-lax notebooks/ --nbval-sanitize-with notebooks/nbval_sanitize.cfg

check: $(STAMP)  ## validate the bundled data, catalog and plans
	$(BIN)/xtforecast data check

bench: $(STAMP)  ## growth-model accuracy benchmark on M3 yearly, with baselines
	$(BIN)/xtforecast bench --data m3

# Jupyter refuses to start as root unless told (containers and CI machines run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/ $(ROOT_FLAG)

explore: $(STAMP)  ## the goal explorer as a web page on localhost (Voila: no code, no Jupyter needed)
	$(BIN)/xtforecast explore

clean:  ## remove the virtual environment and caches (reports/ is kept)
	rm -rf $(VENV) .pytest_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
