#!/usr/bin/env python3
"""plancov benchmark: the national-scale corpus end to end.

Builds a corpus of N files (default 1,741, one per municipality of Japan) by repeating the
five bundled plans under the real codes of the register (`<code>.txt`, in code order), runs the release build of
`plancov compare --format json` on it several times, and prints the median wall time,
throughput and peak RSS, the references (grep, a Python pipeline) and the scaling. Runs that
are compared with each other are timed in interleaved rounds. Figures go to stdout; nothing
is asserted but the report's rows.

    python3 benchmarks/bench.py [--files 1741] [--runs 5] [--jobs N]

Run `make bench` to build first.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

root = Path(__file__).resolve().parent.parent


NORTHERN_TERRITORIES = {"016951", "016969", "016977", "016985", "016993", "017001"}


def municipality_codes():
    """The 1,741 市区町村 of the register plancov ships, by code (the six 北方領土 villages aside)."""
    import json
    rows = json.loads((root / "Sources" / "Register" / "Resources" / "municipalities.json").read_text(encoding="utf-8"))
    return sorted(r["code"] for r in rows if r["type"] == "city" and r["code"] not in NORTHERN_TERRITORIES)


def build_corpus(count, target):
    """`count` files named `<code>.txt` (`<code>-<n>.txt` past 1,741), file i a copy of bundled
    plan i mod 5; `.plans.json` (hidden, so plancov skips it) says which plan each copies."""
    import json
    plans = sorted((root / "corpus" / "plans").glob("*.txt"))
    marker = target / f".complete-{count}-v2"
    if marker.exists():
        return
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    texts = [p.read_bytes() for p in plans]
    codes = municipality_codes()
    copies = {}
    for i in range(count):
        code = codes[i % len(codes)]
        name = code if i < len(codes) else f"{code}-{i // len(codes)}"
        (target / f"{name}.txt").write_bytes(texts[i % len(texts)])
        copies[name] = plans[i % len(plans)].stem.split("_")[0]
    (target / ".plans.json").write_text(json.dumps(copies), encoding="utf-8")
    marker.touch()


def run_once(binary, corpus, out, jobs, extra=(), replace=False):
    """One timed run. The report goes to a new file unless `replace`: the previous one is
    deleted before the clock starts, because replacing a 43 MB report makes the file system
    free the old one, inside plancov's rename and then, with its blocks discarded when the
    journal commits, during the run (4–95 ms more in the runs of 2026-11-24: ext4 mounted with
    `discard`).
    That cost belongs to the file system and its options; `replace` runs measure it apart."""
    args = [str(binary), "compare", str(corpus), "--format", "json", "--out", str(out)] + list(extra)
    if jobs:
        args += ["--jobs", str(jobs)]
    if not replace:
        out.unlink(missing_ok=True)
    # Every run starts with the file system idle: the blocks of a deleted report are freed (and
    # discarded) when the journal commits, and the last report's pages are written back, now
    # rather than during the run.
    os.sync()
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr)
        # wait4 gives this child's own peak RSS.
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        run_once.stderr = stderr.read().decode()
    if child.returncode != 0:
        sys.exit(f"plancov failed ({child.returncode}): {run_once.stderr}")
    run_once.peak_kib = usage.ru_maxrss
    return elapsed


def scaled_catalog(factor, target):
    """The bundled catalog with every item repeated `factor` times under other names."""
    import yaml
    catalog = yaml.safe_load((root / "Sources" / "Compare" / "Resources" / "catalog.yaml").read_text(encoding="utf-8"))
    items = []
    for copy in range(factor):
        for item in catalog["items"]:
            if copy == 0:
                items.append(item)
                continue
            items.append({**item, "id": f"{item['id']}.x{copy}", "name": f"{item['name']}（試行{copy}）",
                          "aliases": [f"{a}（試行{copy}）" for a in item.get("aliases") or []]})
    catalog["items"] = items
    target.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    return target


def rows_differing(binary, corpus, report):
    """Codes of the scaled corpus whose cells (status and evidence, document paths aside)
    differ from those of the plan their file copies, in the report of the five plans alone."""
    import json
    five = root / ".build" / "bench-five.json"
    subprocess.run([str(binary), "compare", str(root / "corpus"), "--format", "json", "--out", str(five)],
                   check=True, stderr=subprocess.DEVNULL)

    def rows(path):
        by_code = {}
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            evidence = [{k: v for k, v in e.items() if k != "document"} for e in cell["evidence"]]
            by_code.setdefault(cell["municipality"], []).append((cell["item"], cell["status"], evidence))
        return by_code

    reference, scaled = rows(five), rows(report)
    copies = json.loads((corpus / ".plans.json").read_text(encoding="utf-8"))
    return sorted(name for name, plan in copies.items() if "-" not in name and scaled.get(name) != reference[plan])


def distinct_copies(source, folder, count=100):
    """`count` copies of a PDF, each with a comment of its own after %%EOF: distinct files (and
    cache entries) with the same pages, so every one is extracted in full."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    data = source.read_bytes()
    for i in range(count):
        code5 = f"{30000 + i:05d}"
        (folder / f"{code5}{check_digit(code5)}_plan.pdf").write_bytes(data + f"\n% copy {i}\n".encode())
    return sorted(folder.glob("*.pdf"))


