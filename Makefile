# ekspipe: build, install, test, demo.
#
#   make build                     release binaries, Swift runtime linked statically (.build/release)
#   make install [PREFIX=/usr/local]   the four tools and `ekspipe` into PREFIX/bin
#   make uninstall [PREFIX=...]    removes exactly those five files
#   make test                      scripts/test (setup, build, every test)
#   make demo                      scripts/demo (no AWS account needed)
#
# Why the tools and ekspipe go into one directory: ekspipe finds the tools next to itself, and
# kubeconfig-merge writes the eks-presign next to itself into kubeconfig exec entries, so an
# installed set never mixes with a checkout's build.

PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
SWIFT ?= swift
# e.g. SWIFT_BUILD_FLAGS="--scratch-path .build-mine"
SWIFT_BUILD_FLAGS ?=
SWIFT_RELEASE = $(SWIFT) build -c release --static-swift-stdlib $(SWIFT_BUILD_FLAGS)
TOOLS = creds-resolve eks-describe kubeconfig-merge eks-presign

.PHONY: all build install uninstall test demo bench clean

all: build

build:
	$(SWIFT_RELEASE)

# Installs a release build brought up to date first (incremental: seconds when nothing changed),
# never a debug build or a stale one.
install: build
	@bin="$$($(SWIFT_RELEASE) --show-bin-path)"; \
	mkdir -p "$(BINDIR)" || exit 1; \
	for t in $(TOOLS); do \
		install -m 0755 "$$bin/$$t" "$(BINDIR)/$$t" || exit 1; \
		echo "installed $(BINDIR)/$$t"; \
	done; \
	install -m 0755 scripts/ekspipe "$(BINDIR)/ekspipe" || exit 1; \
	echo "installed $(BINDIR)/ekspipe"

uninstall:
	@for t in $(TOOLS) ekspipe; do \
		if [ -e "$(BINDIR)/$$t" ]; then rm -f "$(BINDIR)/$$t" && echo "removed $(BINDIR)/$$t"; fi; \
	done

test:
	scripts/test

demo:
	scripts/demo

bench:
	scripts/bench

clean:
	$(SWIFT) package clean
