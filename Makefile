# Each target is a thin wrapper over the real commands; see README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: system-packages run test test-sqlite test-postgres lint assets install migrate demo bench bench-targets bench-imports worker clean

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

bench: install assets
	$(BIN)/python bench/run.py

bench-targets: install assets
	$(BIN)/python bench/targets.py

bench-imports: install assets
	$(BIN)/python bench/imports.py

clean:
	rm -rf $(VENV) node_modules qizhi/static/vendor staticfiles
