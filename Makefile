# Madoguchi — two commands: `make run` (the demo city on http://127.0.0.1:8000) and `make test`.
# `make dev`: the same demo on Django's auto-reloading development server.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export MADOGUCHI_VAR_DIR ?= $(CURDIR)/var

# Debian packages: Japanese fonts and Pango for PDFs, Tesseract for OCR, Chromium for browser
# tests, gettext for catalogs, libmagic for upload sniffing, poppler for PDF checks, prometheus
# for promtool (the alert rules' check in the tests; the server itself is not started).
OS_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b tesseract-ocr tesseract-ocr-jpn \
	chromium gettext libmagic1 poppler-utils prometheus

.PHONY: run dev test lint messages css os-deps install migrate demo serve bench clean mutate

run: install migrate demo serve

os-deps:
	@missing=$$(for p in $(OS_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing OS packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing OS packages. Run: sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check uv==0.13.9

# Installs exactly the locked versions (requirements.lock, made by `uv pip compile`).
$(VENV)/.installed: $(BIN)/uv requirements.lock pyproject.toml
	$(BIN)/uv pip sync -q --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

install: os-deps $(VENV)/.installed

lock: $(BIN)/uv
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

migrate: install
	@mkdir -p $(MADOGUCHI_VAR_DIR)
	$(BIN)/madoguchi migrate --noinput -v 0

demo: migrate
	$(BIN)/madoguchi demo
	$(BIN)/madoguchi pki init  # test PKI: CA, CRL, city and card certificates (idempotent)

# Served as a city serves it (docs/operations.md): gunicorn workers; static files collected,
# hashed and compressed, served by whitenoise with a year's cache lifetime; the public page cache
# in var/cache/pages (emptied here, so a changed template shows after a restart).
WORKERS ?= 2
serve:
	MADOGUCHI_COLLECTED_STATIC=1 $(BIN)/madoguchi collectstatic --noinput -v 0
	rm -rf $(MADOGUCHI_VAR_DIR)/cache/pages
	@echo "Madoguchi: http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	MADOGUCHI_COLLECTED_STATIC=1 $(BIN)/gunicorn madoguchi.config.wsgi -w $(WORKERS) -b 127.0.0.1:$(PORT) \
	  --timeout 60 --graceful-timeout 5 --log-level warning

dev: install migrate demo
	@echo "Madoguchi (development server, reloads on change): http://127.0.0.1:$(PORT)/"
	$(BIN)/madoguchi runserver 127.0.0.1:$(PORT)

# Two workers (pytest-xdist): each has its own test database and browser. PYTEST_WORKERS=0 for one process.
# worksteal: a worker that runs out takes queued tests from the other, so the browser tests queued
# on one worker at the end do not leave the other idle.
PYTEST_WORKERS ?= 2
test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Style, the architecture's contracts (import-linter, [tool.importlinter]) and types on the
# allow-list ([tool.mypy]). CI runs it before the tests.
lint: install
	$(BIN)/ruff check src bench tests
	$(BIN)/ruff format --check src bench tests
	$(BIN)/lint-imports
	$(BIN)/mypy

# Each app keeps its own catalog (src/madoguchi/<app>/locale); Japanese is the source language.
messages: install
	for app in $$(cd src/madoguchi && ls -d */locale | cut -d/ -f1); do \
	  (cd src/madoguchi/$$app && ../../../$(BIN)/madoguchi makemessages -l en -l zh_Hans -l ko -l vi --no-obsolete --ignore 'static/*' --ignore 'tests/*' -v 0 \
	   && ../../../$(BIN)/madoguchi compilemessages -v 0) || exit 1; \
	done
	@$(BIN)/python scripts/po.py status

css:
	bash scripts/frontend.sh

bench: install
	$(BIN)/python -m bench

# Mutation gate on the security core (slow: run nightly, not in every CI run). MUTATE=… picks
# modules from pyproject [tool.madoguchi.mutate]; MUTATE_CHILDREN parallel mutants (default 1).
mutate: install
	rm -rf mutants
	$(BIN)/python scripts/mutate.py $(MUTATE)

clean:
	rm -rf $(VENV) var
