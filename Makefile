# Each target is a thin wrapper over the real commands; see README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: system-packages run test test-sqlite test-postgres lint assets install migrate demo bench bench-tools bench-soak bench-targets bench-imports worker clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json
	rm -rf qizhi/static/vendor
	mkdir -p qizhi/static/vendor/bootstrap qizhi/static/vendor/bootstrap-icons qizhi/static/vendor/echarts
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js qizhi/static/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font qizhi/static/vendor/bootstrap-icons/
	cp node_modules/echarts/dist/echarts.min.js qizhi/static/vendor/echarts/

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

run: install assets demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	bin/serve $(PORT)

system-packages:
	bin/system-packages

test: system-packages install assets
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest -n auto --durations=15
	@if [ -n "$$DATABASE_URL" ]; then echo "(ran on $$DATABASE_URL)"; fi

test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

bench-tools:  # wrk (and pgbouncer for --engines postgres+pgbouncer): installed when root, else named
	@for tool in wrk pgbouncer; do \
	  if ! command -v $$tool >/dev/null 2>&1 && [ ! -x /usr/sbin/$$tool ]; then \
	    if [ "$$(id -u)" = 0 ]; then apt-get install -y -q $$tool >/dev/null; \
	    else echo "missing: $$tool (sudo apt-get install $$tool)"; exit 1; fi; \
	  fi; \
	done

bench: install assets bench-tools  # one county's pages at province scale, wrk against /healthz (bench/README.md)
	$(BIN)/python bench/run.py

bench-soak: install assets  # 50 users for 30 minutes with locust (installed into var/bench/locust-venv)
	$(BIN)/python bench/soak.py

bench-targets: install assets
	$(BIN)/python bench/targets.py

bench-imports: install assets
	$(BIN)/python bench/imports.py

clean:
	rm -rf $(VENV) node_modules qizhi/static/vendor staticfiles
