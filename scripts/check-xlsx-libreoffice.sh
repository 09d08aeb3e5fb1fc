#!/usr/bin/env bash
# Opens the workbook of the bundled corpus with LibreOffice (headless) and checks that what
# LibreOffice reads equals the JSON report: every cell of the 網羅状況 sheet, one 根拠 row per
# piece of evidence, one 未記載 row per missing item. A workbook LibreOffice had to repair
# or could not read fails the conversion.
#
#   scripts/check-xlsx-libreoffice.sh
#   PLANCOV=.build/debug/plancov scripts/check-xlsx-libreoffice.sh
#
# Needs soffice (apt-get install -y libreoffice-calc-nogui). The Swift test
# ReportFormatsTests.libreOfficeReadsTheWorkbookAsTheJSONSays does the matrix part when soffice
# is installed and is skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "check-xlsx: needs soffice (apt-get install -y libreoffice-calc-nogui)" >&2; exit 1; }

plancov="${PLANCOV:-}"
if [ -z "$plancov" ]; then
    swift build -c release >&2
    plancov="$(swift build -c release --show-bin-path)/plancov"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$plancov" compare corpus --out "$tmp/coverage.json" --out "$tmp/coverage.xlsx" 2>/dev/null
# Every sheet to its own UTF-8 CSV (the last token, -1, asks for all sheets).
soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    --outdir "$tmp" "$tmp/coverage.xlsx" >/dev/null 2>&1
python3 - "$tmp" <<'PY'
import csv, json, os, sys
tmp = sys.argv[1]
report = json.load(open(os.path.join(tmp, "coverage.json"), encoding="utf-8"))
words = {"● 掲載": "listed", "○ 言及": "mentioned", "△ 一括言及": "group", "- 記載なし": "absent", "未 計画時点で対象外": "not-in-force"}

def sheet(name):
    path = os.path.join(tmp, f"coverage-{name}.csv")
    if not os.path.exists(path):
        sys.exit(f"check-xlsx: LibreOffice did not produce the sheet {name}")
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))

rows = sheet("網羅状況")
codes = [h.splitlines()[-1] for h in rows[0][4:]]
found = {(code, row[2]): words.get(value, value) for row in rows[1:] for code, value in zip(codes, row[4:])}
expected = {(c["municipality"], c["item"]): c["status"] for c in report["cells"]}
if found != expected:
    diff = sorted(k for k in expected if found.get(k) != expected[k])[:10]
    sys.exit(f"check-xlsx: 網羅状況 differs from the JSON at {diff}")
evidence = sum(len(c["evidence"]) for c in report["cells"])
missing = sum(c["status"] in ("absent", "group") for c in report["cells"])
if len(sheet("根拠")) - 1 != evidence:
    sys.exit(f"check-xlsx: 根拠 has {len(sheet('根拠')) - 1} rows, the JSON {evidence} pieces of evidence")
if len(sheet("未記載")) - 1 != missing:
    sys.exit(f"check-xlsx: 未記載 has {len(sheet('未記載')) - 1} rows, the JSON {missing} missing items")
print(f"check-xlsx: LibreOffice reads {len(expected)} cells, {evidence} pieces of evidence and {missing} missing items, as the JSON says")
PY
