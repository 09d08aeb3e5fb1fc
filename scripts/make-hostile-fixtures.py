#!/usr/bin/env python3
"""Makes the small hostile-input fixtures of Tests/Fixtures/hostile (issue 8).

Run from the repository root: python3 scripts/make-hostile-fixtures.py

Only small files are committed. The cases that cannot or must not live in git are made by
Tests/PlancovTests/HostileInputTests.swift at test time in a temporary folder: the 50 MB
single-line file, a directory where a file was expected, an unreadable file and a symbolic
link loop. The XML, zip and PDF attacks live in Tests/Fixtures/formats/hostile
(scripts/make-format-fixtures.py) and the file with one invalid UTF-8 byte in the middle is
Tests/Fixtures/encodings/broken-utf8.txt (scripts/make-fixtures.py); they are reused, not copied.
"""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "Tests" / "Fixtures" / "hostile"
out.mkdir(parents=True, exist_ok=True)

# An empty file, and one of NUL bytes only (what a failed download often leaves).
(out / "empty.txt").write_bytes(b"")
(out / "nul-filled.txt").write_bytes(b"\0" * 4096)

# A Shift_JIS (CP932) plan behind a UTF-8 byte-order mark that lies: an editor added
# the mark without converting. plancov believes the bytes and reads it as Shift_JIS.
plan = (root / "corpus" / "plans" / "112275_asaka.txt").read_text(encoding="utf-8")
(out / "112275_asaka.bom-lie.sjis.txt").write_bytes(b"\xef\xbb\xbf" + plan.encode("cp932"))

# A plain XML file whose DOCTYPE declares an external entity reading /etc/passwd (XXE).
(out / "external-entity.xml").write_text(
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE plan [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<plan><title>DX推進計画</title><p>&xxe;</p></plan>\n',
    encoding="utf-8")

# Catalogs: duplicate ids, and a file that is not YAML at all.
(out / "catalog-duplicate-ids.yaml").write_text(
    "name: dup\nitems:\n"
    "  - {id: a, name: 戸籍, category: system, group: g}\n"
    "  - {id: a, name: 就学, category: system, group: g}\n", encoding="utf-8")
(out / "catalog-not-yaml.yaml").write_text("items: [\n  {id: \"戸籍\n\t- : : {[\n", encoding="utf-8")

# zip-offset-past-end.docx and deflate-past-end.odt are not made here: they are inputs the fuzz
# targets found (a central directory entry whose local header lies past the end of the file,
# which crashed ZIPFoundation's in-memory archive; a deflate stream that runs past the end of
# the file, which ZIPFoundation inflates forever), kept as they are.

for path in sorted(out.iterdir()):
    print(f"{path.relative_to(root)}  {path.stat().st_size} bytes")
