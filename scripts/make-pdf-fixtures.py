#!/usr/bin/env python3
"""Makes the PDF layout fixtures of Tests/Fixtures/pdf: one trait of real municipal PDFs each.

Each is a flat OpenDocument file written here and printed to PDF by LibreOffice, as a
municipality's word processor would:

  double-spaced.pdf  like 南国市's speeches (一太郎): every line followed by an empty line in
                     `pdftotext -layout`; 固定資産税, 介護保険 and 国民健康保険 broken at line ends
                     (checked here with pdftotext); a page number "- N -" in the footer
  header-footer.pdf  three pages under a running header that looks like a chapter heading and
                     names 国民年金 (never in the body) and a footer "N / 3"
  text-boxes.pdf     a slide: text boxes placed on the page in another order than written, the
                     collective names 基幹系 / 20 / 業務 and 子育て・介護 / 26 / 手続 split across
                     boxes of different sizes, a box of two lines beside another
  two-columns.pdf    a title across the page over two columns of running text, names broken at
                     line ends in both columns
  vertical.pdf       縦書き (writing-mode tb-rl): lines top to bottom, right to left
  bench-24-pages.pdf what `make bench` times: 24 pages of corpus plans in Noto Sans CJK JP

and two scans, for --ocr:

  scanned.pdf        page 7 of bench-24-pages.pdf (the online procedures: 児童手当, 介護保険, …)
                     as a scanner gives it: rendered to a grey 200 dpi image (mutool draw) and
                     wrapped in a PDF of the same page size (mutool convert): no text layer
  mixed-scan.pdf     page 2 of header-footer.pdf (a text layer) followed by scanned.pdf's page
                     (mutool merge): --ocr reads only the second page

and in hostile/: encrypted.pdf (a user password: mutool convert -O encrypt) and
garbled.pdf (written here: a font whose ToUnicode map sends every glyph to a private-use code
point, as copy-protected and badly made PDFs do).

Needs LibreOffice, a compact Japanese TrueType font and Noto CJK (apt-get install -y
libreoffice-writer-nogui fonts-vlgothic fonts-noto-cjk), mupdf-tools and poppler-utils. Run from anywhere:
python3 scripts/make-pdf-fixtures.py
"""
import html
import shutil
import subprocess
import sys
import tempfile

from pdfwriter import pdf_file
from pathlib import Path

root = Path(__file__).resolve().parent.parent
out = root / "Tests" / "Fixtures" / "pdf"
FONT = "VL Gothic"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')


def fodt(body, *, size="12pt", width="21cm", height="29.7cm", margins=("2.5cm", "2.5cm"), line_height="100%",
         columns=None, writing="lr-tb", header=None, footer=None, styles=""):
    """A flat ODT: one page style, one paragraph style P (line height), body XML."""
    cols = f'<style:columns fo:column-count="{columns}" fo:column-gap="1cm"/>' if columns else ""
    hf = ""
    if header is not None:
        hf += '<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.6cm"/></style:header-style>'
    if footer is not None:
        hf += '<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.6cm"/></style:footer-style>'
    master = ""
    if header is not None:
        master += f"<style:header>{header}</style:header>"
    if footer is not None:
        master += f"<style:footer>{footer}</style:footer>"
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{FONT}'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:paragraph-properties style:writing-mode="{writing}"/>
<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="{size}" style:font-size-asian="{size}"
 fo:language="ja" fo:country="JP" style:language-asian="ja" style:country-asian="JP"/></style:default-style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{width}" fo:page-height="{height}"
 fo:margin-top="{margins[0]}" fo:margin-bottom="{margins[0]}" fo:margin-left="{margins[1]}" fo:margin-right="{margins[1]}"
 style:writing-mode="{writing}">{cols}</style:page-layout-properties>{hf}</style:page-layout>
<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:line-height="{line_height}" fo:text-indent="1em"/></style:style>
<style:style style:name="H" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm"/>
<style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
<style:style style:name="fr" style:family="graphic"><style:graphic-properties fo:border="none" fo:padding="0cm"
 style:wrap="run-through" style:vertical-pos="from-top" style:horizontal-pos="from-left"
 style:vertical-rel="page" style:horizontal-rel="page" draw:fill="none"/></style:style>
{styles}
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">{master}</style:master-page></office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>'''


def p(text, style="P"):
    return f'<text:p text:style-name="{style}">{html.escape(text)}</text:p>'


# Full-width filler without punctuation, so that line ends fall where they are counted.
FILL = "本市では行政手続のデジタル化を進めるため庁内の情報システムを順次見直して市民の利便性を高めます"


def broken_at(name, split, per_line, lead="　"):
    """A paragraph whose first line holds `per_line` characters and ends with name[:split]."""
    first = lead + (FILL * 3)[: per_line - len(lead) - split] + name[:split]
    return first + name[split:] + "の各システムについて国の標準仕様に適合させる作業を計画的に行い市民サービスの向上を図ります。"


