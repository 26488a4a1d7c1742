# Warta: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
MANAGE := $(BIN)/python manage.py

.PHONY: run setup test lint audit bench bench-stack lighthouse messages compilemessages clean stack stack-down stack-status stack-test

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Warta needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

compilemessages: $(VENV)/.runtime-installed
	$(BIN)/pybabel --quiet compile --directory locale --domain django --statistics
	$(BIN)/pybabel --quiet compile --directory locale/wagtail --domain django --statistics
	$(BIN)/pybabel --quiet compile --directory locale/wagtail --domain djangojs --statistics

setup: $(VENV)/.runtime-installed compilemessages
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) load_demo_content --dev-admin

# The scheduler (publishes due pages every minute) runs beside the server and stops with it;
# if it dies, its supervisor starts it again.
run: setup
	@echo "Warta is served at http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) run_scheduler --supervise & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The browser tests (tests/browser, marker `browser`) drive Debian's Chromium, installed here when
# missing, in a pytest run of their own: they need a live server on committed data and let ORM
# calls run beside Playwright's event loop, which the rest of the suite must not inherit.
# BROWSER_TESTS=0 leaves them out (CI runs them once, not on every database).
BROWSER_TESTS ?= 1
CHROMIUM := /usr/bin/chromium
# tests/test_html_validity.py runs the Nu Html Checker (vnu.jar, a Java program): Java is installed
# here when missing.
test: $(VENV)/.dev-installed compilemessages
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null)
	$(BIN)/python -m pytest --ignore=tests/browser $(PYTEST_ARGS)
ifneq ($(BROWSER_TESTS),0)
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)
endif

# Benchmark (docs/performance.md): BENCH_N articles, SQLite unless DATABASE_URL names PostgreSQL.
BENCH_N ?= 10000
BENCH_SECONDS ?= 5
BENCH_ROUNDS ?= 2
BENCH_NEWSROOM_SECONDS ?= 60
bench: $(VENV)/.dev-installed compilemessages
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	DJANGO_SETTINGS_MODULE=cms.settings.bench BENCH_N=$(BENCH_N) \
		$(MANAGE) bench --seconds $(BENCH_SECONDS) --rounds $(BENCH_ROUNDS) $(if $(BENCH_ONLY),--only $(BENCH_ONLY)) \
		--newsroom-seconds $(BENCH_NEWSROOM_SECONDS)
	DJANGO_SETTINGS_MODULE=cms.settings.bench BENCH_N=$(BENCH_N) $(MANAGE) bench_admin
	DJANGO_SETTINGS_MODULE=cms.settings.bench BENCH_N=$(BENCH_N) $(MANAGE) bench_uncached \
		--json var/bench/uncached-$(if $(DATABASE_URL),postgresql,sqlite)-$(BENCH_N).json

# Lighthouse, mobile preset (docs/performance.md): the demo site in var/lighthouse/ served by
# gunicorn with the production settings (DEBUG off, Whitenoise's compressed hashed files) on
# 127.0.0.1:LIGHTHOUSE_PORT; home, an article and a category, LIGHTHOUSE_RUNS runs each (median).
LIGHTHOUSE_PORT ?= 8320
LIGHTHOUSE_RUNS ?= 3
tools/lighthouse/node_modules/.installed: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund --silent
	touch $@
lighthouse: $(VENV)/.runtime-installed compilemessages tools/lighthouse/node_modules/.installed
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	mkdir -p var/lighthouse
	DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=$$(head -c 33 /dev/urandom | base64) \
		ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false RATELIMIT_ENABLE=false \
		DATABASE_URL=sqlite:///$(CURDIR)/var/lighthouse/warta.sqlite3 MEDIA_ROOT=$(CURDIR)/var/lighthouse/media \
		CHROME_PATH=$(CHROMIUM) \
		$(MANAGE) lighthouse --port $(LIGHTHOUSE_PORT) --runs $(LIGHTHOUSE_RUNS) $(if $(LIGHTHOUSE_ONLY),--only $(LIGHTHOUSE_ONLY))

# The production topology on 127.0.0.1 (docs/deployment.md): nginx (TLS) -> Varnish -> two
# gunicorn servers -> PostgreSQL, with Redis; state in var/stack/. stack-test runs tests/stack
# (marker `stack`) against it; `make test` leaves them out.
stack: $(VENV)/.runtime-installed compilemessages
	stack/up
stack-down:
	stack/down
stack-status:
	stack/status
stack-test: $(VENV)/.dev-installed
	STACK_TESTS=1 $(BIN)/python -m pytest tests/stack -m stack $(PYTEST_ARGS)
# The newsroom scenario through the running stack against the bare view (docs/performance.md,
# "Through the stack"); JSON in var/bench/stack-*.json. BENCH_STACK_SECONDS per run.
BENCH_STACK_SECONDS ?= 45
bench-stack: $(VENV)/.dev-installed
	set -a && . var/stack/env && set +a && $(MANAGE) bench_stack --seconds $(BENCH_STACK_SECONDS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pip-audit on the pinned requirements (needs the OSV database online; says so when it is not).
audit:
	.ci/audit

# Refresh locale/id/LC_MESSAGES/django.po after changing strings (needs GNU gettext).
messages: $(VENV)/.runtime-installed
	$(MANAGE) makemessages --locale id --ignore .venv --ignore var

clean:
	rm -rf var db.sqlite3 db.sqlite3-shm db.sqlite3-wal
