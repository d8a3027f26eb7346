# Two commands on a fresh machine: `make lab` and `make test`. Every target sets itself up.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup lab app campaign-app hub hub-deps test lint bench notebooks student clean

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
# The workshop's kernels and the apps keep the kit's bytecode (__pycache__, ignored by git): without
# it every kernel and every app compiles the kit again when it starts (issue 13).
lab app campaign-app: export PYTHONDONTWRITEBYTECODE :=
lab: setup
	mkdir -p $(IPYDIR)/profile_default
	echo 'c.HistoryManager.enabled = False' > $(IPYDIR)/profile_default/ipython_kernel_config.py
	IPYTHONDIR=$(CURDIR)/$(IPYDIR) $(BIN)/jupyter lab --notebook-dir=notebooks \
		--ServerApp.ip=127.0.0.1 --FileContentsManager.delete_to_trash=False $(ROOT_FLAG)

app: setup
	$(BIN)/ddkit app

campaign-app: setup
	$(BIN)/ddkit app --campaign

# The organization server (deploy/jupyterhub/). configurable-http-proxy comes from npm, into
# build/node of this checkout (never installed globally).
CHP_VERSION := 5.3.0
CHP := build/node/node_modules/.bin/configurable-http-proxy

hub-deps: setup $(CHP)

$(CHP):
	npm install --prefix build/node --no-audit --no-fund --loglevel=error \
		configurable-http-proxy@$(CHP_VERSION)

# The test deployment on this machine: JupyterHub on http://127.0.0.1:8000 with the deployment's
# configuration and practice accounts. PostgreSQL is not started here: give a server's
# administrator URL, e.g. DDKIT_HUB_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres
# (DDKIT_TEST_POSTGRES_URL is used when that is unset). See deploy/jupyterhub/README.md.
hub: hub-deps
	$(BIN)/python -m ddkit.org.testhub

# The hub tests start a whole JupyterHub, and the session's browser tests drive whole intakes:
# they run on their own (marks hub, serial), after the parallel run, so that load from the other
# tests cannot starve them.
test: setup
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory hub-deps; \
	else echo "npm not found: the hub tests will be skipped"; fi
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup -m "not hub and not serial"
	$(BIN)/python -m pytest -q -p no:xdist -m "hub or serial"

lint: setup
	$(BIN)/ruff check ddkit tests bench deploy
	$(BIN)/ruff format --check ddkit tests bench deploy
	$(BIN)/python -m ddkit.devtools check-notebooks

bench: setup
	$(BIN)/python bench/run.py

notebooks: setup
	$(BIN)/python -m ddkit.devtools build-notebooks

student: setup
	$(BIN)/python -m ddkit.devtools student-copy --out build/student

clean:
	rm -rf $(VENV) build .pytest_cache
