# Two commands on a fresh clone: `make run` builds the warehouse, `make test` passes the tests.
# Both create .venv and install the pinned dependencies first (only Python 3.11 and make needed).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export GX_ANALYTICS_ENABLED := false
export DAGSTER_DISABLE_TELEMETRY := 1
export DO_NOT_TRACK := 1

.PHONY: setup manifest run test test-fast dev app catalog lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

# The dbt manifest that Dagster's dbt assets are defined from.
manifest: setup
	cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet

run: manifest
	$(BIN)/ict-warehouse build

# Two workers, each taking whole test files (their module fixtures, such as a built warehouse, are
# made once): the builds wait on disk and subprocesses often enough that two share the two cores.
TEST_WORKERS ?= 2

test: manifest
	@scripts/ensure-system-packages
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# The inner loop: the unit tier only (pure functions, no warehouse build, no browser). `make test`
# still runs every test.
test-fast: setup
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile tests/unit -m "not e2e and not browser"

dev: manifest
	mkdir -p .warehouse/dagster
	# the instance's storage: SQLite files in the home, or PostgreSQL when ICTWH_DAGSTER_PG_URL is set
	test -f .warehouse/dagster/dagster.yaml || cp orchestration/$(if $(ICTWH_DAGSTER_PG_URL),dagster_postgres.yaml,dagster.yaml) .warehouse/dagster/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.warehouse/dagster $(BIN)/dagster dev -m orchestration.definitions

app: setup
	$(BIN)/ict-warehouse app

catalog: manifest
	$(BIN)/ict-warehouse catalog

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

BENCH_CORPUS := /tmp/ictwh_bench_corpus_2000

bench: manifest
	$(BIN)/python benchmarks/run.py
	test -d $(BENCH_CORPUS) || $(BIN)/python benchmarks/generate_corpus.py --docs 2000 --seed 0 $(BENCH_CORPUS)
	$(BIN)/python benchmarks/extraction_speed.py $(BENCH_CORPUS) --results benchmarks/results.md
	$(BIN)/python benchmarks/formats_speed.py --results benchmarks/results.md
	$(BIN)/python benchmarks/app_pages.py --results benchmarks/results.md

clean:
	rm -rf .warehouse dbt_project/target dbt_project/logs .pytest_cache
