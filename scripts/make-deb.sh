#!/usr/bin/env bash
# Builds the Debian package of plancov from what scripts/make-dist.sh wrote in DIST (`make deb`):
# OUT/plancov_VERSION_ARCH.deb (OUT defaults to out).
#
# Version: the first line of `plancov --version` (Sources/plancov/Version.swift, the one place).
# Depends: the shared libraries the binary links, as dpkg-shlibdeps names their packages (the
# Swift runtime and Foundation are linked statically, so no Swift package is needed), and
# mupdf-tools for mutool, which plancov runs to read PDF plans (and to render pages for --ocr).
# Tesseract, for --ocr alone, is suggested.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-.build/dist}
out=${OUT:-out}
maintainer=${MAINTAINER:-plancov maintainers <maintainers@users.noreply.b-seed-6c2e676a.example>}

binary=$(readlink -f "$dist/bin/plancov")
[[ -x $binary ]] || { echo "make-deb: $dist/bin/plancov is missing: run make dist first" >&2; exit 1; }
version=$("$binary" --version | sed -n '1s/^plancov //p')
[[ $version =~ ^[0-9][0-9A-Za-z.+~-]*$ ]] || { echo "make-deb: no version in plancov --version: \"$version\"" >&2; exit 1; }
arch=$(dpkg --print-architecture)

# dpkg-shlibdeps wants a debian/control to read; it names the package of every library linked.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/debian"
printf 'Source: plancov\n\nPackage: plancov\nArchitecture: any\n' > "$scratch/debian/control"
shlibs=$(cd "$scratch" && dpkg-shlibdeps -O -e"$binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n $shlibs ]] || { echo "make-deb: dpkg-shlibdeps found no libraries for $binary" >&2; exit 1; }

tree=$scratch/plancov_${version}_$arch
DIST=$dist DESTDIR=$tree PREFIX=/usr ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions scripts/install.sh >/dev/null
# Debian's places: man pages compressed; one copyright file, plancov's licence and the notices.
gzip -9n "$tree/usr/share/man/man1/plancov.1"
doc=$tree/usr/share/doc/plancov
{ cat "$doc/LICENSE"; echo; cat "$doc/NOTICES"; } > "$doc/copyright"
rm "$doc/LICENSE" "$doc/NOTICES"
find "$tree" -type d -exec chmod 0755 {} +

mkdir -p "$tree/DEBIAN"
cat > "$tree/DEBIAN/control" <<EOF
Package: plancov
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk "$tree/usr" | cut -f1)
Depends: $shlibs, mupdf-tools
Suggests: tesseract-ocr, tesseract-ocr-jpn, tesseract-ocr-jpn-vert
Section: text
Priority: optional
Description: compare Japanese municipal DX plans against the national lists
 plancov reads municipal DX plans (自治体DX推進計画, デジタル化推進方針) in text,
 HTML, DOCX, ODT, XLSX or PDF, finds which of the 20 systems to standardize
 (標準化対象20業務) and which of the procedures to put online each plan names,
 and writes a coverage matrix across municipalities (JSON, CSV, Markdown, HTML,
 XLSX or a terminal table) with the evidence for every cell.
EOF
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$tree" "$out/plancov_${version}_$arch.deb" >&2
echo "$out/plancov_${version}_$arch.deb"
