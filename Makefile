# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow test-postgres lint fmt bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/wardbot serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile

# The fast tests. The slow ones (`-m slow`: processes started, the Docker image, property
# tests at their full example counts) are `make test-slow`; .ci/run runs both.
test: lint
	$(BIN)/pytest -m "not slow"

test-slow: $(STAMP)
	HYPOTHESIS_PROFILE=full $(BIN)/pytest -m slow

# The fast tests again on PostgreSQL, in a throwaway database made for this run.
PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432
test-postgres: $(STAMP)
	@if $(BIN)/python -c "import asyncio, asyncpg; asyncio.run(asyncpg.connect('postgresql://postgres@127.0.0.1:5432/postgres', timeout=5))" 2>/dev/null; then \
		echo "== the suite again on PostgreSQL =="; TEST_DATABASE_URL=$(PG_URL)/wardbot_test_$$$$ $(BIN)/pytest -m "not slow"; \
	else \
		echo "*** PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL run is SKIPPED ***"; \
	fi

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
