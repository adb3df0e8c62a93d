# Cao Bằng Open Data — the two set-up commands are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# pip installs only the installer (requirements/uv.txt); uv installs the rest, hash-checked. Their
# bytecode is written by Python as modules are first imported (about 900 of the build set's 4,800
# files; compiling them all at install took 5 s), so PYTHONDONTWRITEBYTECODE is not passed on.
# The interpreter's own pip installs uv into .venv when it has one (pip --python): .venv is made
# without a pip of its own (3 s less); else ensurepip puts one there first.
PIP_ARGS := install --disable-pip-version-check -q --require-hashes -r requirements/uv.txt
UV     := $(VENV)/bin/uv pip install -q --python $(PY) --require-hashes
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
unexport PYTHONDONTWRITEBYTECODE

.PHONY: site check build serve tools installed validators-after-packages packages test test-unit test-browser chromium fonts java node validators bench vendor requirements clean

site: $(BUILD_STAMP) fonts  ## create .venv, install pinned deps, validate, build site/
	$(PY) build.py build

check: $(BUILD_STAMP)   ## validate the data only (Frictionless + domain rules)
	$(VENV)/bin/frictionless validate datapackage.json > /dev/null || $(VENV)/bin/frictionless validate datapackage.json
	$(PY) build.py check

build: site

serve: $(DEV_STAMP) fonts  ## build, serve on http://127.0.0.1:8000/, rebuild and reload on every change
	$(PY) build.py serve

$(UV_STAMP): requirements/uv.txt
	test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(PY) $(PIP_ARGS) 2>/dev/null || { $(PY) -m ensurepip >/dev/null && $(PY) -m pip $(PIP_ARGS); }
	touch $@

$(BUILD_STAMP): $(UV_STAMP) requirements/build.txt
	$(UV) -r requirements/build.txt
	touch $@

$(DEV_STAMP): $(BUILD_STAMP) requirements/dev.txt
	$(UV) -r requirements/build.txt -r requirements/dev.txt
	touch $@

# Debian packages, each named by what it gives: how to tell it is there, and what apt-get installs.
# `make packages NEED="…"` installs the missing ones of NEED in one apt-get (apt-get runs one at a
# time; one `apt-get update` on a fresh machine); `chromium`, `fonts`, `java`, `node` are one each.
HAVE_chromium := test -x $(CHROMIUM)
DEB_chromium  := chromium
HAVE_fonts    := test -f $(FONT)
DEB_fonts     := fonts-dejavu-core
HAVE_java     := command -v java >/dev/null
DEB_java      := default-jre-headless
HAVE_node     := command -v npm >/dev/null
DEB_node      := nodejs npm
NEED ?= chromium fonts java node

packages:
	@missing=""; $(foreach n,$(NEED),$(HAVE_$(n)) || missing="$$missing $(DEB_$(n))";) \
	if [ -n "$$missing" ]; then echo "apt-get install$$missing"; apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	@$(foreach n,$(NEED),$(HAVE_$(n)) &&) true

chromium:  ## Debian chromium for the browser tests (never `playwright install`)
fonts:     ## the charts' font (DejaVu Sans, with Vietnamese), from Debian
java:      ## Java for the Nu HTML Checker, from Debian
node:      ## Node.js and npm for pa11y, from Debian when the machine has none
chromium fonts java node:
	@$(MAKE) --no-print-directory packages NEED=$@

$(NODE_STAMP): package.json package-lock.json
	$(MAKE) node
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

validators: $(NODE_STAMP) java  ## vnu.jar and pa11y, pinned (package-lock.json)

# Before the tests, side by side: the Python packages (uv), then the data check and the dev set;
# the Debian packages of NEED, then the validators (npm). Only `packages` runs apt-get here (`node`,
# inside the validators' install, finds npm by then). Each job's output is printed whole (-O).
tools:
	@$(MAKE) --no-print-directory -j3 -O installed

installed: $(DEV_STAMP) check validators-after-packages
	@:

validators-after-packages: packages
	@$(MAKE) --no-print-directory $(NODE_STAMP)

test: tools  ## everything: data validation, unit, build, browser and validator tests
	$(PY) -m pytest -n $(WORKERS) --dist worksteal

test-unit:  ## the tests that need no browser (no chromium installed for them)
	@$(MAKE) --no-print-directory tools NEED="fonts java node"
	$(PY) -m pytest -n $(WORKERS) --dist worksteal -m "not browser"

test-browser: tools  ## the browser tests only (Chromium, axe, pa11y)
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