def pdf_bench(binary, jobs, runs):
    """100 distinct 24-page PDFs: plancov's first run (empty cache) and its cached re-run against
    `pdftotext -layout` on 2 processes over the same files, in rounds. Two sets: Noto Sans CJK
    (CFF outlines: what LibreOffice and many Word installations embed) and VL Gothic (TrueType)."""
    from concurrent.futures import ThreadPoolExecutor
    work = root / ".build" / "bench-pdf"
    work.mkdir(parents=True, exist_ok=True)
    formats = root / "Tests" / "Fixtures" / "formats"
    truetype = work / "vlgothic-24-pages.pdf"
    subprocess.run(["mutool", "merge", "-o", str(truetype), str(formats / "112275_asaka.pdf"), str(formats / "012165_ashibetsu.pdf"),
                    str(formats / "112275_asaka.pdf"), "1-2"], check=True, stderr=subprocess.DEVNULL)
    for label, source in [("Noto Sans CJK", root / "Tests" / "Fixtures" / "pdf" / "bench-24-pages.pdf"), ("VL Gothic", truetype)]:
        folder = work / label.replace(" ", "-")
        files = distinct_copies(source, folder)
        cache = work / "cache"
        out = work / "report.json"

        def pdftotext():
            os.sync()
            start = time.perf_counter()
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda f: subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(f), "/dev/null"], check=True), files))
            return time.perf_counter() - start

        def first():
            shutil.rmtree(cache, ignore_errors=True)
            elapsed = run_once(binary, folder, out, jobs, ["--cache-dir", str(cache)])
            first.report = out.read_bytes()
            return elapsed

        def cached():
            elapsed = run_once(binary, folder, out, jobs, ["--cache-dir", str(cache)])
            cached.identical = out.read_bytes() == first.report
            return elapsed

        pdftotext(); first(); cached()
        rounds = [(pdftotext(), first(), cached()) for _ in range(runs)]
        reference = statistics.median(r[0] for r in rounds)
        first_median = statistics.median(r[1] for r in rounds)
        cached_median = statistics.median(r[2] for r in rounds)
        print(f"pdf         {label}: 100 distinct {subprocess.run(['pdfinfo', str(source)], capture_output=True, text=True).stdout.split('Pages:')[1].split()[0]}-page PDFs; "
              f"pdftotext -layout on 2 processes {reference:.2f} s")
        print(f"pdf           first run (empty cache) {first_median:.2f} s = {first_median / reference:.2f}x pdftotext; "
              f"cached re-run {cached_median:.3f} s = {cached_median / reference:.3f}x; "
              f"report {'byte-identical' if cached.identical else 'DIFFERENT'}")
        if not cached.identical:
            sys.exit("bench: the cached re-run wrote another report")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1741)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--binary", default=str(root / ".build" / "release" / "plancov"))
    parser.add_argument("--no-python", action="store_true", help="skip the Python reference pipeline")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF figures (first run and cached re-run)")
    args = parser.parse_args()
    binary = Path(args.binary)
    if not binary.exists():
        sys.exit(f"{binary} not found: run `make bench` (it builds the release binary first)")
    if args.pdf_only:
        pdf_bench(binary, args.jobs, args.runs)
        return
    corpus = root / ".build" / "bench-corpus" / str(args.files)
    build_corpus(args.files, corpus)
    size = sum(p.stat().st_size for p in corpus.glob("*.txt"))
    out = root / ".build" / "bench-coverage.json"
    quarter = root / ".build" / "bench-corpus" / str(args.files // 4)
    build_corpus(args.files // 4, quarter)
    quarter_out = root / ".build" / "bench-coverage-quarter.json"
    big = scaled_catalog(10, root / ".build" / "bench-catalog-10x.yaml")
    big_out = root / ".build" / "bench-coverage-10x.json"
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    # The practical floor: grep reads the bytes and does one multi-pattern scan of every
    # catalog name, with no normalization, no fuzzy pass and no report.
    names = root / ".build" / "bench-names.txt"
    catalog = root / "Sources" / "Compare" / "Resources" / "catalog.yaml"
    import yaml
    items = yaml.safe_load(catalog.read_text(encoding="utf-8"))["items"]
    names.write_text("\n".join(n for item in items for n in [item["name"]] + (item.get("aliases") or [])) + "\n", encoding="utf-8")
    def grep():
        os.sync()
        start = time.perf_counter()
        subprocess.run(["grep", "-F", "-c", "-f", str(names)] + files, stdout=subprocess.DEVNULL, check=False)
        return time.perf_counter() - start

    # Warm the page cache, then time what is compared in rounds, one run of each per round:
    # this VM's speed drifts by a fifth from minute to minute, and runs timed one series after
    # another made each ratio compare two different minutes.
    run_once(binary, corpus, out, args.jobs)
    run_once(binary, quarter, quarter_out, args.jobs)
    grep()
    times, quarter_times, big_times, grep_times, replace_times = [], [], [], [], []
    peak_kib = 0
    for _ in range(args.runs):
        times.append(run_once(binary, corpus, out, args.jobs))
        peak_kib = max(peak_kib, run_once.peak_kib)
        quarter_times.append(run_once(binary, quarter, quarter_out, args.jobs))
        big_times.append(run_once(binary, corpus, big_out, args.jobs, ["--catalog", str(big)]))
        grep_times.append(grep())
        replace_times.append(run_once(binary, corpus, out, args.jobs, replace=True))
    median = statistics.median(times)
    grep_median = statistics.median(grep_times)
    differing = rows_differing(binary, corpus, out)

    # Ingest per format: the same plans as text, HTML, DOCX, ODT, PDF and XLSX, 100 files each.
    formats = root / "Tests" / "Fixtures" / "formats"
    for label, sources in [("text", sorted((root / "corpus" / "plans").glob("*.txt"))),
                           ("html", sorted(formats.glob("*_asaka.html")) + sorted(formats.glob("*_ashibetsu.html"))),
                           ("docx", sorted(formats.glob("*.docx"))), ("odt", sorted(formats.glob("*.odt"))),
                           ("pdf", sorted(formats.glob("*.pdf"))), ("xlsx", sorted(formats.glob("*.xlsx")))]:
        folder = root / ".build" / "bench-formats" / label
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        codes = municipality_codes()
        for i in range(100):
            source = sources[i % len(sources)]
            shutil.copyfile(source, folder / f"{codes[i * 17]}_{source.name.split('_', 1)[1]}")
        format_size = sum(p.stat().st_size for p in folder.iterdir())
        # Extraction itself: the PDF cache is the subject of its own figures below.
        elapsed = statistics.median(run_once(binary, folder, out, args.jobs, ["--no-cache"]) for _ in range(3))
        print(f"format      {label:5} 100 files, {format_size / 1e6:5.1f} MB in {elapsed:.3f} s: "
              f"{format_size / 1e6 / elapsed:6.1f} MB/s, {100 / elapsed:6.0f} files/s")

    pdf_bench(binary, args.jobs, max(3, args.runs // 2))

    # The Python pipeline a Python developer would write (benchmarks/python_pipeline.py).
    python_median = None
    if not args.no_python:
        def python():
            start = time.perf_counter()
            subprocess.run([sys.executable, str(root / "benchmarks" / "python_pipeline.py"), str(catalog),
                            str(root / ".build" / "bench-python.json")] + files + ["--processes", str(os.cpu_count())], check=True)
            return time.perf_counter() - start
        python_median = statistics.median(python() for _ in range(max(1, args.runs // 2)))
    print(f"corpus      {args.files} files, {size / 1e6:.1f} MB ({corpus})")
    print("output      every municipality's row equals its plan's row in the report of the five plans"
          if not differing else f"output      {len(differing)} rows DIFFER from their plan's row: {', '.join(differing[:5])}")
    print(f"machine     {os.cpu_count()} cores; jobs {args.jobs or 'default'}")
    print(f"wall        median {median:.3f} s over {args.runs} runs (min {min(times):.3f}, max {max(times):.3f}), each writing a new report")
    print(f"replacing   the previous report instead: median {statistics.median(replace_times):.3f} s (the file system frees the old one)")
    print(f"throughput  {size / 1e6 / median:.1f} MB/s")
    print(f"peak RSS    {peak_kib / 1024:.1f} MiB")

    # Where the time goes: CPU per stage, summed over the workers.
    run_once(binary, corpus, out, args.jobs, ["--timings"])
    for line in run_once.stderr.splitlines():
        if line.startswith("plancov: timing "):
            print("stage       " + line[len("plancov: timing "):])

    # Each stage alone on one thread, over the five plans held in memory (plancov-stages): the
    # figures to compare when changing one stage, steadier than the whole run's.
    stages = binary.parent / "plancov-stages"
    if stages.exists():
        result = subprocess.run([str(stages), str(root / "corpus" / "plans")], capture_output=True, text=True, check=True)
        for line in result.stdout.splitlines()[1:]:
            print("one stage   " + line)

    # A first run: nothing in memory (the page cache dropped before each run; root only).
    drop = Path("/proc/sys/vm/drop_caches")
    if os.access(drop, os.W_OK):
        def cold(run):
            os.sync()
            drop.write_text("1\n")
            return run()
        cold_runs = [(cold(lambda: run_once(binary, corpus, out, args.jobs)), cold(grep)) for _ in range(3)]
        print(f"cold        nothing in memory (3 runs, median): plancov {statistics.median(c[0] for c in cold_runs):.3f} s, "
              f"grep {statistics.median(c[1] for c in cold_runs):.3f} s")

    # Scaling: a quarter of the corpus, and a catalog ten times the size (timed in the rounds).
    quarter_median = statistics.median(quarter_times)
    print(f"scaling     {args.files} files take {median / quarter_median:.2f}x the time of {args.files // 4} (linear: 4.00)")
    big_median = statistics.median(big_times)
    print(f"scaling     a 10x catalog takes {big_median / median:.2f}x the time of the bundled one")
    print(f"grep -F -c  median {grep_median:.3f} s: plancov takes {median / grep_median:.1f}x the time of the floor")
    if python_median is not None:
        print(f"python      median {python_median:.3f} s on {os.cpu_count()} processes: plancov is {python_median / median:.1f}x faster")
    if differing:
        sys.exit("bench: the scaled corpus's report differs from the five plans' (see 'output' above)")


if __name__ == "__main__":
    main()
