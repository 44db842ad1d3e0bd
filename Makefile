# `make run` and `make test` are all a fresh machine needs: each builds .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8080
# Demo clock: x5, so a Tiramizoo order (30 s + 120 s + 150 s simulated) is delivered in about a minute.
RUN_FLAGS ?= --clock scaled --speed 5
# The demo keeps its orders across restarts here (git-ignored); `make run-clean` starts afresh.
STATE ?= .ordersim/state.json

.PHONY: run run-clean test lint bench soak clean venv examples

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml tests/requirements-clients.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet -r tests/requirements-clients.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	$(BIN)/ordersim serve --host 127.0.0.1 --port $(PORT) --state $(STATE) $(RUN_FLAGS)

run-clean:
	rm -f $(STATE)
	$(MAKE) run

test: venv lint
	$(BIN)/python -m pytest
	$(MAKE) examples

# The example project as a user runs it: ordersim built as a wheel and installed (not editable) into a
# throw-away venv with the project's requirements, then its tests twice with -n 2: the plugin starting
# servers, and ORDERSIM_URL at a separately started one. Kept fast: the wheel builds in .venv (no
# isolated build env), the venv gets no pip of its own (.venv's pip installs into it), pip's cache
# serves the packages, and nothing is byte-compiled ahead of use.
EXAMPLES_VENV := build/examples-venv
examples: venv
	rm -rf $(EXAMPLES_VENV) build/wheel
	$(BIN)/pip wheel --quiet --no-deps --no-build-isolation --wheel-dir build/wheel .
	$(PYTHON) -m venv --without-pip $(EXAMPLES_VENV)
	$(BIN)/pip --python $(EXAMPLES_VENV)/bin/python install --quiet --no-compile \
		build/wheel/ordersim-*.whl -r examples/pytest/requirements.txt
	$(EXAMPLES_VENV)/bin/python examples/run.py -n 2

# The gate: ruff over all code; mypy over simulator/ (configured in pyproject.toml).
lint: venv
	$(BIN)/ruff check simulator tests bench examples
	$(BIN)/mypy

soak: venv
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
