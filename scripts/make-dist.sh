#!/usr/bin/env bash
# Writes what an installed plancov consists of into DIST (default .build/dist), all of it made
# from the release binary that `make build` leaves, for scripts/install.sh and make-deb.sh:
#
#   bin/plancov                  the binary (its data files are built in: it needs nothing else)
#   man/plancov.1                the man page, from the command definitions
#   completions/plancov.bash, completions/_plancov, completions/plancov.fish
#   doc/LICENSE, doc/NOTICES     plancov's licence; the licences of what is linked into it
#
# The man page is swift-argument-parser's generate-manual run over `plancov
# --experimental-dump-help`. That tool (1.8.2) drops every character outside ASCII, and half of
# plancov's help is Japanese; so it reads the help through a stand-in that writes each such
# character as @U+XXXX@, and the page is spelled back in UTF-8 afterwards (man-db and mandoc
# both read UTF-8 pages); the blank lines it leaves between paragraphs become .Pp.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
dist=${1:-${DIST:-.build/dist}}

"$SWIFT" build -c release --static-swift-stdlib --product generate-manual >&2
bin=$("$SWIFT" build -c release --show-bin-path)
plancov=$bin/plancov
[[ -x $plancov ]] || { echo "make-dist: $plancov is missing: run make build first" >&2; exit 1; }
version=$("$plancov" --version | sed -n '1s/^plancov //p')

rm -rf "$dist"
mkdir -p "$dist/bin" "$dist/man" "$dist/completions" "$dist/doc"
# Stripped, as installed programs are (82 → 61 MB; the symbols only name frames in a crash report).
install -s -m 0755 "$plancov" "$dist/bin/plancov"

# The man page. Its date is the last commit's (the same page for the same sources), or today's
# outside git.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
date=$(git log -1 --format=%cs 2>/dev/null || date +%F)
printf '#!/usr/bin/env bash\n%q --experimental-dump-help | perl -CS -pe '\''s/([^\\x00-\\x7F])/sprintf("\\@U+%%X\\@", ord $1)/ge'\''\n' \
    "$(cd "$dist/bin" && pwd)/plancov" > "$scratch/plancov"
chmod +x "$scratch/plancov"
"$bin/generate-manual" "$scratch/plancov" --output-directory "$scratch" --date "$date" >&2
perl -CSD -pe 's/\@U\+([0-9A-F]+)\@/chr(hex($1))/ge; s/^$/.Pp/; s/^\.Os$/.Os "plancov '"$version"'"/' \
    "$scratch/plancov.1" > "$dist/man/plancov.1"
if grep -q '@U+' "$dist/man/plancov.1" || ! grep -q '標準化対象20業務' "$dist/man/plancov.1"; then
    echo "make-dist: the man page lost its Japanese text (generate-manual changed?): $dist/man/plancov.1" >&2
    exit 1
fi

"$dist/bin/plancov" --generate-completion-script bash > "$dist/completions/plancov.bash"
"$dist/bin/plancov" --generate-completion-script zsh > "$dist/completions/_plancov"
"$dist/bin/plancov" --generate-completion-script fish > "$dist/completions/plancov.fish"
bash -n "$dist/completions/plancov.bash"

install -m 0644 LICENSE "$dist/doc/LICENSE"
scripts/make-notices.sh > "$dist/doc/NOTICES"
echo "make-dist: plancov $version in $dist" >&2
