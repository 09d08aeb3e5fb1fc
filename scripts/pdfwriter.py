"""The smallest PDF writer the fixture scripts need (make-format-fixtures.py, make-pdf-fixtures.py):
objects and streams written with a correct cross-reference table."""


def pdf_file(objects, streams):
    """A PDF of `objects` (dictionaries as text), streams by object number, with its xref."""
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\n".encode()
        if number in streams:
            pdf += b"stream\n" + streams[number] + b"\nendstream\n"
        pdf += b"endobj\n"
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        pdf += f"{offset:010d} 00000 n \n".encode()
    pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(pdf)
