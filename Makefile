# ekspipe: build, install, test, demo.
#
#   make build                     release binaries, Swift runtime linked statically (.build/release)
#   make install [PREFIX=/usr/local]   the four tools and `ekspipe` into PREFIX/bin, its
#                                  commands (scripts/libexec) into PREFIX/libexec/ekspipe
#   make uninstall [PREFIX=...]    removes exactly those files
#   make test                      scripts/test (setup, build, every test)
#   make demo                      scripts/demo (no AWS account needed)
#
# Why the tools and ekspipe go into one directory: ekspipe finds the tools next to itself, and
# kubeconfig-merge writes the eks-presign next to itself into kubeconfig exec entries, so an
# installed set never mixes with a checkout's build. Why PREFIX/libexec/ekspipe: the commands
# are run by the dispatcher only (the rbenv/git libexec layout), not by people from PATH.

PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
LIBEXECDIR = $(DESTDIR)$(PREFIX)/libexec/ekspipe
SWIFT ?= swift
# e.g. SWIFT_BUILD_FLAGS="--scratch-path .build-mine"
SWIFT_BUILD_FLAGS ?=
SWIFT_RELEASE = $(SWIFT) build -c release --static-swift-stdlib $(SWIFT_BUILD_FLAGS)
TOOLS = creds-resolve eks-describe kubeconfig-merge eks-presign
# The dispatcher's commands (executable) and the files they source (not executable).
# Every libexec file but the sourced ekspipe-sh-* ones, so a new command is installed at once.
COMMANDS = $(filter-out ekspipe-sh-%,$(notdir $(wildcard scripts/libexec/ekspipe-*)))
SOURCED = $(notdir $(wildcard scripts/libexec/ekspipe-sh-*))

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
	mkdir -p "$(LIBEXECDIR)" || exit 1; \
	for c in $(COMMANDS); do install -m 0755 "scripts/libexec/$$c" "$(LIBEXECDIR)/$$c" || exit 1; done; \
	for c in $(SOURCED); do install -m 0644 "scripts/libexec/$$c" "$(LIBEXECDIR)/$$c" || exit 1; done; \
	echo "installed $(LIBEXECDIR)/ ($(words $(COMMANDS) $(SOURCED)) files)"; \
	install -m 0755 scripts/ekspipe "$(BINDIR)/ekspipe" || exit 1; \
	echo "installed $(BINDIR)/ekspipe"

uninstall:
	@for t in $(TOOLS) ekspipe; do \
		if [ -e "$(BINDIR)/$$t" ]; then rm -f "$(BINDIR)/$$t" && echo "removed $(BINDIR)/$$t"; fi; \
	done; \
	for c in $(COMMANDS) $(SOURCED); do rm -f "$(LIBEXECDIR)/$$c"; done; \
	if [ -d "$(LIBEXECDIR)" ]; then rmdir "$(LIBEXECDIR)" 2>/dev/null && echo "removed $(LIBEXECDIR)/"; fi; \
	rmdir "$(DESTDIR)$(PREFIX)/libexec" 2>/dev/null; true

test:
	scripts/test

demo:
	scripts/demo

bench:
	scripts/bench

clean:
	$(SWIFT) package clean
