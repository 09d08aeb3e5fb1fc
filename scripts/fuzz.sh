#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of Fuzz/ (issue 8). Used by `make fuzz` and .ci/run.
#
#   scripts/fuzz.sh build                 # build every target into .build-fuzz/
#   scripts/fuzz.sh run [TARGET…]         # build, then run each for FUZZ_SECONDS (default 60)
#
# How it builds (TRAPS.md 8): the libraries are compiled by SwiftPM with coverage
# instrumentation and AddressSanitizer, into their own scratch path so that `swift build`
# and `swift test` never see them; each harness is then compiled and linked by swiftc with
# -sanitize=fuzzer,address against those objects (linking through SwiftPM renames the entry
# point and trips ld.gold over debug info, so it is done here with lld and no debug info).
#
# Exit status: 0 when no target crashed, leaked or ran one input past 30 s; 1 when one did (the input is saved as
# .build-fuzz/crash-*; reproduce with `.build-fuzz/fuzz-TARGET FILE`). A fuzz run that merely
# ends its time budget is a success.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=.build-fuzz
TARGETS=(decode normalize outline html docx odt xlsx catalog)
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
SWIFT=${SWIFT:-swift}

build() {
    "$SWIFT" build --scratch-path "$SCRATCH" -c release --target Compare \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -gnone -Xcc -fsanitize=fuzzer-no-link,address >&2
    local bin="$SCRATCH/release"
    local objects=("$bin"/Ingest.build/*.o "$bin"/Normalize.build/*.o "$bin"/Compare.build/*.o
                   "$bin"/CICU.build/*.o "$bin"/CSystem.build/*.o "$bin"/CVector.build/*.o "$bin"/CResources.build/*.o "$bin"/Yams.build/*.o "$bin"/ZIPFoundation.build/*.o)
    mapfile -t cyaml < <(find "$bin/CYaml.build" -name '*.o')
    for target in "${TARGETS[@]}"; do
        local source=$target define=()
        case $target in
            html|docx|odt|xlsx) source=extract; define=(-D "FUZZ_${target^^}") ;;
        esac
        local output="$SCRATCH/fuzz-$target"
        # Relinked when the harness or any library object is newer (a module's .swiftmodule
        # keeps its old time when only function bodies change).
        if [[ -x $output && $output -nt Fuzz/$source.swift && $output -nt Fuzz/FuzzSupport.swift ]] \
            && [[ -z $(find "${objects[@]}" "${cyaml[@]}" -newer "$output" -print -quit) ]]; then
            continue
        fi
        echo "fuzz: linking $output" >&2
        swiftc -O -gnone -sanitize=fuzzer,address -parse-as-library -use-ld=lld "${define[@]}" \
            -module-name "Fuzz_$target" -I "$bin/Modules" -I "$bin" \
            -Xcc -I -Xcc Sources/CICU/include -Xcc -I -Xcc Sources/CSystem/include -Xcc -I -Xcc Sources/CVector/include -Xcc -I -Xcc Sources/CResources/include \
            -Xcc -I -Xcc Sources/CLibXML2 -Xcc -I -Xcc /usr/include/libxml2 \
            -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap \
            -Xcc -fmodule-map-file="$bin/CICU.build/module.modulemap" \
            -Xcc -fmodule-map-file="$bin/CSystem.build/module.modulemap" \
            -Xcc -fmodule-map-file="$bin/CVector.build/module.modulemap" \
            -Xcc -fmodule-map-file="$bin/CResources.build/module.modulemap" \
            -Xcc -fmodule-map-file="$SCRATCH/checkouts/Yams/Sources/CYaml/include/module.modulemap" \
            -Xcc -fmodule-map-file="$SCRATCH/checkouts/ZIPFoundation/Sources/CZLib/module.modulemap" \
            -Xcc -fmodule-map-file=Sources/CInflate/module.modulemap \
            "Fuzz/$source.swift" Fuzz/FuzzSupport.swift "${objects[@]}" "${cyaml[@]}" \
            -lxml2 -licui18n -licuuc -licudata -lz -o "$output"
    done
}

run() {
    build
    local selected=("$@")
    [[ ${#selected[@]} -gt 0 ]] || selected=("${TARGETS[@]}")
    local failed=()
    for target in "${selected[@]}"; do
        # New inputs go to the scratch corpus; the committed seeds in Fuzz/corpus are only read.
        mkdir -p "$SCRATCH/corpus/$target"
        echo "fuzz: $target for ${FUZZ_SECONDS}s" >&2
        if ! "$SCRATCH/fuzz-$target" -max_total_time="$FUZZ_SECONDS" -timeout=30 -rss_limit_mb=4096 \
                -max_len=262144 -print_final_stats=1 -artifact_prefix="$SCRATCH/crash-$target-" \
                "$SCRATCH/corpus/$target" "Fuzz/corpus/$target" 2> "$SCRATCH/fuzz-$target.log"; then
            failed+=("$target")
            tail -40 "$SCRATCH/fuzz-$target.log" >&2
        fi
        grep -E '^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb' "$SCRATCH/fuzz-$target.log" | sed "s/^/fuzz: $target: /" >&2 || true
    done
    if [[ ${#failed[@]} -gt 0 ]]; then
        echo "fuzz: FAILED: ${failed[*]} (inputs in $SCRATCH/crash-*)" >&2
        return 1
    fi
    echo "fuzz: no crash in ${selected[*]}" >&2
}

case ${1:-run} in
    build) build ;;
    run) shift || true; run "$@" ;;
    *) echo "usage: $0 build | run [TARGET…]" >&2; exit 2 ;;
esac
