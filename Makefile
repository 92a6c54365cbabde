# ringkas: `make` lists the targets. Every target creates .venv and installs what it needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help install labextension lab test-js briefs fonts lint test test-fast chromium sandbox poppler zbar libreoffice reference-docx fuzz bench scale-bench distribute-bench clean

help: ## Show this list of targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@# an editable install may skip the wheel's jupyter-config: enable the preview extension
	$(BIN)/jupyter server extension enable --sys-prefix ringkas.preview >/dev/null
	@touch $@

install: $(STAMP) labextension ## Create .venv and install ringkas with its test tools and JupyterLab panel

# the JupyterLab panel, built with npm when missing or stale; `make briefs` does not need it
labextension: $(STAMP) ## Build the JupyterLab panel (labextension/, npm ci) if missing, link it into .venv
	@bash scripts/install-node
	@bash scripts/build-labextension $(abspath $(VENV))

lab: $(STAMP) labextension ## Start JupyterLab with the ringkas panel
	$(BIN)/jupyter lab

test-js: labextension ## Unit tests of the panel's form and table grid (Node's test runner)
	@if command -v npm >/dev/null 2>&1; then cd labextension && npm test --silent; \
	else echo "test-js: no npm, skipped (scripts/install-node)"; fi

briefs: $(STAMP) fonts ## Check and render every visit into briefs/ (and briefs/index.html)
	$(BIN)/ringkas render

fonts: ## Install Debian's HarfBuzz subsetter, if missing, so PDFs embed font subsets
	@bash scripts/install-system-packages

bench: $(STAMP) fonts ## Benchmark: ringkas against plain papermill+nbconvert+weasyprint (slow)
	$(BIN)/python benchmarks/render_bench.py

scale-bench: $(STAMP) fonts chromium ## Benchmark: 1,000 varied visits: check, kb, search, catalogue, render (slow)
	$(BIN)/python benchmarks/scale_bench.py --visits 1000 --json benchmarks/results/scale.json

distribute-bench: $(STAMP) fonts ## Benchmark: distribute 20 approved visits (80 briefs rendered first), again unchanged, with covers (slow)
	$(BIN)/python benchmarks/distribute_bench.py --visits 20 --json benchmarks/results/distribute.json

lint: $(STAMP) ## ruff (style, bugs, security) and mypy (types); configured in pyproject.toml
	$(BIN)/ruff check src tests benchmarks scripts && $(BIN)/mypy src/ringkas

test: $(STAMP) fonts chromium sandbox poppler zbar libreoffice labextension lint test-js ## Lint, then run the whole test suite
	$(BIN)/python -m pytest

chromium: ## Install Debian's chromium for the browser tests, if missing (needs root and apt)
	@bash scripts/install-chromium

sandbox: ## Install Debian's bubblewrap for render --sandbox and its tests, if missing
	@bash scripts/install-bubblewrap

poppler: ## Install Debian's poppler-utils (pdftoppm) for the PDF page tests, if missing
	@bash scripts/install-poppler

zbar: ## Install Debian's zbar-tools (zbarimg) for the PDF QR code test, if missing
	@bash scripts/install-zbar

libreoffice: ## Install Debian's libreoffice-writer-nogui (soffice) for the DOCX-to-PDF test, if missing
	@bash scripts/install-libreoffice

reference-docx: $(STAMP) ## Make templates/brief/reference.docx again (the Word briefs' styles)
	$(BIN)/python scripts/make-reference-docx

test-fast: $(STAMP) ## Run the tests that start no kernel and render no PDF
	$(BIN)/python -m pytest -m "not slow"

fuzz: $(STAMP) ## Long property-based fuzz session (HYPOTHESIS_PROFILE=long)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/unit/test_fuzz.py -q

clean: ## Remove .venv and rendered briefs (keeps briefs/README.md)
	rm -rf $(VENV) build dist src/*.egg-info src/ringkas/labextension labextension/lib labextension/build-test
	find briefs -mindepth 1 ! -name README.md -exec rm -rf {} +
