# plancov — every target sets up what it needs first (Debian packages via scripts/setup.sh).
SWIFT ?= swift
OUT ?= out

.PHONY: all setup build report test bench bench-stages clean fuzz fuzz-build dist install uninstall deb check-install

all: report

setup:
	@scripts/setup.sh

# The Swift runtime and Foundation are linked statically: loading and relocating their shared
# libraries was ~5 ms of every run (`plancov --version` 13.7 → 8.5 ms), and calls into the runtime are
# cheaper: a national run 0.57 → 0.53-0.55 s (interleaved medians).
build: setup
	$(SWIFT) build -c release --static-swift-stdlib

# The main job: the coverage report of the bundled corpus, in every format, plus the table.
report: build
	@mkdir -p $(OUT)
	"$$($(SWIFT) build -c release --show-bin-path)"/plancov compare corpus \
		--out $(OUT)/coverage.json --out $(OUT)/coverage.csv --out $(OUT)/coverage.md \
		--out $(OUT)/coverage.html --out $(OUT)/coverage.xlsx
	"$$($(SWIFT) build -c release --show-bin-path)"/plancov compare corpus --format table

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test

clean:
	rm -rf .build .build-fuzz $(OUT)

# Installing: the release binary (it carries its data files: nothing else is needed beside it),
# a man page and bash, zsh and fish completions made from the command definitions, and the
# licences. `make install PREFIX=~/.local`, `make install DESTDIR=stage`; `make uninstall` with
# the same PREFIX and DESTDIR removes them. `make deb` writes out/plancov_VERSION_ARCH.deb.
PREFIX ?= /usr/local
DESTDIR ?=
DIST ?= .build/dist

dist: build
	SWIFT=$(SWIFT) scripts/make-dist.sh "$(DIST)"

install: dist
	DIST="$(DIST)" PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh

uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh --uninstall

deb: dist
	@scripts/setup.sh dpkg-dev
	DIST="$(DIST)" OUT="$(OUT)" scripts/make-deb.sh

# Installs into a scratch PREFIX and checks the result as a user would, away from the checkout
# (as nobody when run as root): the report, the man page, the completions, uninstall, the package.
check-install: deb
	DIST="$(DIST)" OUT="$(OUT)" scripts/check-install.sh

# libFuzzer targets of Fuzz/ (see README, "Limits, errors, interrupts and fuzzing"): each runs
# FUZZ_SECONDS (default 60); FUZZ_TARGETS picks some. Built in .build-fuzz, never by `make test`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) scripts/fuzz.sh run $(FUZZ_TARGETS)

fuzz-build: setup
	SWIFT=$(SWIFT) scripts/fuzz.sh build

# Figures for the README's Performance section (not part of the tests).
bench: build
	python3 -m pip install -q -r benchmarks/requirements.txt
	python3 benchmarks/bench.py

# Each stage alone, on one thread, over the bundled plans: the figures to compare when
# changing one stage (benchmarks/stages; `bench` prints them too).
bench-stages: build
	"$$($(SWIFT) build -c release --show-bin-path)"/plancov-stages corpus/plans