def double_spaced():
    # 35 characters of 12 pt fit in 420 pt: margins (21 cm − 14.82 cm) / 2.
    per = 35
    body = [p("令和６年度　市政方針", "H"),
            p(broken_at("固定資産税", 1, per)),
            p(broken_at("介護保険", 1, per)),
            p(broken_at("国民健康保険", 3, per)),
            p("　また住民基本台帳と印鑑登録の窓口業務についても、オンラインで申請できる手続を増やしてまいります。"),
            '<text:p text:style-name="P"><text:soft-page-break/></text:p>',
            p(broken_at("固定資産税", 2, per)),
            ]
    body.insert(5, '<text:p text:style-name="Break"/>')
    styles = '<style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-after="page"/></style:style>'
    return fodt("".join(body), margins=("2.5cm", "3.09cm"), line_height="200%", styles=styles,
                footer='<text:p text:style-name="Center">- <text:page-number text:select-page="current"/> -</text:p>'), \
        ["固\n\n定資産税", "介\n\n護保険", "国民健\n\n康保険"]


def header_footer():
    header = '<text:p>第１章　国民年金の現況</text:p>'
    footer = '<text:p><text:page-number text:select-page="current"/> / 3</text:p>'
    styles = '<style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>'
    body = []
    for page, (heading, item) in enumerate([("１　計画の趣旨", "住民基本台帳"), ("２　標準化の取組", "戸籍の附票"), ("３　推進体制", "印鑑登録")]):
        body.append(f'<text:p text:style-name="{"Break" if page else "H"}">{heading}</text:p>')
        body.append(p(f"　本章では{item}システムの標準化について、移行の時期と費用を整理します。"))
        body.append(p("　職員の研修と業務の見直しを並行して進め、全庁で取り組みます。"))
    return fodt("".join(body), header=header, footer=footer, styles=styles), []


def frame(x, y, w, h, text, size=None, name="f"):
    def span(part):
        return f'<text:span text:style-name="S{size}">{html.escape(part)}</text:span>' if size else html.escape(part)
    lines = "".join(f"<text:p>{span(part)}</text:p>" for part in text.split("\n"))
    return (f'<draw:frame draw:style-name="fr" draw:name="{name}{x}{y}" text:anchor-type="page" text:anchor-page-number="1" '
            f'svg:x="{x}cm" svg:y="{y}cm" svg:width="{w}cm" svg:height="{h}cm"><draw:text-box>{lines}</draw:text-box></draw:frame>')


def text_boxes():
    styles = "".join(f'<style:style style:name="S{s}" style:family="text"><style:text-properties fo:font-size="{s}pt" '
                     f'style:font-size-asian="{s}pt"/></style:style>' for s in (16, 32))
    # Written in another order than they stand on the slide: the layout, not the order in the
    # file, must give the reading order.
    boxes = [
        frame(6.2, 5.0, 2.2, 1.6, "20", 32),
        frame(14.0, 9.0, 6.0, 2.0, "③ 戸籍の附票\n④ 選挙人名簿管理", 16),
        frame(2.0, 1.5, 20.0, 1.5, "自治体システム標準化の進め方", 32),
        frame(8.4, 5.4, 3.0, 1.2, "業務", 16),
        frame(2.0, 5.4, 4.2, 1.2, "基幹系", 16),
        frame(2.0, 9.0, 6.0, 2.0, "① 住民基本台帳\n② 印鑑登録", 16),
        frame(11.6, 12.6, 2.2, 1.6, "26", 32),
        frame(2.0, 13.0, 9.6, 1.2, "子育て・介護関係の", 16),
        frame(13.8, 13.0, 3.0, 1.2, "手続", 16),
    ]
    body = "<text:p>" + "".join(boxes) + "</text:p>"
    return fodt(body, width="29.7cm", height="21cm", margins=("1cm", "1cm"), styles=styles), []


def two_columns():
    per = 17  # 12 pt characters per column line: (21 − 2×2.5 − 1) / 2 cm = 7.5 cm = 212 pt
    left = [broken_at("児童扶養手当", 2, per), broken_at("後期高齢者医療", 3, per)]
    right = [broken_at("生活保護", 1, per), broken_at("健康管理", 2, per)]
    styles = ('<style:style style:name="Cols" style:family="section"><style:section-properties>'
              '<style:columns fo:column-count="2" fo:column-gap="1cm"/></style:section-properties></style:style>'
              '<style:style style:name="ColBreak" style:family="paragraph"><style:paragraph-properties fo:break-before="column" fo:text-indent="1em"/></style:style>')
    body = (p("２　自治体情報システムの標準化", "H") + '<text:section text:style-name="Cols" text:name="c">'
            + "".join(p(t) for t in left) + f'<text:p text:style-name="ColBreak">{html.escape(right[0][1:])}</text:p>'
            + p(right[1]) + "</text:section>")
    return fodt(body, styles=styles), []


