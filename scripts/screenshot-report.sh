#!/usr/bin/env bash
# Renders the HTML report of the bundled corpus in headless Chromium with one evidence cell
# opened (report.html?open=<id of the cell's <details>>), checks with --dump-dom that the
# rendered page holds the matrix and that opened evidence, and saves a screenshot.
#
#   scripts/screenshot-report.sh                 # writes docs/report.png (shown in the README)
#   scripts/screenshot-report.sh /tmp/shot.png
#   CELL=e-112275-system.child-allowance scripts/screenshot-report.sh /tmp/shot.png
#   PLANCOV=.build/debug/plancov scripts/screenshot-report.sh   # use an existing binary
#
# Needs chromium and fonts-noto-cjk (installed with apt-get when missing, as root); pngquant,
# when present, keeps the PNG small. Exits non-zero when a check fails.
#
# Pick a cell that is visible without scrolling: Chromium's headless --screenshot paints a
# blank page when the report's script scrolls to the opened cell (seen with Chromium 156).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-docs/report.png}"
cell="${CELL:-e-112305-system.resident-register}"
width=1280
height=1250

script=screenshot-report
. scripts/chromium-setup.sh

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$plancov" compare corpus --out "$tmp/report.html" 2>/dev/null
url="file://$tmp/report.html?open=$cell"
chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --lang=ja
        --user-data-dir="$tmp/profile")

# 1. The page as the browser built it, after the inline script ran.
"${chrome[@]}" --dump-dom "$url" >"$tmp/dom.html" 2>/dev/null
fail() { echo "screenshot-report: $*" >&2; exit 1; }
grep -q '<table class="matrix">' "$tmp/dom.html" || fail "no matrix in the rendered page"
rows=$(grep -o '<tr data-item="' "$tmp/dom.html" | wc -l)
[ "$rows" -gt 0 ] || fail "the matrix has no item rows"
grep -q "<details id=\"$cell\" open=\"\">" "$tmp/dom.html" || fail "evidence $cell was not opened"
python3 - "$tmp/dom.html" "$cell" <<'PY' || fail "the opened evidence has no excerpt with a <mark>"
import re, sys
dom, cell = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
start = dom.index(f'<details id="{cell}" open="">')
block = dom[start:dom.index("</details>", start)]
assert "<blockquote" in block and "<mark>" in block and "章節" in block, block[:300]
PY
grep -q '<form id="controls">' "$tmp/dom.html" || fail "the filters were not shown (did the script run?)"
echo "screenshot-report: rendered page has the matrix ($rows items) and opened evidence $cell" >&2

# 2. The screenshot.
"${chrome[@]}" --window-size="$width,$height" --screenshot="$tmp/shot.png" "$url" >/dev/null 2>&1
size=$(stat -c %s "$tmp/shot.png")
[ "$size" -gt 30000 ] || fail "the screenshot looks blank ($size bytes)"
mkdir -p "$(dirname "$out")"
if command -v pngquant >/dev/null; then
    pngquant --quality=65-90 --speed 1 --force --output "$out" "$tmp/shot.png"
else
    cp "$tmp/shot.png" "$out"
fi
echo "screenshot-report: wrote $out ($(stat -c %s "$out") bytes)" >&2
