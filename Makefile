# Two commands on a fresh machine: `make lab` and `make test`. Every target sets itself up.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup lab app test lint bench notebooks student clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1

app: setup
	$(BIN)/ddkit app

test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: setup
	$(BIN)/ruff check ddkit tests bench
	$(BIN)/ruff format --check ddkit tests bench
	$(BIN)/python -m ddkit.devtools check-notebooks

bench: setup
	$(BIN)/python bench/run.py

notebooks: setup
	$(BIN)/python -m ddkit.devtools build-notebooks

student: setup
	$(BIN)/python -m ddkit.devtools student-copy --out build/student

clean:
	rm -rf $(VENV) build .pytest_cache
