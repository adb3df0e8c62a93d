# Cao Bằng Open Data — the two set-up commands are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# pip installs only the installer (requirements/uv.txt); uv installs the rest, hash-checked, and
# compiles their bytecode as pip would (the suite's processes import them uncompiled otherwise)
PIP    := $(VENV)/bin/pip install --disable-pip-version-check -q --require-hashes
UV     := $(VENV)/bin/uv pip install -q --python $(PY) --compile-bytecode --require-hashes
UV_STAMP    := $(VENV)/.installed-uv
BUILD_STAMP := $(VENV)/.installed-build
DEV_STAMP   := $(VENV)/.installed-dev
CHROMIUM := /usr/bin/chromium
FONT     := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# The validators of the tests (tests/test_validators.py): the W3C Nu HTML Checker (vnu.jar, run
# by the machine's Java) and pa11y (HTML_CodeSniffer, driving Debian's chromium), pinned in
# package.json / package-lock.json. No browser or Java is downloaded: install scripts are skipped.
NODE_STAMP := node_modules/.installed
# pytest workers: the suite's builds are shared between them (tests/conftest.py)
WORKERS ?= 2
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site check build serve tools installed test test-unit test-browser chromium fonts java node validators bench vendor requirements clean

site: $(BUILD_STAMP) fonts  ## create .venv, install pinned deps, validate, build site/
	$(PY) build.py build

check: $(BUILD_STAMP)   ## validate the data only (Frictionless + domain rules)
	$(VENV)/bin/frictionless validate datapackage.json > /dev/null || $(VENV)/bin/frictionless validate datapackage.json
	$(PY) build.py check

build: site

serve: $(DEV_STAMP) fonts  ## build, serve on http://127.0.0.1:8000/, rebuild and reload on every change
	$(PY) build.py serve

$(UV_STAMP): requirements/uv.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/uv.txt
	touch $@

$(BUILD_STAMP): $(UV_STAMP) requirements/build.txt
	$(UV) -r requirements/build.txt
	touch $@

$(DEV_STAMP): $(BUILD_STAMP) requirements/dev.txt
	$(UV) -r requirements/build.txt -r requirements/dev.txt
	touch $@

chromium:               ## Debian chromium for the browser tests (never `playwright install`)
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM)

fonts:                  ## the charts' font (DejaVu Sans, with Vietnamese), from Debian
	@test -f $(FONT) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }
	@test -f $(FONT)

java:                   ## Java for the Nu HTML Checker, from Debian
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v java >/dev/null

node:                   ## Node.js and npm for pa11y, from Debian when the machine has none
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	@command -v npm >/dev/null

$(NODE_STAMP): package.json package-lock.json
	$(MAKE) node
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

validators: $(NODE_STAMP) java  ## vnu.jar and pa11y, pinned (package-lock.json)

# The Python packages (uv) and the validators (npm) are installed side by side: neither waits
# for the other, and neither runs apt-get (`node` does only on a machine with no npm).
tools:
	@$(MAKE) --no-print-directory -j2 installed

installed: $(DEV_STAMP) $(NODE_STAMP)
	@:

test: tools check chromium fonts validators  ## everything: data validation, unit, build, browser and validator tests
	$(PY) -m pytest -n $(WORKERS) --dist worksteal

test-unit: tools fonts validators  ## the tests that need no browser
	$(PY) -m pytest -n $(WORKERS) --dist worksteal -m "not browser"

test-browser: tools chromium fonts validators  ## the browser tests only (Chromium, axe, pa11y)
	$(PY) -m pytest -n $(WORKERS) --dist worksteal -m browser

bench: $(DEV_STAMP) chromium fonts  ## speed and page weight; writes BENCHMARKS.md
	$(PY) -m bench

vendor: $(BUILD_STAMP)  ## after upgrading vl-convert: vendor its chart runtime (cbod/render/vendor/)
	$(PY) -c "from cbod.render.svg import vendor_bundle; print(vendor_bundle())"

requirements:           ## re-pin requirements/*.txt from the .in files (needs the network)
	cd requirements && $(abspath $(PY)) -m uv pip compile -q --python-version 3.11.7 --generate-hashes uv.in -o uv.txt
	cd requirements && $(abspath $(PY)) -m uv pip compile -q --python-version 3.11.7 --generate-hashes build.in -o build.txt
	cd requirements && $(abspath $(PY)) -m uv pip compile -q --python-version 3.11.7 --generate-hashes dev.in -o dev.txt

clean:
	rm -rf build site .site-* node_modules
