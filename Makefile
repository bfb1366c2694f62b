# The two commands of the README: `make run` and `make test`. Everything else is optional.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e install install-dev migrate demo lint format check-deploy clean bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The task worker (imports, renditions, e-mails) runs beside the server and stops with it
# (without its autoreloader, whose child process would outlive a kill).
run: demo
	@echo "Site : http://$(HOST):$(PORT)/   Administration : http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py db_worker --backend background --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests alone (also part of `make test`); they need Debian's chromium package.
e2e: install-dev
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	ALLOWED_HOSTS=shop.example.com $(PY) manage.py check --deploy --fail-level WARNING

# Not part of `make test`: a synthetic catalogue served by gunicorn and load-tested, report in
# bench/reports/ (bench/run.py). `make bench BENCH_SIZE=100000 DATABASE_URL=postgres://…`;
# wrk gives the comparable figures (`apt-get install wrk`), Redis the cached run;
# BENCH_REFERENCE_URL=http://… (and BENCH_REFERENCE_PATHS) adds a reference site side by side.
BENCH_SIZE ?= 1000
BENCH_DURATION ?= 10
BENCH_ROUNDS ?= 3

bench: install
	$(PY) -m bench.run --size $(BENCH_SIZE) --duration $(BENCH_DURATION) --rounds $(BENCH_ROUNDS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
