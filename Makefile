# The one entry point: `make run`, `make test`, `make check`, `make bench`.
# Works on a fresh Debian machine with only Python 3.11: it creates .venv, installs the pinned
# dependencies, and installs the system packages it needs (Java for OPSIN) when run as root,
# or prints the exact command to run.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PG_VERSION = $(shell ls /etc/postgresql 2>/dev/null | head -n 1)

.PHONY: setup run serve test check bench bench-setup fuzz java chromium postgres clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev]'
	# A real third-party C2SP witness for tests/nodes/test_real_witness.py: it declares Python
	# 3.12 but runs on 3.11, and needs only cryptography, which is already pinned.
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python aics-tlog==0.2.1 aics-witness==0.1.0
	touch $(STAMP)

setup: $(STAMP) java chromium

java:
	@if ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Java (needed by OPSIN to read systematic names)..."; \
	    apt-get update -qq && apt-get install -y -qq default-jre-headless; \
	  else \
	    echo "Java is needed by OPSIN. Run: sudo apt-get install -y default-jre-headless"; exit 1; \
	  fi; \
	fi

# The browser tests drive Debian's Chromium through Playwright; never `playwright install`.
# A CJK font lets the Chinese pages' screenshots show Hanzi rather than empty boxes.
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || [ -z "$$(fc-list :lang=zh 2>/dev/null)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium and a CJK font (needed by the browser tests)..."; \
	    apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei; \
	  else \
	    echo "The browser tests need: sudo apt-get install -y chromium fonts-wqy-zenhei"; exit 1; \
	  fi; \
	fi

postgres:
	@if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  if [ -n "$(PG_VERSION)" ]; then \
	    pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start || true; \
	  fi; \
	fi; \
	if ! command -v pg_isready >/dev/null 2>&1 || ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "PostgreSQL is not running on 127.0.0.1:5432; its tests will be skipped outside CI."; \
	  echo "To install it on Debian: sudo apt-get install -y postgresql"; \
	fi

run: setup
	$(BIN)/counterpart demo

serve: setup
	$(BIN)/counterpart serve

test: setup postgres
	$(BIN)/pytest

check: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The benches' extra data and yardsticks: MOSES ships as a package whose dependencies (torch)
# we do not want, hence --no-deps; nomenklatura needs PyICU, built against Debian's libicu-dev.
bench-setup: setup
	$(BIN)/pip install --quiet --no-deps molsets==0.3.1
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! dpkg -s libicu-dev >/dev/null 2>&1; then \
	  apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config; fi
	-$(BIN)/pip install --quiet -e '.[bench]' || echo "nomenklatura (PyICU) did not install; party quality is reported without it"

bench: bench-setup
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Schema fuzzing: schemathesis over the whole OpenAPI, >= 10,000 cases (docs/testing.md).
fuzz: setup
	$(BIN)/python bench/fuzz_api.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
