#!/usr/bin/env bash
# Makes sure a Chromium for PDF printing is present: CHROME_PATH, or one in the usual places, or (as root
# on Debian/Ubuntu) Debian's chromium package installed now. npm cannot download a browser here.
set -euo pipefail
if [ -n "${CHROME_PATH:-}" ]; then
  [ -x "$CHROME_PATH" ] && exit 0
  echo "CHROME_PATH=$CHROME_PATH is not an executable" >&2
  exit 1
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
  [ -x "$candidate" ] && exit 0
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package) for PDF printing..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "Chromium is needed to print PDFs: install it (sudo apt-get install -y chromium) or set CHROME_PATH." >&2
exit 1
