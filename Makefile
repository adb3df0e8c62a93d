# Cao Bằng Open Data — the two set-up commands are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site check build serve test test-unit test-browser chromium bench clean

site: $(STAMP)          ## create .venv, install pinned deps, validate, build site/
	$(PY) build.py build

check: $(STAMP)         ## validate the data only (Frictionless + domain rules)
	$(VENV)/bin/frictionless validate datapackage.json > /dev/null || $(VENV)/bin/frictionless validate datapackage.json
	$(PY) build.py check

build: site

serve: $(STAMP)         ## build and preview on http://127.0.0.1:8000/
	$(PY) build.py serve

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -q -r requirements.txt
	touch $(STAMP)

chromium:               ## Debian chromium for the browser tests (never `playwright install`)
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM)

test: check chromium    ## everything: data validation, unit, build and browser tests
	$(PY) -m pytest -p no:cacheprovider tests

bench: $(STAMP) chromium ## speed and page weight; writes BENCHMARKS.md
	$(PY) -m bench

clean:
	rm -rf build site .site-*
