# Quick start:  make demo   (checks and summarises the bundled records)
#               make test   (the whole test suite, with lint and types)
# Each target installs what it needs: a virtual environment in .venv and,
# for the tests that render forms, Debian's LibreOffice and poppler-utils.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-nightly lint bench catalog clean system-deps docs-images docs

# LibreOffice (headless) opens what the tests render; pdftotext reads the PDFs back; Chromium
# (headless) opens the report; Java runs Spark for the roll-up's second engine.
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 chromium \
	openjdk-17-jre-headless
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The demo needs the base install only; the tests need every extra (and pyspark: 1 GB).
DEMO_STAMP := $(VENV)/.installed-base

$(DEMO_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml $(DEMO_STAMP)
	$(BIN)/pip install --quiet -e '.[test,report,rollup,spark,docs]'
	touch $(STAMP)

# The demo folder is a snapshot of 23/11/2026, the day the README's examples are run as of: checked
# later, its documents come due for their yearly review (D411) as a real folder's would.
DEMO_DAY := 2026-11-23

demo: $(DEMO_STAMP)
	QMSCTL_TODAY=$(DEMO_DAY) $(BIN)/qmsctl --records records check
	QMSCTL_TODAY=$(DEMO_DAY) $(BIN)/qmsctl --records records summary

lint: $(STAMP)
	$(BIN)/ruff check qmsctl tests bench
	$(BIN)/ruff format --check qmsctl tests bench
	$(BIN)/mypy

system-deps:
	@if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! command -v chromium >/dev/null \
		|| ! command -v java >/dev/null; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(SYSTEM_PACKAGES); \
	fi

test: $(STAMP) system-deps lint docs
	$(BIN)/pytest

# The user guide in Vietnamese (docs/guide) as a static site in site/: offline, every warning an error.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# The property tests with twenty times the examples (the hypothesis profile "nightly").
test-nightly: $(STAMP) system-deps
	HYPOTHESIS_PROFILE=nightly $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_check.py --changed
	$(BIN)/python bench/bench_figures.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_yaml.py  # ryaml is measured too when installed by hand
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_edits.py
	$(BIN)/python bench/bench_rollup.py --spark --export bench/out/records-100k

# The pictures of the forms in the README: first pages rendered from the demo records.
docs-images: $(STAMP) system-deps
	mkdir -p out docs/images
	$(BIN)/qmsctl --records records render BM.ST.VP.04 --period 2026-03 -o out/BM.ST.VP.04.xlsx --pdf
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile out/BM.ST.VP.04.pdf docs/images/BM.ST.VP.04
	for form in "BM.ST.VP.01" "BM.ST.VP.02 -p 2026" "BM.ST.VP.03 -p 2026-03" \
	    "BM.ST.VP.05 000.00.19.H13-250124-0001" "BM.ST.VP.06 000.00.19.H13-250124-0001" \
	    "BM.CTCL.01 CAR-2025-002" "BM.CTCL.02" "PL3 -p 2025" "DANH-MUC" "QT.CTCL"; do \
		name=$${form%% *}; \
		$(BIN)/qmsctl --records records render $$form -o out/$$name.docx --date 2026-02-05 --pdf && \
		pdftoppm -png -r 60 -f 1 -l 1 -singlefile out/$$name.pdf docs/images/$$name || exit 1; \
	done
	QMSCTL_TODAY=2026-11-23 $(BIN)/qmsctl --records records report --period 2026-Q3 -o out/report.html
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --user-data-dir=out/chromium --window-size=1000,1100 \
	    --screenshot=docs/images/report.png file://$(CURDIR)/out/report.html

# Refresh the message template and the Vietnamese catalog after changing messages;
# translate the new entries of qmsctl/locale/vi/LC_MESSAGES/qmsctl.po, then run it again.
catalog: $(STAMP)
	$(BIN)/pybabel extract -k _ -k N_ -k ngettext:1,2 --no-location --omit-header -o qmsctl/locale/qmsctl.pot qmsctl
	QMSCTL_LANG=en $(BIN)/python scripts/help_catalog.py qmsctl/locale/qmsctl.pot
	$(BIN)/pybabel update -i qmsctl/locale/qmsctl.pot -d qmsctl/locale -D qmsctl -l vi --no-fuzzy-matching
	$(BIN)/pybabel compile -d qmsctl/locale -D qmsctl -l vi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
