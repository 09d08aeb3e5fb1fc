# Sourced by the screenshot scripts: chromium and fonts-noto-cjk installed when missing (as
# root), and `plancov` set to the binary to run (PLANCOV, else a release build). The caller
# sets `script` to its name for messages.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y chromium fonts-noto-cjk pngquant >/dev/null
    else
        echo "$script: needs chromium and fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk)" >&2
        exit 1
    fi
fi

plancov="${PLANCOV:-}"
if [ -z "$plancov" ]; then
    swift build -c release >&2
    plancov="$(swift build -c release --show-bin-path)/plancov"
fi
