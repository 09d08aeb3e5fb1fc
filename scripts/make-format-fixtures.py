#!/usr/bin/env python3
"""Makes the format fixtures of Tests/Fixtures/formats from the corpus plans, and the hostile ones.

Municipalities publish plans as PDF, HTML pages, Word files and Excel procedure lists. Each good
fixture here is a real plan of corpus/plans rendered the way such files are made, so tests can
check that every form gives the same coverage row as the text:

  NAME.html        the plan as a web page: h1–h3 from the plan's outline, lists, tables for
                   tab-separated rows, a <ruby> reading inside a catalog name, and a <script>,
                   <nav>, <header> and <footer> naming catalog items the plan does not (they
                   must be dropped)
  NAME.sjis.html   the same page in Shift_JIS (CP932), declared by <meta charset="Shift_JIS">
  NAME.docx        python-docx: one paragraph per non-blank line of the plan (so "p N" is the
                   N-th non-blank line), real Heading 1–3 styles for the outline
  NAME.odt, .pdf   LibreOffice (soffice --headless --convert-to) from the DOCX
  112275_asaka-procedures.xlsx  openpyxl: the plan's procedure and system lists as sheets

The outline (which lines are headings, at which level) is the one plancov recovers from the
text (`plancov show`), so the HTML and Word forms carry the structure an author would have
marked up. Hostile fixtures go to hostile/: billion laughs (XML and DOCX), an external entity
naming /etc/passwd, a zip bomb named .docx, a truncated DOCX, an HTML error page saved as .pdf,
a truncated PDF, and an image-only PDF (a scan, no text layer).

Needs: a built plancov (PLANCOV=path, else `swift build` is run), python-docx and openpyxl
(pip install python-docx openpyxl), LibreOffice and a compact Japanese TrueType font
(apt-get install -y libreoffice-writer-nogui fonts-vlgothic: with Noto CJK's outlines a
plan's PDF is over 300 KB, with VL Gothic under 200 KB). Run from the repository root: python3 scripts/make-format-fixtures.py
"""
import html
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl

from pdfwriter import pdf_file

root = Path(__file__).resolve().parent.parent
plans = root / "corpus" / "plans"
out = root / "Tests" / "Fixtures" / "formats"
hostile = out / "hostile"
out.mkdir(parents=True, exist_ok=True)
hostile.mkdir(parents=True, exist_ok=True)

PLANS = ["112275_asaka", "012165_ashibetsu"]
# Catalog names neither plan uses (an alias, a collective form): text that must be dropped names them, so a leak shows.
DROPPED_ITEMS = ["転出・転入手続のワンストップ化", "自動車保有関係手続のワンストップサービス"]
# A ruby reading inside a catalog name: if <rt> were kept, the name would not match.
RUBY = {"児童手当等の現況届": ("児童", "じどう"), "罹災証明書": ("罹災", "りさい")}


def plancov_binary():
    if os.environ.get("PLANCOV"):
        return os.environ["PLANCOV"]
    subprocess.run(["swift", "build"], cwd=root, check=True)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip()
    return str(Path(bin_path) / "plancov")


