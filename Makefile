# Two commands on a fresh machine: `make lab` and `make test`. Every target sets itself up.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup lab app campaign-app test lint bench notebooks student clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# The workshop kernel keeps no IPython history (SECURITY.md finding 10, DEP-9), and deleting a
# file in JupyterLab really deletes it instead of moving it to the trash (DEP-10).
IPYDIR := $(VENV)/ipython
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: setup
	mkdir -p $(IPYDIR)/profile_default
	echo 'c.HistoryManager.enabled = False' > $(IPYDIR)/profile_default/ipython_kernel_config.py
	IPYTHONDIR=$(CURDIR)/$(IPYDIR) $(BIN)/jupyter lab --notebook-dir=notebooks \
		--ServerApp.ip=127.0.0.1 --FileContentsManager.delete_to_trash=False $(ROOT_FLAG)

app: setup
	$(BIN)/ddkit app

campaign-app: setup
	$(BIN)/ddkit app --campaign

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
