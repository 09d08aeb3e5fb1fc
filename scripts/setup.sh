#!/usr/bin/env bash
# Installs the Debian packages plancov builds and runs with, when they are missing:
#   libicu-dev   ICU: charset detection, normalization, transliteration
#   libxml2-dev  libxml2: HTML and XML parsing and writing
#   zlib1g-dev   zlib: inflating DOCX, ODT and XLSX entries (and ZIPFoundation's XLSX writer)
#   pkg-config   how SwiftPM finds libxml2's headers
#   mupdf-tools  mutool, which reads PDF plans (structured text: blocks, lines, boxes)
#   poppler-utils pdftotext, the reference `make bench` times mutool against (and tests compare with)
#   tesseract-ocr, tesseract-ocr-jpn, tesseract-ocr-jpn-vert  Tesseract and its Japanese data
#                (horizontal and vertical), which `--ocr` reads scanned PDF pages with
#   util-linux   prlimit, which caps the memory of mutool and Tesseract under `--ocr`
# and any packages named as arguments (`make deb` asks for dpkg-dev, for dpkg-shlibdeps).
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

packages=(libicu-dev libxml2-dev zlib1g-dev pkg-config mupdf-tools poppler-utils
          tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert util-linux "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
    apt_get=(sudo apt-get)
else
    echo "setup: ${missing[*]} missing and not root; run: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