def outline(binary, code):
    """{line number: (level, title, is table of contents)} from `plancov show`."""
    shown = subprocess.run([binary, "show", code, "corpus"], cwd=root, check=True,
                           capture_output=True, text=True).stdout
    headings = {}
    for row in shown.splitlines():
        m = re.match(r"^L(\d+)\s*–\d+\s+ (.*)$", row)
        if not m:
            continue
        # "L%-4d–%-4d " then two spaces per level below 1.
        rest = row[row.index("–") + 5:]
        indent = len(rest) - len(rest.lstrip(" "))
        title = re.sub(r"  \[[^\]]*\]$", "", rest.strip())
        headings[int(m.group(1))] = (indent // 2 + 1, title, "[table of contents]" in row)
    return headings


def with_ruby(escaped):
    for name, (base, reading) in RUBY.items():
        if name in escaped:
            ruby = f"<ruby>{base}<rp>（</rp><rt>{reading}</rt><rp>）</rp></ruby>"
            return escaped.replace(base, ruby, 1), True
    return escaped, False


def render_html(lines, headings, title, charset):
    body = []
    ruby_done = False
    mode = None  # "table" or "list" while one is open

    def close():
        nonlocal mode
        if mode == "table":
            body.append("</table>")
        elif mode == "list":
            body.append("</ul>")
        mode = None

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if number in headings:
            close()
            level, text, _ = headings[number]
            body.append(f"<h{min(level, 6)}>{html.escape(text)}</h{min(level, 6)}>")
            continue
        escaped = html.escape(line.strip(" "))
        if not ruby_done:
            escaped, ruby_done = with_ruby(escaped)
        if "\t" in line:
            if mode != "table":
                close()
                body.append("<table>")
                mode = "table"
            cells = "".join(f"<td>{cell}</td>" for cell in escaped.split("\t"))
            body.append(f"<tr>{cells}</tr>")
        elif line.startswith("- "):
            if mode != "list":
                close()
                body.append("<ul>")
                mode = "list"
            body.append(f"<li>{escaped[2:]}</li>")
        else:
            close()
            body.append(f"<p>{escaped}</p>")
    close()
    dropped = DROPPED_ITEMS
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="{charset}">
<title>{html.escape(title)}</title>
<style>body {{ font-family: sans-serif; }} /* {dropped[0]} */</style>
<script>var related = "{dropped[1]}";</script>
</head>
<body>
<header><p>市役所トップ &gt; 市政情報 &gt; {dropped[0]}のお知らせ</p></header>
<nav><ul><li><a href="/moving">{dropped[0]}</a></li><li><a href="/car">{dropped[1]}</a></li></ul></nav>
<main>
{chr(10).join(body)}
</main>
<script>document.write("{dropped[0]}");</script>
<footer><p>&copy; 2024 {dropped[1]}</p></footer>
</body>
</html>
"""


def use_one_font(document, font="VL Gothic"):
    """Every style (and the defaults) in one TrueType font: LibreOffice embeds a small subset of
    it in the PDF, where Noto CJK's CFF outlines would make a plan's PDF several times larger."""
    from docx.oxml.ns import qn
    holders = [style.element for style in document.styles]
    holders += document.styles.element.findall(".//" + qn("w:rPrDefault"))
    for holder in holders:
        rpr = holder.find(qn("w:rPr"))
        if rpr is None:
            rpr = holder.makeelement(qn("w:rPr"), {})
            holder.append(rpr)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme"):
                del fonts.attrib[attribute]
        for attribute in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"]:
            fonts.set(qn(attribute), font)


def render_docx(lines, headings, path):
    document = docx.Document()
    use_one_font(document)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if number in headings:
            level, text, _ = headings[number]
            document.add_heading(text, level=min(level, 9))
        else:
            document.add_paragraph(line.strip(" "))
    document.save(path)


def soffice(source, target_format, outdir):
    subprocess.run(["soffice", "--headless", "--convert-to", target_format, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True)


def render_xlsx(lines, path):
    """The plan's procedure lists and system list as a workbook (shared strings)."""
    workbook = openpyxl.Workbook()
    procedures = workbook.active
    procedures.title = "オンライン化手続一覧"
    procedures.append(["番号", "手続名", "区分"])
    systems = workbook.create_sheet("標準化対象業務")
    systems.append(["番号", "業務名"])
    group, in_systems = "", False
    for line in lines:
        if re.match(r"^\(\d\)", line):
            in_systems = "標準化" in line
        for cell in line.split("\t"):
            cell = cell.strip()
            m = re.match(r"^([①-⑳])\s*(.+)$", cell)
            if not cell:
                continue
            if "手続）" in cell or "関係（" in cell:
                group = cell
            elif m and in_systems:
                systems.append([m.group(1), m.group(2)])
            elif m and group:
                procedures.append([m.group(1), m.group(2), group])
    workbook.save(path)


def minimal_docx(document_xml):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = "\n".join(
    [' <!ENTITY lol "lol">']
    + [' <!ENTITY lol%d "%s">' % (i, ("&lol%s;" % (i - 1 if i > 1 else "")) * 10) for i in range(1, 10)])


def image_only_pdf(pages=2):
    """A PDF whose pages are pictures of text (grey bars), with no text layer: a scan."""
    width, height = 120, 170
    pixels = bytearray()
    for y in range(height):
        for x in range(width):
            pixels.append(60 if (y // 6) % 2 == 0 and 10 < x < 110 and 10 < y < 160 else 250)
    image = zlib.compress(bytes(pixels), 9)
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{3 + 3 * p} 0 R' for p in range(pages))}] /Count {pages} >>"]
    streams = {}
    for p in range(pages):
        page, img, content = 3 + 3 * p, 4 + 3 * p, 5 + 3 * p
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /XObject << /Im1 {img} 0 R >> >> /Contents {content} 0 R >>")
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
                       f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(image)} >>")
        streams[img] = image
        drawing = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
        objects.append(f"<< /Length {len(drawing)} >>")
        streams[content] = drawing
    return pdf_file(objects, streams)


def zip_bomb(size=150 << 20):
    """A .docx whose document.xml inflates ~1000 times: 150 MB of spaces in ~150 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as entry:
            entry.write(f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>'.encode())
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                entry.write(chunk)
            entry.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def main():
    binary = plancov_binary()
    scratch = Path(tempfile.mkdtemp(prefix="plancov-fixtures-"))
    try:
        for name in PLANS:
            text = (plans / f"{name}.txt").read_text(encoding="utf-8")
            lines = text.split("\n")
            headings = outline(binary, name.split("_")[0])
            title = next(line.strip("# ") for line in lines if line.strip())
            page = render_html(lines, headings, title, "UTF-8")
            (out / f"{name}.html").write_text(page, encoding="utf-8")
            sjis = render_html(lines, headings, title, "Shift_JIS")
            (out / f"{name}.sjis.html").write_bytes(sjis.encode("cp932", errors="xmlcharrefreplace"))
            render_docx(lines, headings, out / f"{name}.docx")
            for target in ["odt", "pdf"]:
                soffice(out / f"{name}.docx", target, scratch)
                shutil.copy(scratch / f"{name}.{target}", out / f"{name}.{target}")
            if name == "112275_asaka":
                render_xlsx(lines, out / f"{name}-procedures.xlsx")

        (hostile / "billion-laughs.xml").write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n{LAUGHS}\n]>\n<lolz>&lol9;</lolz>\n', encoding="utf-8")
        (hostile / "billion-laughs.docx").write_bytes(minimal_docx(
            f'<?xml version="1.0"?>\n<!DOCTYPE w:document [\n{LAUGHS}\n]>\n'
            f'<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'))
        (hostile / "external-entity.docx").write_bytes(minimal_docx(
            f'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            f'<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'))
        (hostile / "zip-bomb.docx").write_bytes(zip_bomb())
        good = (out / "112275_asaka.docx").read_bytes()
        (hostile / "truncated.docx").write_bytes(good[: len(good) * 6 // 10])
        (hostile / "error-page.pdf").write_text(
            '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="UTF-8"><title>404 Not Found</title></head>\n'
            "<body><h1>お探しのページは見つかりませんでした</h1><p>ページが移動または削除された可能性があります。</p></body></html>\n",
            encoding="utf-8")
        pdf = (out / "112275_asaka.pdf").read_bytes()
        (hostile / "truncated.pdf").write_bytes(pdf[:1500])
        (hostile / "scan.pdf").write_bytes(image_only_pdf())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for path in sorted(out.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>9}  {path.relative_to(root)}")


if __name__ == "__main__":
    sys.exit(main())
