# Two commands for people (README): `make demo` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-postgres lint messages bench production-check clean vendor vendor-leaflet

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "KPSS needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(TEST_STAMP): requirements-test.txt $(RUN_STAMP)
	$(BIN)/pip install --quiet -r requirements-test.txt
	@touch $@

## demo: install, migrate SQLite, load the VM+K demo, print the admin login, serve on :8000
demo: $(RUN_STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --site-url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install the test tools and run the whole suite (SQLite; PostgreSQL with DATABASE_URL)
test: $(TEST_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

## test-postgres: the suite on the local PostgreSQL server (127.0.0.1:5432, trust auth)
test-postgres: $(TEST_STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kpss} $(BIN)/pytest --create-db $(PYTEST_ARGS)

## production-check: the documented release steps with production settings on a fresh database,
## gunicorn with DEBUG off, a crawl of every public page, API document and static file
production-check: $(RUN_STAMP)
	PYTHON=$(BIN)/python GUNICORN=$(BIN)/gunicorn .ci/production-path

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

## bench: throughput and latency against the floor, SQLite and PostgreSQL (docs/benchmarks.md)
bench: $(RUN_STAMP)
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq wrk redis-server)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## messages: refresh and compile the Czech catalogues (needs GNU gettext)
messages: $(RUN_STAMP)
	for app in site kp_catalogue kp_plans kp_consultation; do \
		(cd $$app && ../$(BIN)/python ../manage.py makemessages -l cs --no-obsolete --ignore='tests/*') || exit 1; \
	done
	$(BIN)/python manage.py compilemessages --ignore='.venv/*'

## vendor: refresh the Gov.cz design system parts in site/static/vendor/gov/ (needs npm)
GOV_STYLES ?= 4.2.7
GOV_FONTS  ?= 0.0.2
GOV_ICONS  ?= 0.2.3
vendor: vendor-leaflet
	tmp=$$(mktemp -d) && cd $$tmp && \
	for spec in styles@$(GOV_STYLES) fonts@$(GOV_FONTS) icons@$(GOV_ICONS); do \
		name=$${spec%@*}; mkdir $$name && npm pack --silent @gov-design-system-ce/$$spec && \
		tar xzf gov-design-system-ce-$$name-*.tgz -C $$name || exit 1; \
	done && cd $(CURDIR) && \
	$(PYTHON) .ci/vendor_gov.py $$tmp/styles/package $$tmp/fonts/package $$tmp/icons/package && rm -rf $$tmp

## vendor-leaflet: refresh the vendored marker clustering from npm (needs npm; see its README)
MARKERCLUSTER ?= 1.5.3
MC_DIR := kp_catalogue/static/kp_catalogue/vendor/leaflet.markercluster
vendor-leaflet:
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent leaflet.markercluster@$(MARKERCLUSTER) && \
	tar xzf leaflet.markercluster-$(MARKERCLUSTER).tgz && cd $(CURDIR) && \
	grep -v 'sourceMappingURL' $$tmp/package/dist/leaflet.markercluster.js > $(MC_DIR)/leaflet.markercluster.js && \
	cp $$tmp/package/dist/MarkerCluster.css $(MC_DIR)/MarkerCluster.css && \
	cp $$tmp/package/MIT-LICENCE.txt $(MC_DIR)/LICENCE && rm -rf $$tmp

clean:
	rm -rf $(VENV) .test-db.sqlite3* .pytest_cache .ruff_cache
