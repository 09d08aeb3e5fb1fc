#!/usr/bin/env bash
# Renders the national HTML site (the 1,741-plan benchmark corpus of benchmarks/bench.py) in
# headless Chromium: the entry page with its map of the prefectures, a prefecture page, a page
# of municipality sections and the map of the 市区町村. Checks with --dump-dom that each holds
# what it should, and saves their screenshots for the README.
#
#   scripts/screenshot-site.sh                   # writes docs/site-*.png (shown in the README)
#   scripts/screenshot-site.sh /tmp/shots        # elsewhere
#   PLANCOV=.build/debug/plancov CORPUS=/tmp/nat scripts/screenshot-site.sh
#
# Needs chromium and fonts-noto-cjk (installed with apt-get when missing, as root); pngquant,
# when present, keeps the PNGs small. Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-docs}"
width=1280
height=1000

script=screenshot-site
. scripts/chromium-setup.sh

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
corpus="${CORPUS:-$tmp/corpus}"
python3 -c "import sys; sys.path.insert(0, 'benchmarks'); import bench; from pathlib import Path; bench.build_corpus(1741, Path(sys.argv[1]))" "$corpus"
"$plancov" compare "$corpus" --out "$tmp/report.html" 2>/dev/null || [ $? -eq 2 ]
site="$tmp/report"
chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --lang=ja
        --user-data-dir="$tmp/profile")
fail() { echo "screenshot-site: $*" >&2; exit 1; }

# The page of 埼玉県's municipalities that holds 朝霞市 (112275), as the prefecture page links to it.
municipality_page=$(grep -o '\.\./m/[^"#]*#m-112275' "$site/p/11.html" | head -1 | sed 's|^\.\./m/||; s|#.*||')
[ -n "$municipality_page" ] || fail "p/11.html does not link to 朝霞市's section"

# 1. Each page as the browser built it, after the script ran; then its checks.
dom() { "${chrome[@]}" --dump-dom "file://$1" 2>/dev/null; }
dom "$tmp/report.html" >"$tmp/entry.dom"
dom "$site/p/11.html" >"$tmp/prefecture.dom"
dom "$site/m/$municipality_page" >"$tmp/municipality.dom"
dom "$site/map.html" >"$tmp/map.dom"
python3 - "$tmp" <<'PY' || fail "a rendered page is not what it should be"
import re, sys
tmp = sys.argv[1]
read = lambda name: open(f"{tmp}/{name}.dom", encoding="utf-8").read()
entry, prefecture, municipality, japan = read("entry"), read("prefecture"), read("municipality"), read("map")
credit = "国土数値情報（行政区域データ）"
# The entry page: the 47 prefectures on the map, each linking to its page, and the credit.
links = set(re.findall(r'href="report/p/(\d\d)\.html"', entry))
assert len(links) == 47, f"entry page links to {len(links)} prefectures"
assert entry.count("<path") >= 47 and credit in entry, "entry page: no map or no credit"
assert "朝霞市" in entry and "さいたま市" in entry, "entry page: municipalities not named"
# The prefecture page: 埼玉県, its 63 municipalities with a plan, each linking to its section.
assert "<h1>埼玉県" in prefecture, "prefecture page: not 埼玉県's"
sections = set(re.findall(r'href="\.\./m/11(?:-\d+)?\.html#m-(\d{6})"', prefecture))
assert len(sections) == 63, f"prefecture page links to {len(sections)} municipality sections"
# The municipality section: 朝霞市 with the lists it is judged against and opened-able evidence.
start = municipality.index('<section id="m-112275"')
section = municipality[start:municipality.index("</section>", start)]
assert "朝霞市" in section and "判定日・一覧の版" in section, "朝霞市's section: no name or no lists"
assert section.count("<details") > 10 and "<blockquote" in section and "<mark>" in section, "朝霞市's section: no evidence"
# The map of the 市区町村: 1,741 shapes linking to their sections (and the six 北方領土 villages).
assert len(re.findall(r'<a [^>]*href="m/[^"]*#m-\d{6}"', japan)) == 1741, "map: not 1,741 links"
assert credit in japan, "map: no credit"
print("screenshot-site: entry (47 prefectures), 埼玉県 (63 sections), 朝霞市's section, map (1,741 links): as expected", file=sys.stderr)
PY

# 2. The screenshots.
mkdir -p "$out"
shoot() {
    "${chrome[@]}" --window-size="$width,$3" --screenshot="$tmp/shot.png" "file://$1" >/dev/null 2>&1
    size=$(stat -c %s "$tmp/shot.png")
    [ "$size" -gt 30000 ] || fail "the screenshot of $1 looks blank ($size bytes)"
    if command -v pngquant >/dev/null; then
        pngquant --quality=65-90 --speed 1 --force --output "$out/$2" "$tmp/shot.png"
    else
        cp "$tmp/shot.png" "$out/$2"
    fi
    echo "screenshot-site: wrote $out/$2 ($(stat -c %s "$out/$2") bytes)" >&2
}
shoot "$tmp/report.html" site-entry.png "$height"
shoot "$site/p/11.html" site-prefecture.png "$height"
shoot "$site/m/$municipality_page" site-municipality.png "$height"
shoot "$site/map.html" site-map.png 1100
