#!/usr/bin/env bash
# Installs the Debian tools the test suite and the benchmark call (PDF checkers, the reference OCR
# tool, SANE's test scanner, tmux for the agent's terminal session test, the browser for UI tests)
# when they are missing. Needs root (CI and the project's machines run as root); otherwise prints
# the apt-get line to run.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have qpdf || need+=(qpdf)
have pdftotext || need+=(poppler-utils)
python3 -c 'import pikepdf' >/dev/null 2>&1 || /usr/bin/python3 -c 'import pikepdf' >/dev/null 2>&1 || need+=(python3-pikepdf)
# The e2e tier drives Debian's Chromium through playwright-core (review-ui/e2e/stack.ts).
have chromium || need+=(chromium)
# The scanner agent's SANE tests drive scanimage's test backend (scanner-agent/sane.int.test.ts).
have scanimage || need+=(sane-utils)
# The operator's terminal session is driven in a real terminal (scanner-agent/session.int.test.ts).
have tmux || need+=(tmux)
# The catalogue's AIP tests check every XML file against the repository's XSD profiles (api/services/export/schemas).
have xmllint || need+=(libxml2-utils)
if [ "${SOHOA_BENCH_TOOLS:-1}" = "1" ]; then
  have ocrmypdf || need+=(ocrmypdf)
  [ -e /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || need+=(tesseract-ocr-vie tesseract-ocr-eng)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "[sohoa] cài gói Debian còn thiếu / installing missing Debian packages: ${need[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "[sohoa] cần quyền root / needs root: sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
