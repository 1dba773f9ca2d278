# `make check` runs the claim report, `make test` the tests. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: setup check test test-slow lint docs bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@if ! [ -f /usr/include/cdd/cdd.h ] && ! [ -f /usr/include/cddlib/cdd.h ]; then \
		echo "installing libcdd-dev and libgmp-dev (needed to build pycddlib)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcdd-dev libgmp-dev; \
	fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

check: $(STAMP)
	$(PY) -m proofs_check

test: $(STAMP)
	$(PY) -m pytest -q
	$(PY) -m ruff check exact tropical fibers homology proofs_check reluexact tests
	$(PY) -m mypy

test-slow: $(STAMP)
	$(PY) -m pytest -q -m slow

lint: $(STAMP)
	$(PY) -m ruff check exact tropical fibers homology proofs_check reluexact tests
	$(PY) -m mypy

# the site, into site/: every example on the pages is run first (a failing one stops the build),
# then the claims report is generated for its page, then mkdocs builds with --strict
docs: $(STAMP)
	$(PY) -m pip install -q -e '.[docs]'
	$(PY) -m pytest -q tests/test_docs.py
	@mkdir -p docs/generated
	$(PY) -m proofs_check --quiet > docs/generated/claims.txt || true
	@grep -q "claims:" docs/generated/claims.txt
	$(PY) -m mkdocs build --strict --site-dir site

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) benchmarks/regions_vs_relucent.py --seeds 2 --json benchmarks/results/regions_vs_relucent.json
	$(PY) benchmarks/bottleneck_vs_exhaustive.py --budget 120 --json benchmarks/results/bottleneck_vs_exhaustive.json
	$(PY) benchmarks/homology_vs_gudhi.py --json benchmarks/results/homology_vs_gudhi.json
	$(PY) benchmarks/overlap_vs_float.py --json benchmarks/results/overlap_vs_float.json
	$(PY) benchmarks/complex_degenerate.py --repeat 5 --json benchmarks/results/complex_degenerate.json

clean:
	rm -rf $(VENV) build *.egg-info site docs/generated
