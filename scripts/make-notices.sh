#!/usr/bin/env bash
# Prints the licence notices that go with a plancov binary (doc/NOTICES of `make install`, part
# of the Debian package's copyright file): every licence text comes from the sources the binary
# was built from (SwiftPM's checkouts, the Swift toolchain, ICU's own file), except libyaml's,
# which Yams embeds without its licence file (scripts/notices/libyaml.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
checkouts=${CHECKOUTS:-.build/checkouts}
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v "$SWIFT")")")")

section() {   # title, licence file
    [[ -r $2 ]] || { echo "make-notices: $2 is missing (build plancov first; libicu-dev for ICU's)" >&2; exit 1; }
    printf '\n%s\n%s\n\n' "$1" "$(printf '%*s' "${#1}" '' | tr ' ' '-')"
    cat "$2"
}

cat <<'EOF'
plancov is MIT-licensed (see LICENSE). Its binary also contains the libraries below, each
under its own licence, reproduced here. It links at run time to the system's ICU, libxml2,
zlib and C and C++ runtime libraries (their licences come with them: on Debian, in
/usr/share/doc/PACKAGE/copyright). It reads PDF files by running mutool (mupdf-tools, AGPL)
and, with --ocr, tesseract (Apache License 2.0) as separate programs, never linked.
EOF
section "swift-argument-parser (Apache License 2.0 with Runtime Library Exception)" "$checkouts/swift-argument-parser/LICENSE.txt"
section "Yams (MIT)" "$checkouts/Yams/LICENSE"
section "libyaml, inside Yams (MIT)" scripts/notices/libyaml.txt
section "ZIPFoundation (MIT)" "$checkouts/ZIPFoundation/LICENSE"
section "The Swift standard library, runtime, Dispatch and Foundation, linked statically (Apache License 2.0 with Runtime Library Exception)" \
    "$toolchain/share/swift/LICENSE.txt"
icu=$(ls -d /usr/share/icu/*/LICENSE 2>/dev/null | sort -V | tail -1)
section "ICU, inside Foundation (_FoundationICU) (Unicode License)" "${icu:-/usr/share/icu/LICENSE}"
section "The register of local governments, built in (index.json of local-gov-code-jp, MIT; data: 総務省「全国地方公共団体コード」)" \
    Sources/Register/Resources/municipalities.LICENSE.txt
section "The maps, built in (デジタル庁 policy-dashboard-assets, from 国土数値情報（行政区域データ）, CC BY 4.0)" \
    Sources/JapanMap/Resources/SOURCE.md
