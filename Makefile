# Helhed: `make run` serves the demo, `make test` runs the whole suite (SQLite, then PostgreSQL).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PGBIN ?= /usr/lib/postgresql/15/bin
APT_PACKAGES := chromium gettext postgresql-15 fonts-dejavu-core
export HELHED_DEBUG ?= 1

.PHONY: setup system-packages bench-packages run test lint test-sqlite test-postgres demo-logins bench bench-pages clean messages openapi

setup: system-packages $(VENV)/.installed node_modules/.installed locale/da/LC_MESSAGES/django.mo

# Debian packages: Chromium for the browser tests, gettext for translations, poppler-utils to read PDFs in tests,
# PostgreSQL 15 for the second test run. WeasyPrint needs Pango, which Debian images carry.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -x $(PGBIN)/initdb ] || missing="$$missing postgresql-15"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing fonts-dejavu-core >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale/da/LC_MESSAGES/django.mo: locale/da/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages -l da -v 0

# The API's OpenAPI document, as /api/v1/openapi.json serves it, to docs/api/openapi.json (tests/test_openapi.py
# fails when the committed file differs).
openapi: setup
	$(PY) manage.py export_openapi

# Regenerate the Danish catalogue after changing UI strings, then translate the new entries in django.po.
messages: setup
	$(PY) manage.py makemessages -l da --no-location --no-obsolete -i '.venv/*' -i 'node_modules/*' -i 'test-artifacts/*'

run: setup
	$(PY) manage.py migrate -v 0
	$(PY) manage.py generate_municipality --citizens 2000 --seed 1 --if-empty
	$(PY) manage.py evaluate_obligations
	$(PY) manage.py demo_logins
	$(PY) manage.py api_sandbox
	PY=$(PY) scripts/serve.sh 0.0.0.0:8000

test: lint test-sqlite test-postgres

# ruff, then the import-linter contracts (the layers in pyproject.toml; docs/architecture.md).
lint: setup
	$(VENV)/bin/ruff check -q helhed bench scripts
	$(VENV)/bin/lint-imports --no-cache

test-sqlite: setup
	$(PY) -m pytest -q -n 2 helhed

test-postgres: setup
	scripts/with-postgres.sh $(PY) -m pytest -q -n 2 -m "not browser" helhed

bench: setup
	$(PY) bench/generator.py

# wrk, the load generator of bench/pages.py (only the page benchmark needs it).
bench-packages:
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian packages: wrk"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	}

# Each role's pages under load, beside a one-query Django floor, with production settings under gunicorn (takes many
# minutes; figures in bench/README.md). Options: make bench-pages BENCH_PAGES_ARGS="--duration 5 --engine postgres".
BENCH_PAGES_ARGS ?=
bench-pages: setup bench-packages
	$(PY) bench/pages.py $(BENCH_PAGES_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3*
