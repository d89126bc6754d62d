# framing: two commands on a fresh machine (Python 3.11+): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: demo test bench install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "framing needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m framing.demo --out $(OUT)

# notebooks that read the shared datasets run only when FRAMING_DATA_DIR is set
NOTEBOOKS := $(if $(FRAMING_DATA_DIR),notebooks,notebooks/01_seed_walkthrough.ipynb)

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests framing
	$(BIN)/python -m pytest -q -p no:cacheprovider --nbmake $(NOTEBOOKS)

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info .pytest_cache .hypothesis
