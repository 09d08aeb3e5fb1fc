#!/usr/bin/env python3
"""Makes the encoding fixtures of Tests/Fixtures/encodings from the corpus plans.

Municipal plans come in the encodings Japanese Windows and Unix tools write: Shift_JIS as
Windows writes it (CP932, with ① and ～), EUC-JP, ISO-2022-JP, UTF-16 with a BOM, UTF-8 with
a BOM. Each fixture is a real plan (or, for the legacy JIS encodings that cannot hold every
character of the plans, the lines of a plan that they can hold), so tests can check that the
coverage row is the same whatever the encoding.

Run from the repository root: python3 scripts/make-fixtures.py
"""
from pathlib import Path

root = Path(__file__).resolve().parent.parent
plans = root / "corpus" / "plans"
out = root / "Tests" / "Fixtures" / "encodings"
out.mkdir(parents=True, exist_ok=True)

asaka = (plans / "112275_asaka.txt").read_text(encoding="utf-8")
(out / "112275_asaka.cp932.txt").write_bytes(asaka.encode("cp932"))
(out / "112275_asaka.utf16le-bom.txt").write_bytes(b"\xff\xfe" + asaka.encode("utf-16-le"))
(out / "112275_asaka.utf16be-bom.txt").write_bytes(b"\xfe\xff" + asaka.encode("utf-16-be"))
(out / "112275_asaka.utf8-bom.txt").write_bytes(b"\xef\xbb\xbf" + asaka.encode("utf-8"))


def encodable_lines(text, encoding):
    kept = []
    for line in text.split("\n"):
        try:
            line.encode(encoding)
            kept.append(line)
        except UnicodeEncodeError:
            pass
    return "\n".join(kept)


niiza = (plans / "112305_niiza.txt").read_text(encoding="utf-8")
excerpt = encodable_lines(encodable_lines(niiza, "euc_jp"), "iso2022_jp")
(out / "112305_niiza-excerpt.utf8.txt").write_bytes(excerpt.encode("utf-8"))
(out / "112305_niiza-excerpt.eucjp.txt").write_bytes(excerpt.encode("euc_jp"))
(out / "112305_niiza-excerpt.iso2022jp.txt").write_bytes(excerpt.encode("iso2022_jp"))
(out / "112305_niiza-excerpt.cp932.txt").write_bytes(excerpt.encode("cp932"))

# Broken inputs: a valid UTF-8 plan with one invalid byte in the middle, and a binary file.
body = asaka.encode("utf-8")
middle = len(body) // 2
while body[middle] & 0xC0 == 0x80:
    middle += 1
(out / "broken-utf8.txt").write_bytes(body[:middle] + b"\xff" + body[middle:])
(out / "binary.txt").write_bytes(bytes(range(256)) * 4)
print("wrote", sorted(p.name for p in out.iterdir()))
