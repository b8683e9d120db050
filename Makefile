# Kampung Mall. `make demo` and `make test` work on a fresh clone with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(BIN)/pip
HOST ?= 127.0.0.1:8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo install install-test test lint format messages serve bench clean

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements/constraints.txt
	$(PIP) install -q -c requirements/constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -c requirements/constraints.txt -e ".[test,dev]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## demo: install, prepare the embedded default (SQLite, tasks in-process), seed, serve
demo: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py seed_demo
	@echo "Kampung Mall: http://$(HOST)/"
	$(PY) manage.py runserver $(HOST)

serve: install
	$(PY) manage.py runserver $(HOST)

## test: install the test dependencies and run the whole suite
test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

## bench: time the resident (10,000 rows) and product (1,000 rows) imports, placing 200 checkouts (3 sellers x 2 lines), search latency (10,000 and 100,000 products) and listing throughput (gunicorn + wrk, PostgreSQL only) in throwaway databases; prints, never fails
bench: install-test
	$(PY) bench/import_residents.py
	$(PY) bench/import_products.py
	$(PY) bench/checkout_place.py
	$(PY) bench/search_latency.py
	$(PY) bench/listing_throughput.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy marketplace security registry sellers cms catalogue customer search dashboard partner payments spreadsheets basket checkout order shipping

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh and compile the English catalogue (source strings are Indonesian), and
## compile the Indonesian one (hand-written overrides of Oscar's wording; never regenerated)
messages: install
	$(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages -l en -l id --ignore '.venv/*'

clean:
	rm -rf $(VENV) var
