#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets, Fuzz/corpus/<target>/, from the corpus plans
and the test fixtures (small: a few KB per seed). Run from the repository root.
The fuzzers add what they find to .build-fuzz/corpus/<target>/, never here."""
import pathlib
import shutil

root = pathlib.Path(__file__).resolve().parent.parent
fixtures = root / "Tests" / "Fixtures"
out = root / "Fuzz" / "corpus"


def target(name):
    path = out / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def chunks(text, size=4096, count=3):
    """The first `count` pieces of about `size` bytes, cut at line ends."""
    pieces, current = [], []
    for line in text.splitlines(keepends=True):
        current.append(line)
        if sum(len(x.encode()) for x in current) >= size:
            pieces.append("".join(current))
            current = []
            if len(pieces) == count:
                break
    if current and len(pieces) < count:
        pieces.append("".join(current))
    return pieces


plans = sorted((root / "corpus" / "plans").glob("*.txt"))

decode = target("decode")
for path in sorted((fixtures / "encodings").iterdir()):
    (decode / path.name).write_bytes(path.read_bytes()[:2048])
for name in ["112275_asaka.bom-lie.sjis.txt", "nul-filled.txt"]:
    (decode / name).write_bytes((fixtures / "hostile" / name).read_bytes()[:2048])

for name in ["normalize", "outline"]:
    directory = target(name)
    for plan in plans:
        for index, piece in enumerate(chunks(plan.read_text(encoding="utf-8"))):
            (directory / f"{plan.stem}-{index}.txt").write_text(piece, encoding="utf-8")

seeds = {
    "html": ["formats/112275_asaka.html", "formats/112275_asaka.sjis.html", "formats/hostile/billion-laughs.xml",
             "hostile/external-entity.xml"],
    "docx": ["formats/112275_asaka.docx", "formats/hostile/billion-laughs.docx", "formats/hostile/external-entity.docx",
             "hostile/zip-offset-past-end.docx"],
    "odt": ["formats/112275_asaka.odt", "hostile/deflate-past-end.odt"],
    "xlsx": ["formats/112275_asaka-procedures.xlsx"],
    "catalog": ["hostile/catalog-duplicate-ids.yaml", "hostile/catalog-not-yaml.yaml"],
}
for name, files in seeds.items():
    directory = target(name)
    for file in files:
        shutil.copy(fixtures / file, directory / pathlib.Path(file).name)
shutil.copy(root / "Sources" / "Compare" / "Resources" / "catalog.yaml", out / "catalog" / "catalog.yaml")

total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
print(f"{sum(1 for p in out.rglob('*') if p.is_file())} seeds, {total // 1024} KB in {out.relative_to(root)}")
