# atlasgen: set-up, site, tests. Needs only Python >= 3.11 and the package registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site validate test lint schema bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python >= 3.11 is needed (set PYTHON=python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## make site: install, validate the content and build it into _site/
site: $(STAMP)
	$(BIN)/atlasgen build
	@echo
	@echo "To view the site, run"
	@echo "  $(BIN)/python -m http.server --directory _site 8000"
	@echo "and open http://127.0.0.1:8000/ in a browser."

validate: $(STAMP)
	$(BIN)/atlasgen validate

## make lint: ruff and mypy
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Test tools from the npm registry (package.json, package-lock.json): the Nu Html Checker.
# --ignore-scripts: vnu-jar's postinstall would only try to download a Java runtime from
# outside the registry; the tests use the system's java (.ci/run installs it).
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

## make test: lint, then the whole test suite
# pytest exits 5 when it collected no test; that is a failure, never a pass.
test: lint $(NODE_STAMP)
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; fi; exit $$status

## make schema: regenerate schema/*.json from the models
schema: $(STAMP)
	$(BIN)/atlasgen schema

## make bench: validation, full build against Hugo, rebuilds (cache, atlasgen serve), search
## against Pagefind (Debian: hugo, chromium); settings and steps: bench/run.sh
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	bash bench/run.sh

clean:
	rm -rf $(VENV) _site .atlasgen-cache .pytest_cache .mypy_cache .ruff_cache
