#!/usr/bin/env bash
# `make check-install`: installs what `make dist` made into a fresh PREFIX and checks it as a
# user of the installed command would, with nothing of the checkout in reach:
#   - the installed binary, run from a folder of its own (as nobody when run as root, through
#     setpriv: nobody cannot enter a checkout in /root), writes the corpus report, and that
#     report is byte for byte the build tree's;
#   - `man -l` renders the man page, Japanese included, without an error;
#   - the bash, zsh and fish completions are where the shells look, and bash reads its own;
#   - `make uninstall` removes every file it installed;
#   - `make deb`'s package (OUT/plancov_VERSION_ARCH.deb) names mupdf-tools (mutool, the PDF reader) in Depends, and
#     its binary, unpacked alone, runs the same way.
# Exit 0 when all hold; the first failure is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-.build/dist}
out=${OUT:-out}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
chmod 0755 "$scratch"
fail() { echo "check-install: FAILED: $*" >&2; exit 1; }

# Runs a command as nobody when we are root (and setpriv is there), else as ourselves.
as_user() {
    if [[ $(id -u) -eq 0 ]] && command -v setpriv >/dev/null; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}

# The corpus and a place to write the report, both readable and writable by that user.
work=$scratch/work
mkdir -p "$work"
cp -R corpus "$work/corpus"
chmod -R a+rwX "$work"
"$dist/bin/plancov" compare corpus --out "$scratch/expected.json" --out "$scratch/expected.csv" --out "$scratch/expected.md" 2>/dev/null \
    || fail "the built binary cannot compare the corpus"

check_binary() {   # an installed plancov, by its path
    local binary=$1 name=$2
    (cd "$work" && as_user "$binary" --version) | head -1 | grep -qx "plancov [0-9][0-9.]*" || fail "$name: --version"
    rm -f "$work"/report.*
    (cd "$work" && as_user "$binary" compare corpus --out report.json --out report.csv --out report.md 2>"$scratch/stderr") \
        || fail "$name: compare corpus: $(cat "$scratch/stderr")"
    for format in json csv md; do
        cmp -s "$scratch/expected.$format" "$work/report.$format" || fail "$name: its $format report differs from the build tree's"
    done
    echo "check-install: $name compares the corpus as the build tree does" >&2
}

prefix=$scratch/prefix
PREFIX=$prefix DIST=$dist scripts/install.sh >/dev/null
check_binary "$prefix/bin/plancov" "installed binary"
LC_ALL=C.UTF-8 man -l "$prefix/share/man/man1/plancov.1" 2>"$scratch/man-errors" > "$scratch/man.txt" || fail "man -l: $(cat "$scratch/man-errors")"
! grep -iv "warning" "$scratch/man-errors" | grep -q . || fail "man -l: $(cat "$scratch/man-errors")"
grep -q "標準化対象20業務" "$scratch/man.txt" || fail "the rendered man page lost its Japanese"
for subcommand in compare missing show catalog; do grep -q "^ *$subcommand\b" "$scratch/man.txt" || fail "man page: no $subcommand"; done
for file in share/bash-completion/completions/plancov share/zsh/site-functions/_plancov share/fish/vendor_completions.d/plancov.fish; do
    [[ -s $prefix/$file ]] || fail "no $file"
done
bash -c "source '$prefix/share/bash-completion/completions/plancov' && complete -p plancov" >/dev/null || fail "bash does not load the completions"
echo "check-install: man page and completions in place" >&2
PREFIX=$prefix scripts/install.sh --uninstall >/dev/null
left=$(find "$prefix" -type f)
[[ -z $left ]] || fail "make uninstall left $left"

version=$("$dist/bin/plancov" --version | sed -n '1s/^plancov //p')
deb=$out/plancov_${version}_$(dpkg --print-architecture).deb
[[ -f $deb ]] || fail "no $deb (make deb)"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "$deb: Version is not $version"
dpkg-deb -f "$deb" Depends | grep -qw mupdf-tools || fail "$deb: Depends does not name mupdf-tools"
dpkg-deb -x "$deb" "$scratch/deb"
check_binary "$scratch/deb/usr/bin/plancov" "$(basename "$deb")"
echo "check-install: all good" >&2
