# Yichuang (一窗) — the two commands of README.md, and what they need.
#
#   make demo    install what is missing, build into _build/, start the desk in demo mode
#   make check   the same set-up, then the whole suite under Xvfb, then again with
#                AddressSanitizer + UndefinedBehaviorSanitizer in _build-asan/
#   make deb     the Debian packages (desk, server) into _build-deb/, checked by lintian
#
# Extra arguments for the desk: make demo ARGS='--help', make run ARGS='--server URL'
# Extra arguments for meson test: make check TEST_ARGS='--suite core'

SHELL := /bin/bash
.NOTPARALLEL:
.DEFAULT_GOAL := build

BUILD_DIR := _build
ASAN_DIR  := _build-asan
DEB_DIR   := _build-deb

# Debian 12 (bookworm) package names; every one of them exists there.
DEB_PACKAGES := \
	build-essential meson ninja-build pkg-config \
	libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev \
	libsqlite3-dev libzstd-dev libnotify-dev libopencc-dev opencc \
	gettext xvfb xauth desktop-file-utils appstream \
	dbus dbus-x11 fonts-noto-cjk libglib2.0-bin libglib2.0-dev-bin \
	python3 sqlite3 adwaita-icon-theme librsvg2-common libxtst6 \
	dconf-gsettings-backend unicode-data poppler-utils chromium \
	glib-networking openssl postgresql libpq-dev nginx-light \
	dpkg-dev debhelper lintian adduser systemd x11-utils

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT  := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

ARGS ?=
TEST_ARGS ?=
XVFB := xvfb-run -a -s '-screen 0 1280x800x24'
# The sanitized build runs slower: give its tests more time.
ASAN_TEST_ARGS ?= --timeout-multiplier 4

DEMO_ENV := \
	GSETTINGS_SCHEMA_DIR=$(CURDIR)/$(BUILD_DIR)/resources \
	YICHUANG_LOCALEDIR=$(CURDIR)/$(BUILD_DIR)/po

.PHONY: all deps build build-asan demo run check deb clean

all: build

# Quick when nothing is missing: one dpkg-query, no apt-get.
deps:
	@missing=$$(dpkg-query -W -f='$${Package} $${db:Status-Abbrev}\n' $(DEB_PACKAGES) 2>/dev/null \
	    | awk '$$2 == "ii" { print $$1 }' | sort -u \
	    | comm -13 - <(printf '%s\n' $(DEB_PACKAGES) | sort -u) | tr '\n' ' '); \
	if [ -n "$${missing// /}" ]; then \
	  echo "Installing missing Debian packages: $$missing"; \
	  $(APT) update && $(APT) install -y --no-install-recommends $$missing; \
	fi

# werror is the project's default (meson.build), so warnings stop the build.
build:
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  rm -rf $(BUILD_DIR) && meson setup $(BUILD_DIR); \
	fi
	meson compile -C $(BUILD_DIR)

build-asan:
	@if [ ! -f $(ASAN_DIR)/build.ninja ]; then \
	  rm -rf $(ASAN_DIR) && meson setup $(ASAN_DIR) --buildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false; \
	fi
	meson compile -C $(ASAN_DIR)

demo: deps build
	$(DEMO_ENV) $(BUILD_DIR)/app/yichuang --demo $(ARGS)

# The desk from the build tree against a real server: make run ARGS='--server https://…'
run: deps build
	$(DEMO_ENV) $(BUILD_DIR)/app/yichuang $(ARGS)

# Runs both suites whatever happens to the first, prints the summary of both
# last, and fails when anything failed (a build that did not build counts too).
check: deps
	@rc=0; \
	rm -f $(BUILD_DIR)/meson-logs/testlog.json $(ASAN_DIR)/meson-logs/testlog.json; \
	echo "== $(BUILD_DIR): build and test"; \
	if $(MAKE) --no-print-directory build; then \
	  $(XVFB) dbus-run-session -- meson test -C $(BUILD_DIR) --print-errorlogs $(TEST_ARGS) || rc=1; \
	else rc=1; fi; \
	echo "== $(ASAN_DIR): build and test with AddressSanitizer + UndefinedBehaviorSanitizer"; \
	if $(MAKE) --no-print-directory build-asan; then \
	  $(XVFB) dbus-run-session -- meson test -C $(ASAN_DIR) --print-errorlogs $(ASAN_TEST_ARGS) $(TEST_ARGS) || rc=1; \
	else rc=1; fi; \
	echo "== summary"; \
	python3 tools/test-summary $(BUILD_DIR)/meson-logs/testlog.json $(ASAN_DIR)/meson-logs/testlog.json || rc=1; \
	exit $$rc

# The packages of debian/, built from the tree as it is (tools/make-deb).
deb: deps
	tools/make-deb $(DEB_DIR)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(DEB_DIR)
