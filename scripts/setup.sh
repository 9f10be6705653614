#!/usr/bin/env bash
# Set up polyglot-docs on a fresh Debian/Ubuntu machine: system packages, then the package.
#   scripts/setup.sh          the tool
#   scripts/setup.sh --test   the tool and what its tests need
set -euo pipefail
cd "$(dirname "$0")/.."

# GNU gettext (msgcat, msgfmt: the tests' oracle) and libunistring (line breaking as gettext does it);
# Pango and HarfBuzz subsetting for WeasyPrint (reproducible PDFs); Noto fonts for Latin, all five
# Cyrillic alphabets and Armenian; poppler-utils (pdftotext, pdffonts, pdftoppm) to inspect PDFs.
# Pango, HarfBuzz and the fonts come from the distribution's packages, not from pip, so constraints.txt
# cannot pin them: it records the Debian 12 versions the PDFs are reproducible with (Pango 1.50.12,
# HarfBuzz 6.0.0, fonts-noto-core 20201225). Another release of them may change the PDFs' bytes.
packages=(gettext libunistring-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core
          poppler-utils)
[ "${1:-}" = --test ] && ! command -v java >/dev/null && packages+=(default-jre-headless)
[ "${1:-}" = --test ] && ! command -v npm >/dev/null && packages+=(npm)
# Headless Chromium lays out the HTML editions in the browser tests.
[ "${1:-}" = --test ] && ! command -v chromium-headless-shell >/dev/null && ! command -v chromium >/dev/null &&
  packages+=(chromium-headless-shell)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})) && command -v apt-get >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# constraints.txt pins the Python side of the PDF stack (WeasyPrint, pydyf, fontTools, ...) to exact versions.
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -c constraints.txt \
  -e ".$([ "${1:-}" = --test ] && echo "[test]")"

if [ "${1:-}" = --test ]; then
  # The Nu HTML Checker (vnu.jar) for the HTML validity tests, kept out of git in .tools/.
  [ -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ] ||
    npm install --silent --no-audit --no-fund --prefix .tools vnu-jar >/dev/null
  # axe-core, the accessibility engine the browser tests inject into headless Chromium (tests/test_oracles.py).
  [ -f .tools/node_modules/axe-core/axe.min.js ] ||
    npm install --silent --no-audit --no-fund --prefix .tools axe-core >/dev/null
fi