def vertical():
    per = 50  # 12 pt characters per vertical line (measured: the page less its margins)
    body = [p(broken_at("子ども・子育て支援", 4, per)), p(broken_at("後期高齢者医療", 2, per)),
            p("　障害者福祉と国民年金の事務も、順次新しいシステムに移します。")]
    return fodt("".join(body), writing="tb-rl", margins=("4.1cm", "2.5cm")), []


def garbled_pdf():
    """One page of Helvetica text whose ToUnicode CMap maps every code to U+E020…: what a text
    layer looks like when its fonts have no real Unicode map."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbled def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <E020> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    lines = " ".join(f"72 {770 - 16 * i} Td (Jichitai joho system hyojunka keikaku {i}) Tj -72 -{770 - 16 * i} Td"
                     for i in range(30))
    content = f"BT /F1 12 Tf {lines} ET".encode()
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               f"<< /Length {len(content)} >>", f"<< /Length {len(cmap)} >>"]
    return pdf_file(objects, {5: content, 6: cmap})


def bench_plan():
    """`make bench`'s PDF: 24 A4 pages of corpus plans (新座, 姶良) in Noto Sans CJK JP, the
    CFF-outlined font LibreOffice and many Word installations embed for Japanese."""
    global FONT
    text = "".join((root / "corpus" / "plans" / name).read_text(encoding="utf-8") for name in ["112305_niiza.txt", "462250_aira.txt"])
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    body = "".join(p(line) for line in lines[: len(lines) * 24 // 25])
    saved, FONT = FONT, "Noto Sans CJK JP"
    try:
        return fodt(body, size="10.5pt", line_height="100%"), []
    finally:
        FONT = saved


FIXTURES = {"double-spaced": double_spaced, "header-footer": header_footer, "text-boxes": text_boxes,
            "two-columns": two_columns, "vertical": vertical, "bench-24-pages": bench_plan}


def scanned(scratch):
    """scanned.pdf and mixed-scan.pdf (see the module's documentation)."""
    image = scratch / "scan.png"
    subprocess.run(["mutool", "draw", "-q", "-r", "200", "-c", "gray", "-o", str(image), str(out / "bench-24-pages.pdf"), "7"],
                   check=True, capture_output=True)
    subprocess.run(["mutool", "convert", "-O", "compress,compress-images", "-o", str(scratch / "scanned.pdf"), str(image)],
                   check=True, capture_output=True)
    shutil.copy(scratch / "scanned.pdf", out / "scanned.pdf")
    subprocess.run(["mutool", "merge", "-O", "compress", "-o", str(scratch / "mixed-scan.pdf"), str(out / "header-footer.pdf"), "2",
                    str(out / "scanned.pdf"), "1"], check=True, capture_output=True)
    shutil.copy(scratch / "mixed-scan.pdf", out / "mixed-scan.pdf")
    for name in ["scanned.pdf", "mixed-scan.pdf"]:
        text = subprocess.run(["mutool", "draw", "-q", "-F", "txt", str(out / name)], check=True, capture_output=True, text=True).stdout
        if name == "scanned.pdf" and text.strip():
            sys.exit(f"{name} has a text layer")
        print(f"{(out / name).stat().st_size:>8}  {(out / name).relative_to(root)}")


def main():
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="plancov-pdf-fixtures-"))
    try:
        for name, make in FIXTURES.items():
            document, expected = make()
            (scratch / f"{name}.fodt").write_text(document, encoding="utf-8")
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(scratch), str(scratch / f"{name}.fodt")],
                           check=True, capture_output=True)
            shutil.copy(scratch / f"{name}.pdf", out / f"{name}.pdf")
            layout = subprocess.run(["pdftotext", "-layout", str(out / f"{name}.pdf"), "-"], check=True, capture_output=True, text=True).stdout
            squeezed = "\n".join(line.strip() for line in layout.split("\n"))
            for broken in expected:
                if broken not in squeezed:
                    sys.exit(f"{name}.pdf: {broken!r} is not broken across a double-spaced line end in pdftotext's output")
            print(f"{(out / f'{name}.pdf').stat().st_size:>8}  {(out / f'{name}.pdf').relative_to(root)}")
        scanned(scratch)
        hostile = out / "hostile"
        hostile.mkdir(exist_ok=True)
        subprocess.run(["mutool", "convert", "-O", "encrypt=aes-128,user-password=plancov,owner-password=plancov-owner",
                        "-o", str(hostile / "encrypted.pdf"), str(out / "header-footer.pdf")], check=True, capture_output=True)
        (hostile / "garbled.pdf").write_bytes(garbled_pdf())
        for path in sorted(hostile.iterdir()):
            print(f"{path.stat().st_size:>8}  {path.relative_to(root)}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
