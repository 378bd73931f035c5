# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench bench-screens lint install clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Editable install; the stamp is re-made whenever pyproject.toml changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/dashboard-tui $(ARGS)

# The parallel part (pytest-xdist, TEST_WORKERS processes, `-m "not serial"`), then
# the serial part alone (`-m serial`); tests/run_suite.py adds them up.
TEST_WORKERS ?= 3
test: install
	DASHBOARD_TEST_WORKERS=$(TEST_WORKERS) $(BIN)/python tests/run_suite.py $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check dashboard_tui tests bench migrations
	$(BIN)/mypy dashboard_tui

bench: install
	$(BIN)/python bench/run_all.py

# Start-up and the screens alone (DASHBOARD_BENCH_DATABASE_URL adds PostgreSQL).
bench-screens: install
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/gym_screens.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
