#!/usr/bin/env bash
# Installs what scripts/make-dist.sh wrote in DIST, or removes it with --uninstall: used by
# `make install`, `make uninstall` and `make deb` (which installs into its package tree).
#
#   PREFIX              default /usr/local
#   DESTDIR             prepended to every path (staged installs, packages); default none
#   DIST                default .build/dist
#   ZSH_COMPLETION_DIR  default PREFIX/share/zsh/site-functions (Debian packages use
#                       /usr/share/zsh/vendor-completions)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
destdir=${DESTDIR:-}
dist=${DIST:-.build/dist}
zsh_dir=${ZSH_COMPLETION_DIR:-$prefix/share/zsh/site-functions}

# What goes where: file in DIST, installed path, mode. The one list both directions read.
files=(
    "bin/plancov"                "$prefix/bin/plancov"                                0755
    "man/plancov.1"              "$prefix/share/man/man1/plancov.1"                   0644
    "completions/plancov.bash"   "$prefix/share/bash-completion/completions/plancov"  0644
    "completions/_plancov"       "$zsh_dir/_plancov"                                  0644
    "completions/plancov.fish"   "$prefix/share/fish/vendor_completions.d/plancov.fish" 0644
    "doc/LICENSE"                "$prefix/share/doc/plancov/LICENSE"                  0644
    "doc/NOTICES"                "$prefix/share/doc/plancov/NOTICES"                  0644
)

if [[ ${1:-} == --uninstall ]]; then
    for ((i = 0; i < ${#files[@]}; i += 3)); do
        target=$destdir${files[i + 1]}
        if [[ -e $target || -L $target ]]; then rm -f -- "$target" && echo "removed $target"; fi
    done
    rmdir -- "$destdir$prefix/share/doc/plancov" 2>/dev/null || true
    exit 0
fi

for ((i = 0; i < ${#files[@]}; i += 3)); do
    [[ -f $dist/${files[i]} ]] || { echo "install: $dist/${files[i]} is missing: run make dist first" >&2; exit 1; }
done
for ((i = 0; i < ${#files[@]}; i += 3)); do
    install -D -m "${files[i + 2]}" -- "$dist/${files[i]}" "$destdir${files[i + 1]}"
    echo "installed $destdir${files[i + 1]}"
done
