# Cao Bằng Open Data — the two set-up commands are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip install --disable-pip-version-check -q --require-hashes
BUILD_STAMP := $(VENV)/.installed-build
DEV_STAMP   := $(VENV)/.installed-dev
CHROMIUM := /usr/bin/chromium
FONT     := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# pytest workers: the suite's builds are shared between them (tests/conftest.py)
WORKERS ?= 2
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site check build serve test test-unit test-browser chromium fonts bench requirements clean

site: $(BUILD_STAMP) fonts  ## create .venv, install pinned deps, validate, build site/
	$(PY) build.py build

check: $(BUILD_STAMP)   ## validate the data only (Frictionless + domain rules)
	$(VENV)/bin/frictionless validate datapackage.json > /dev/null || $(VENV)/bin/frictionless validate datapackage.json
	$(PY) build.py check

build: site

serve: $(DEV_STAMP) fonts  ## build, serve on http://127.0.0.1:8000/, rebuild and reload on every change
	$(PY) build.py serve

$(BUILD_STAMP): requirements/build.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/build.txt
	touch $@

$(DEV_STAMP): $(BUILD_STAMP) requirements/dev.txt
	$(PIP) -r requirements/build.txt -r requirements/dev.txt
	touch $@

chromium:               ## Debian chromium for the browser tests (never `playwright install`)
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM)

fonts:                  ## the charts' font (DejaVu Sans, with Vietnamese), from Debian
	@test -f $(FONT) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }
	@test -f $(FONT)

test: check $(DEV_STAMP) chromium fonts  ## everything: data validation, unit, build and browser tests
	$(PY) -m pytest -n $(WORKERS) --dist worksteal

test-unit: $(DEV_STAMP) fonts  ## the tests that need no browser
	$(PY) -m pytest -n $(WORKERS) --dist worksteal -m "not browser"

test-browser: $(DEV_STAMP) chromium fonts  ## the browser tests only (Chromium, axe)
	$(PY) -m pytest -n $(WORKERS) --dist worksteal -m browser

bench: $(DEV_STAMP) chromium fonts  ## speed and page weight; writes BENCHMARKS.md
	$(PY) -m bench

requirements:           ## re-pin requirements/*.txt from the .in files (needs the network)
	cd requirements && $(abspath $(PY)) -m uv pip compile -q --python-version 3.11.7 --generate-hashes build.in -o build.txt
	cd requirements && $(abspath $(PY)) -m uv pip compile -q --python-version 3.11.7 --generate-hashes dev.in -o dev.txt

clean:
	rm -rf build site .site-*
