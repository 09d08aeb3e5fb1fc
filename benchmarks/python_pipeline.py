#!/usr/bin/env python3
"""The reference a Python developer would write for plancov's job, for the benchmark.

neologdn for normalization, ahocorasick-rs with leftmost-longest matching for all catalog
names and aliases in one pass, rapidfuzz for a fuzzy pass over the items with no exact hit
(names of 8+ characters, partial_ratio_alignment >= 90 per line), a cell per municipality and
item, and a JSON report. It runs files on a process pool.

    python3 benchmarks/python_pipeline.py CATALOG.yaml OUT.json FILES... [--processes 2]
"""
import json
import sys
from multiprocessing import Pool

import ahocorasick_rs
import neologdn
import yaml
from rapidfuzz import fuzz

CATALOG = None
AUTOMATON = None
PATTERN_ITEM = []
FUZZY = []


def setup(catalog_path):
    global CATALOG, AUTOMATON, PATTERN_ITEM, FUZZY
    with open(catalog_path, encoding="utf-8") as f:
        CATALOG = yaml.safe_load(f)
    patterns = []
    for index, item in enumerate(CATALOG["items"]):
        for name in [item["name"]] + (item.get("aliases") or []):
            patterns.append(neologdn.normalize(name))
            PATTERN_ITEM.append(index)
    AUTOMATON = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    FUZZY = [(index, neologdn.normalize(item["name"])) for index, item in enumerate(CATALOG["items"])
             if len(item["name"]) >= 8]


def analyse(path):
    with open(path, encoding="utf-8") as f:
        lines = [neologdn.normalize(line) for line in f.read().split("\n")]
    found = {}
    for number, line in enumerate(lines, 1):
        for pattern, start, end in AUTOMATON.find_matches_as_indexes(line):
            found.setdefault(PATTERN_ITEM[pattern], []).append(
                {"line": number, "excerpt": line[max(0, start - 40):end + 40], "match": "exact", "score": 1.0})
    for index, name in FUZZY:
        if index in found:
            continue
        for number, line in enumerate(lines, 1):
            if len(line) < len(name) - 2:
                continue
            alignment = fuzz.partial_ratio_alignment(name, line, score_cutoff=90)
            if alignment is not None:
                found.setdefault(index, []).append(
                    {"line": number, "excerpt": line[max(0, alignment.dest_start - 40):alignment.dest_end + 40],
                     "match": "fuzzy", "score": alignment.score / 100})
    return path, found


def main():
    args = sys.argv[1:]
    processes = 2
    if "--processes" in args:
        at = args.index("--processes")
        processes = int(args[at + 1])
        del args[at:at + 2]
    catalog_path, out_path, files = args[0], args[1], args[2:]
    setup(catalog_path)
    with Pool(processes, initializer=setup, initargs=(catalog_path,)) as pool:
        results = pool.map(analyse, files, chunksize=16)
    items = CATALOG["items"]
    cells = []
    for path, found in sorted(results):
        for index, item in enumerate(items):
            evidence = [dict(e, document=path) for e in found.get(index, [])]
            cells.append({"municipality": path, "item": item["id"], "status": "mentioned" if evidence else "absent",
                          "evidence": evidence})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"schema": "python-reference", "cells": cells}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
