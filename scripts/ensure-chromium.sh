#!/bin/sh
# Make sure the Chromium used by the browser tests exists.
# Playwright cannot download its own browsers on every machine, so the tests use a system build.
set -eu
chromium="${1:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
    exit 0
fi
if [ "$chromium" = /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Chromium is missing: installing Debian's chromium package..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [ -x "$chromium" ] && exit 0
fi
cat >&2 <<MSG
error: the browser tests need Chromium at $chromium, and it is not there.
  On Debian or Ubuntu:  sudo apt-get install chromium
  Elsewhere: install Chromium and run  make test CHROMIUM=/path/to/chromium
MSG
exit 1
