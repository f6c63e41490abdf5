#!/bin/sh
# Make sure the Nu HTML Checker can be installed and run: npm installs vnu.jar
# (tests/tools/), a Java runtime runs it (tests/built_site/test_html_valid.py).
# vnu-jar's own install script would download a JDK; `make test-tools` skips it and uses the system's.
# On Debian, as root, missing packages are installed; otherwise this says what to install.
set -eu
java="${JAVA:-java}"
missing=""
command -v "$java" >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -z "$missing" ]; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && { [ "$java" = java ] || command -v "$java" >/dev/null 2>&1; }; then
    echo "For the HTML checker: installing Debian's$missing..."
    apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    command -v "$java" >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && exit 0
fi
cat >&2 <<MSG
error: the HTML validity test needs npm (to install vnu.jar) and Java 11 or newer
(to run it); missing:$missing.
  On Debian or Ubuntu:  sudo apt-get install$missing
  Elsewhere: install Node.js with npm and a Java runtime (or run  make test JAVA=/path/to/java)
MSG
exit 1
