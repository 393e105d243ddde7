# make demo: the main job. make test: the test suite. make bench: the benchmarks.
# Each target creates .venv and installs the project into it on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-quick test-explore bench lint docs mutate mutate-sample clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m predshare demo

# two worker processes (pytest-xdist); worksteal balances the long sweep and claim tests
# between them (a module's fixtures may then be built on both)
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist worksteal tests contracts solvers predshare proofs estimate

# the same without the full-size end-to-end runs on the real loan data (marked slow)
test-quick: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist worksteal -m "not slow" tests contracts solvers predshare proofs estimate

test-explore: $(STAMP)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest tests contracts solvers predshare proofs estimate

bench: $(STAMP)
	$(BIN)/predshare bench --out benchmarks --readme README.md

docs: $(STAMP)
	$(BIN)/python -m proofs.documents .

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/ruff check contracts solvers predshare proofs estimate benchmarks tests
	$(BIN)/mypy contracts solvers predshare estimate

# make mutate MUTANTS='solvers.analysis.environment.dominance*': mutmut over the named mutants (all when empty:
# about ten thousand, a day on two cores); make mutate-sample: a scored stratified sample
mutate: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results

mutate-sample: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/python tests/mutation_sample.py --per-module 40 --family solvers --family contracts \
		--family estimate --family predshare.data

clean:
	rm -rf $(VENV) build *.egg-info mutants
