#!/usr/bin/env python3
"""Generate the XLSX reader test fixtures in this folder.

Run from anywhere:  python3 Tests/XLSXTests/Fixtures/make_fixtures.py

Requirements: openpyxl, XlsxWriter, msoffcrypto-tool, xlwt
(pip install openpyxl XlsxWriter msoffcrypto-tool xlwt).

The output is deterministic: every zip entry carries the timestamp
2021-03-31 00:00:00, document properties carry fixed dates, and the
"random" material used by msoffcrypto-tool for encryption is replaced by a
fixed, hash-derived byte stream.  Running the script twice gives
byte-identical files (for the same Python/zlib/library versions).

See FIXTURES.md for what every file contains.
"""

import datetime
import hashlib
import io
import os
import re
import struct
import sys
import zipfile
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_ZIP_TIME = (2021, 3, 31, 0, 0, 0)
FIXED_DT = datetime.datetime(2021, 3, 31, 0, 0, 0)
FIXED_W3CDTF = "2021-03-31T00:00:00Z"

# Namespaces ---------------------------------------------------------------
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = NS_R  # transitional relationship-type base
NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_STRICT_R = "http://purl.oclc.org/ooxml/officeDocument/relationships"

CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def out(name):
    return os.path.join(HERE, name)


def write_file(name, data):
    with open(out(name), "wb") as fh:
        fh.write(data)
    return data


def b(s):
    return s.encode("utf-8") if isinstance(s, str) else s


# Zip helpers ----------------------------------------------------------------
def _zipinfo(name, compress_type=zipfile.ZIP_DEFLATED, level=None):
    zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    zi.compress_type = compress_type
    zi.create_system = 3
    zi.external_attr = 0o100644 << 16
    if level is not None:
        # Python <= 3.12 uses _compresslevel, 3.13+ compress_level.
        if hasattr(zi, "compress_level"):
            zi.compress_level = level
        else:
            zi._compresslevel = level
    return zi


def zip_bytes(entries):
    """entries: OrderedDict name -> bytes|str|Stored|Streamed (order kept)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            if isinstance(data, Stored):
                zf.writestr(_zipinfo(name, zipfile.ZIP_STORED), b(data.data))
            elif isinstance(data, Streamed):
                zi = _zipinfo(name, zipfile.ZIP_DEFLATED, level=9)
                with zf.open(zi, "w") as fh:
                    for chunk in data.chunks():
                        fh.write(chunk)
            else:
                zf.writestr(_zipinfo(name), b(data))
    return buf.getvalue()


class Stored:
    """Entry written with ZIP_STORED (no compression)."""

    def __init__(self, data):
        self.data = data


class Streamed:
    """Entry produced chunk by chunk, deflated at level 9."""

    def __init__(self, chunks):
        self.chunks = chunks


def renormalize_zip(data, replace=None):
    """Rewrite a zip made by a library with fixed timestamps (same entry order).

    replace: optional dict name -> function(bytes) -> bytes applied to entries.
    """
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    entries = OrderedDict()
    for info in src.infolist():
        content = src.read(info.filename)
        if info.filename in replace:
            content = replace[info.filename](content)
        entries[info.filename] = content
    return zip_bytes(entries)


def fix_core_dates(xml):
    xml = re.sub(
        rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
        lambda m: m.group(1) + FIXED_W3CDTF.encode() + m.group(2),
        xml,
    )
    xml = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        lambda m: m.group(1) + FIXED_W3CDTF.encode() + m.group(2),
        xml,
    )
    return xml


def eocd_info(data):
    """Return (eocd_offset, cd_size, cd_offset, entry_count)."""
    pos = data.rfind(b"PK\x05\x06")
    assert pos >= 0
    (_, _, _, _, count, cd_size, cd_offset, _) = struct.unpack_from("<4sHHHHIIH", data, pos)
    return pos, cd_size, cd_offset, count


def patch_uncompressed_size(data, member, new_size):
    """Patch the uncompressed size of `member` in its local header and central directory."""
    data = bytearray(data)
    _, cd_size, cd_offset, count = eocd_info(bytes(data))
    pos = cd_offset
    for _ in range(count):
        assert data[pos:pos + 4] == b"PK\x01\x02"
        n, m, k = struct.unpack_from("<HHH", data, pos + 28)
        local_off = struct.unpack_from("<I", data, pos + 42)[0]
        name = bytes(data[pos + 46:pos + 46 + n]).decode("utf-8")
        if name == member:
            struct.pack_into("<I", data, pos + 24, new_size)  # central directory
            assert data[local_off:local_off + 4] == b"PK\x03\x04"
            struct.pack_into("<I", data, local_off + 22, new_size)  # local header
            return bytes(data)
        pos += 46 + n + m + k
    raise KeyError(member)


# Minimal hand-written workbook -------------------------------------------------
def content_types(overrides, defaults=(("rels", CT_RELS), ("xml", "application/xml"))):
    parts = [XML_DECL, '<Types xmlns="%s">' % NS_CT]
    for ext, ct in defaults:
        parts.append('<Default Extension="%s" ContentType="%s"/>' % (ext, ct))
    for name, ct in overrides:
        parts.append('<Override PartName="%s" ContentType="%s"/>' % (name, ct))
    parts.append("</Types>")
    return "".join(parts)


def rels_xml(rels):
    """rels: list of (Id, Type, Target)."""
    parts = [XML_DECL, '<Relationships xmlns="%s">' % NS_PKG_RELS]
    for rid, rtype, target in rels:
        parts.append('<Relationship Id="%s" Type="%s" Target="%s"/>' % (rid, rtype, target))
    parts.append("</Relationships>")
    return "".join(parts)


def sheet_xml(rows, doctype="", after_sheetdata=""):
    """Default-namespace worksheet. `rows` is the raw inner XML of <sheetData>."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + doctype
        + '<worksheet xmlns="%s" xmlns:r="%s"><sheetData>' % (NS_MAIN, NS_R)
        + rows
        + "</sheetData>"
        + after_sheetdata
        + "</worksheet>"
    )


def sst_xml(items, doctype=""):
    """items: raw inner XML of each <si> (e.g. '<t>Hola</t>')."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + doctype
        + '<sst xmlns="%s" count="%d" uniqueCount="%d">' % (NS_MAIN, len(items), len(items))
        + "".join("<si>%s</si>" % i for i in items)
        + "</sst>"
    )


def styles_xml(numfmts=(), xf_numfmts=(0,), ns=NS_MAIN):
    """numfmts: list of (id, formatCode already XML-escaped); xf_numfmts: numFmtId per cellXfs xf."""
    parts = [XML_DECL, '<styleSheet xmlns="%s">' % ns]
    if numfmts:
        parts.append('<numFmts count="%d">' % len(numfmts))
        for nid, code in numfmts:
            parts.append('<numFmt numFmtId="%d" formatCode="%s"/>' % (nid, code))
        parts.append("</numFmts>")
    parts.append(
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    )
    parts.append('<cellXfs count="%d">' % len(xf_numfmts))
    for nid in xf_numfmts:
        if nid:
            parts.append(
                '<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' % nid
            )
        else:
            parts.append('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>')
    parts.append("</cellXfs>")
    parts.append('<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>')
    parts.append("</styleSheet>")
    return "".join(parts)


def workbook_xml(sheets, ns=NS_MAIN, rns=NS_R, workbook_pr="", extra_attrs=""):
    """sheets: list of (name, sheetId, rId)."""
    parts = [XML_DECL, '<workbook xmlns="%s" xmlns:r="%s"%s>' % (ns, rns, extra_attrs)]
    if workbook_pr:
        parts.append(workbook_pr)
    parts.append("<sheets>")
    for name, sid, rid in sheets:
        parts.append('<sheet name="%s" sheetId="%d" r:id="%s"/>' % (name, sid, rid))
    parts.append("</sheets></workbook>")
    return "".join(parts)


def std_workbook(sheets, sst=None, styles=None, missing=(), sheet_targets=None):
    """Build the entries of a minimal standard-layout workbook.

    sheets: list of (sheet name, worksheet XML)   -> xl/worksheets/sheetN.xml
    sst/styles: XML of xl/sharedStrings.xml / xl/styles.xml (omitted when None)
    missing: 1-based indices of sheets listed in the workbook whose part is
             NOT written to the zip (nor to [Content_Types].xml)
    sheet_targets: optional dict index -> relationship Target override
    """
    sheet_targets = sheet_targets or {}
    overrides = [("/xl/workbook.xml", CT_WORKBOOK)]
    wb_rels = []
    wb_sheets = []
    entries = OrderedDict()
    for i, (name, _xml) in enumerate(sheets, 1):
        if i not in missing:
            overrides.append(("/xl/worksheets/sheet%d.xml" % i, CT_SHEET))
        wb_sheets.append((name, i, "rId%d" % i))
        wb_rels.append(("rId%d" % i, RT + "/worksheet", sheet_targets.get(i, "worksheets/sheet%d.xml" % i)))
    n = len(sheets)
    if styles is not None:
        overrides.append(("/xl/styles.xml", CT_STYLES))
        wb_rels.append(("rId%d" % (n + 1), RT + "/styles", "styles.xml"))
    if sst is not None:
        overrides.append(("/xl/sharedStrings.xml", CT_SST))
        wb_rels.append(("rId%d" % (n + 2), RT + "/sharedStrings", "sharedStrings.xml"))
    entries["[Content_Types].xml"] = content_types(overrides)
    entries["_rels/.rels"] = rels_xml([("rId1", RT + "/officeDocument", "xl/workbook.xml")])
    entries["xl/workbook.xml"] = workbook_xml(wb_sheets)
    entries["xl/_rels/workbook.xml.rels"] = rels_xml(wb_rels)
    for i, (_name, xml) in enumerate(sheets, 1):
        if i not in missing:
            entries["xl/worksheets/sheet%d.xml" % i] = xml
    if styles is not None:
        entries["xl/styles.xml"] = styles
    if sst is not None:
        entries["xl/sharedStrings.xml"] = sst
    return entries


def inline_cell(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


# 1. openpyxl_basico.xlsx ---------------------------------------------------------
def make_openpyxl_basico():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.properties.creator = "make_fixtures.py"
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    ws = wb.active
    ws.title = "Datos"
    for col, text in zip("ABCDEF", ["Código", "Valor", "Fecha", "Activo", "Fórmula", "Monto"]):
        ws[col + "1"] = text
    ws["A2"] = "7867"
    ws["B2"] = 0.1698
    ws["B2"].number_format = "0.00%"
    ws["C2"] = datetime.datetime(2021, 3, 31)
    ws["C2"].number_format = "dd/mm/yyyy"
    ws["D2"] = True
    ws["E2"] = "=B2*2"
    ws["F2"] = 12345.5
    ws["F2"].number_format = "#,##0.00"
    ws["AA3"] = "columna AA"
    ws["C5"] = 42
    ws["A7"] = "Título fusionado"
    ws.merge_cells("A7:D7")
    oculta = wb.create_sheet("Oculta")
    oculta["A1"] = "x"
    oculta.sheet_state = "hidden"
    muy = wb.create_sheet("MuyOculta")
    muy["A1"] = "y"
    muy.sheet_state = "veryHidden"
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl stamps "modified" with now(): fixed below
    data = renormalize_zip(buf.getvalue(), {"docProps/core.xml": fix_core_dates})
    return write_file("openpyxl_basico.xlsx", data)


# 2. xlsxwriter_basico.xlsx ---------------------------------------------------------
def make_xlsxwriter_basico():
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"date_1904": True, "in_memory": True})
    wb.set_properties({"author": "make_fixtures.py", "created": FIXED_DT})
    ws = wb.add_worksheet("Hoja1")
    bold = wb.add_format({"bold": True})
    italic = wb.add_format({"italic": True})
    pct = wb.add_format({"num_format": "0%"})
    fdate = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_string("A1", "Texto")
    ws.write_rich_string("B1", bold, "Hola ", italic, "mundo")
    ws.write_number("A2", 0.5, pct)
    ws.write_datetime("B2", datetime.datetime(2021, 3, 31), fdate)
    ws.write_formula("A3", "=1/0", None, "#DIV/0!")
    ws.write_formula("B3", '="a"&"b"', None, "ab")
    ws.write_formula("C3", "=2+3", None, 5)
    ws.write_boolean("A4", True)
    ws.write_number("A5", 3.14159)
    ws2 = wb.add_worksheet("Segunda")
    ws2.write_string("A1", "fin")
    wb.close()
    data = renormalize_zip(buf.getvalue(), {"docProps/core.xml": fix_core_dates})
    return write_file("xlsxwriter_basico.xlsx", data)


# 3. a_mano_peculiar.xlsx ---------------------------------------------------------------
def make_a_mano_peculiar():
    ct = content_types(
        [
            ("/xl/libro.xml", CT_WORKBOOK),
            ("/xl/hojas/zeta.xml", CT_SHEET),
            ("/xl/hojas/alfa.xml", CT_SHEET),
            ("/xl/cadenas.xml", CT_SST),
            ("/xl/estilos.xml", CT_STYLES),
        ]
    )
    root_rels = rels_xml([("rId1", RT + "/officeDocument", "/xl/libro.xml")])
    libro = workbook_xml([("Primera", 1, "rId7"), ("Segunda", 2, "rId3")])
    libro_rels = rels_xml(
        [
            ("rId3", RT + "/worksheet", "hojas/alfa.xml"),
            ("rId1", RT + "/styles", "estilos.xml"),
            ("rId7", RT + "/worksheet", "hojas/zeta.xml"),
            ("rId2", RT + "/sharedStrings", "cadenas.xml"),
        ]
    )
    zeta = (
        XML_DECL
        + '<x:worksheet xmlns:x="%s" xmlns:r="%s">' % (NS_MAIN, NS_R)
        + "<x:sheetData>"
        # row 1: no r on row nor cells -> A1, B1, C1
        + "<x:row>"
        + '<x:c t="s"><x:v>0</x:v></x:c>'
        + "<x:c><x:v>1.5</x:v></x:c>"
        + '<x:c t="inlineStr"><x:is><x:t>en línea</x:t></x:is></x:c>'
        + "</x:row>"
        # row 3: last possible column
        + '<x:row r="3"><x:c r="XFD3"><x:v>7</x:v></x:c></x:row>'
        # row without r -> row 4; B4 explicit, following cell without r -> C4
        + "<x:row>"
        + '<x:c r="B4" t="b"><x:v>1</x:v></x:c>'
        + '<x:c t="e"><x:v>#N/A</x:v></x:c>'
        + "</x:row>"
        # row 5: formulas
        + '<x:row r="5">'
        + '<x:c r="A5"><x:f>SUM(A1:A2)</x:f></x:c>'
        + '<x:c r="B5" t="str"><x:f>"x"&amp;"y"</x:f><x:v>xy</x:v></x:c>'
        + '<x:c r="C5"><x:f t="shared" si="0"/><x:v>10</x:v></x:c>'
        + "</x:row>"
        # row 6: strings
        + '<x:row r="6">'
        + '<x:c r="A6" t="inlineStr"><x:is><x:t xml:space="preserve">  con espacios  </x:t></x:is></x:c>'
        + '<x:c r="B6" t="s"><x:v>1</x:v></x:c>'
        + '<x:c r="C6" t="s"><x:v>2</x:v></x:c>'
        + "</x:row>"
        # row 7: number formats
        + '<x:row r="7">'
        + '<x:c r="A7" s="1"><x:v>0.25</x:v></x:c>'
        + '<x:c r="B7" s="2"><x:v>44286</x:v></x:c>'
        + '<x:c r="C7" s="3"><x:v>0.5</x:v></x:c>'
        + '<x:c r="D7" s="4"><x:v>44286.5</x:v></x:c>'
        + '<x:c r="E7" s="5"><x:v>12</x:v></x:c>'
        + '<x:c r="F7" s="6"><x:v>3</x:v></x:c>'
        + '<x:c r="G7" s="7"><x:v>7</x:v></x:c>'
        + "</x:row>"
        + "</x:sheetData>"
        + '<x:mergeCells count="1"><x:mergeCell ref="A10:C11"/></x:mergeCells>'
        + "</x:worksheet>"
    )
    alfa = (
        XML_DECL
        + '<worksheet xmlns="%s"><sheetData>' % NS_MAIN
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>segunda</t></is></c></row>'
        + "</sheetData></worksheet>"
    )
    cadenas = sst_xml(
        [
            "<t>Hola</t>",
            '<r><rPr><b/></rPr><t xml:space="preserve">Hola </t></r><r><t>mundo</t></r>'
            '<rPh sb="0" eb="1"><t>ホラ</t></rPh>',
            "<t>línea_x000D_nueva_x005F_x000D_</t>",
        ]
    )
    estilos = styles_xml(
        numfmts=[
            (164, "0.0%"),
            (165, "[$-409]d/m/yyyy;@"),
            (166, "&quot;%&quot;0"),
            (167, "[h]:mm"),
            (168, "0.00 &quot;días&quot;"),
        ],
        xf_numfmts=[0, 164, 165, 166, 22, 167, 168, 10],
    )
    entries = OrderedDict()
    entries["[Content_Types].xml"] = ct
    entries["_rels/.rels"] = root_rels
    entries["xl/libro.xml"] = libro
    entries["xl/_rels/libro.xml.rels"] = libro_rels
    # zip order deliberately differs from workbook order (alfa = 2nd sheet first)
    entries["xl/hojas/alfa.xml"] = alfa
    entries["xl/hojas/zeta.xml"] = zeta
    entries["xl/cadenas.xml"] = cadenas
    entries["xl/estilos.xml"] = estilos
    return write_file("a_mano_peculiar.xlsx", zip_bytes(entries))


# 4. estricto.xlsx -------------------------------------------------------------------
def make_estricto():
    srt = NS_STRICT_R
    entries = OrderedDict()
    entries["[Content_Types].xml"] = content_types(
        [
            ("/xl/workbook.xml", CT_WORKBOOK),
            ("/xl/worksheets/sheet1.xml", CT_SHEET),
            ("/xl/styles.xml", CT_STYLES),
            ("/xl/sharedStrings.xml", CT_SST),
        ]
    )
    entries["_rels/.rels"] = rels_xml([("rId1", srt + "/officeDocument", "xl/workbook.xml")])
    entries["xl/workbook.xml"] = workbook_xml(
        [("Estricta", 1, "rId1")],
        ns=NS_STRICT_MAIN,
        rns=NS_STRICT_R,
        workbook_pr='<workbookPr date1904="true"/>',
        extra_attrs=' conformance="strict"',
    )
    entries["xl/_rels/workbook.xml.rels"] = rels_xml(
        [
            ("rId1", srt + "/worksheet", "worksheets/sheet1.xml"),
            ("rId2", srt + "/styles", "styles.xml"),
            ("rId3", srt + "/sharedStrings", "sharedStrings.xml"),
        ]
    )
    entries["xl/worksheets/sheet1.xml"] = (
        XML_DECL
        + '<worksheet xmlns="%s" xmlns:r="%s">' % (NS_STRICT_MAIN, NS_STRICT_R)
        + '<dimension ref="A1:B1"/><sheetData><row r="1">'
        + '<c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c>'
        + "</row></sheetData></worksheet>"
    )
    entries["xl/styles.xml"] = styles_xml(ns=NS_STRICT_MAIN)
    entries["xl/sharedStrings.xml"] = (
        XML_DECL
        + '<sst xmlns="%s" count="1" uniqueCount="1"><si><t>estricto</t></si></sst>' % NS_STRICT_MAIN
    )
    return write_file("estricto.xlsx", zip_bytes(entries))


# Hostile files --------------------------------------------------------------------------
def minimal_sheet(text="hola"):
    return sheet_xml('<row r="1">%s</row>' % inline_cell("A1", text))


def make_pdf():
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # content stream, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 18 Tf 72 720 Td (No es una hoja de calculo) Tj ET"
    objs[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n" % (len(objs) + 1)
    pdf += b"0000000000 65535 f \n"
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(pdf)


def make_xls():
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Hoja1")
    ws.write(0, 0, "Código")
    ws.write(0, 1, "Valor")
    ws.write(1, 0, "7867")
    ws.write(1, 1, 12.5)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_encrypted(plain, password):
    import msoffcrypto
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile

    # Deterministic "random" salts/keys and a fixed CFB timestamp, so the
    # fixture is reproducible.  (Never do this outside test fixtures.)
    counter = [0]

    def fixed_random(size):
        outb = b""
        while len(outb) < size:
            outb += hashlib.sha256(b"make_fixtures.py/%d" % counter[0]).digest()
            counter[0] += 1
        return outb[:size]

    class FixedDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2021, 3, 31, 0, 0, 0)

    saved = (agile._random_buffer, container.datetime)
    agile._random_buffer = fixed_random
    container.datetime = FixedDatetime
    try:
        f = msoffcrypto.OfficeFile(io.BytesIO(plain))
        outb = io.BytesIO()
        f.encrypt(password, outb)
    finally:
        agile._random_buffer, container.datetime = saved
    return outb.getvalue()


def make_ods():
    content = (
        XML_DECL
        + '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        '<table:table table:name="Hoja1"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>hola</text:p></table:table-cell>'
        "</table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        XML_DECL
        + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    entries = OrderedDict()
    entries["mimetype"] = Stored("application/vnd.oasis.opendocument.spreadsheet")
    entries["content.xml"] = content
    entries["META-INF/manifest.xml"] = manifest
    return zip_bytes(entries)


BOMB_TOTAL = 300_000_000


def make_bomba_zip():
    head = b(sheet_xml('<row r="1">%s</row>' % inline_cell("A1", "bomba")))
    assert head.endswith(b"</worksheet>")
    prefix, suffix = head[: -len(b"</worksheet>")], b"</worksheet>"
    pad = BOMB_TOTAL - len(prefix) - len(suffix)

    def chunks():
        yield prefix
        block = b" " * (1 << 20)
        left = pad
        while left:
            n = min(left, len(block))
            yield block[:n]
            left -= n
        yield suffix

    entries = std_workbook([("Hoja1", "")])
    entries["xl/worksheets/sheet1.xml"] = Streamed(chunks)
    return zip_bytes(entries)


def billion_laughs_doctype(root):
    ents = ['<!ENTITY lol "lol">']
    prev = "lol"
    for i in range(1, 10):
        ents.append('<!ENTITY lol%d "%s">' % (i, ("&%s;" % prev) * 10))
        prev = "lol%d" % i
    return "<!DOCTYPE %s [\n %s\n]>\n" % (root, "\n ".join(ents))


def make_hostile(basico):
    files = OrderedDict()
    files["vacio.xlsx"] = b""
    files["csv_renombrado.xlsx"] = b(
        "Código;Descripción;Importe;Fecha\n"
        "7867;Tornillo M6;12,50;31/03/2021\n"
        "7868;Tuerca M6;0,35;31/03/2021\n"
    )
    files["pdf_renombrado.xlsx"] = make_pdf()
    files["xls_renombrado.xlsx"] = make_xls()
    files["cifrado.xlsx"] = make_encrypted(basico, "clave")
    files["ods_renombrado.xlsx"] = make_ods()
    files["truncado.xlsx"] = basico[: int(len(basico) * 0.6)]

    corrupt = bytearray(basico)
    _, _, cd_offset, _ = eocd_info(basico)
    corrupt[cd_offset + 16: cd_offset + 32] = b"\xff" * 16
    files["directorio_corrupto.xlsx"] = bytes(corrupt)

    files["bomba_zip.xlsx"] = make_bomba_zip()

    files["tamano_declarado.xlsx"] = patch_uncompressed_size(
        zip_bytes(std_workbook([("Hoja1", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'))])),
        "xl/worksheets/sheet1.xml",
        0x7FFFFFF0,
    )

    files["bomba_entidades.xlsx"] = zip_bytes(
        std_workbook(
            [("Hoja1", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
            sst=sst_xml(["<t>&lol9;</t>"], doctype=billion_laughs_doctype("sst")),
        )
    )

    files["xxe.xlsx"] = zip_bytes(
        std_workbook(
            [
                (
                    "Hoja1",
                    sheet_xml(
                        '<row r="1">%s</row>' % inline_cell("A1", "&xxe;"),
                        doctype='<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
                    ),
                )
            ]
        )
    )

    e = std_workbook(
        [("Hoja1", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
        sst=sst_xml(["<t>mal__BAD__o</t>"]),
    )
    e["xl/sharedStrings.xml"] = b(e["xl/sharedStrings.xml"]).replace(b"__BAD__", b"\xc3\x28")
    files["utf8_invalido.xlsx"] = zip_bytes(e)

    files["xml_malformado.xlsx"] = zip_bytes(
        std_workbook([("Hoja1", sheet_xml('<row r="1"><c r="A1"><v>1</v></c>'))])  # <row> never closed
    )

    e = OrderedDict()
    e["[Content_Types].xml"] = content_types([("/xl/workbook.xml", CT_WORKBOOK)])
    e["_rels/.rels"] = rels_xml([("rId1", RT + "/officeDocument", "xl/workbook.xml")])
    files["sin_workbook.xlsx"] = zip_bytes(e)

    files["rel_afuera.xlsx"] = zip_bytes(
        std_workbook([("Hoja1", minimal_sheet("no debería leerse"))], sheet_targets={1: "../../etc/passwd"})
    )

    files["cadena_fuera_de_rango.xlsx"] = zip_bytes(
        std_workbook(
            [("Hoja1", sheet_xml('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'))],
            sst=sst_xml(["<t>uno</t>", "<t>dos</t>"]),
        )
    )

    files["estilo_fuera_de_rango.xlsx"] = zip_bytes(
        std_workbook(
            [
                ("Hoja1", sheet_xml('<row r="1"><c r="A1" s="999"><v>1</v></c></row>')),
                ("Hoja2", sheet_xml('<row r="1"><c r="A1" s="-1"><v>1</v></c></row>')),
            ],
            styles=styles_xml(),
        )
    )

    depth = 5000
    files["anidado_profundo.xlsx"] = zip_bytes(
        std_workbook(
            [("Hoja1", sheet_xml('<row r="1"><c r="A1">' + "<x>" * depth + "profundo" + "</x>" * depth + "</c></row>"))]
        )
    )

    files["cadena_larga.xlsx"] = zip_bytes(
        std_workbook([("Hoja1", sheet_xml('<row r="1">%s</row>' % inline_cell("A1", "a" * 40000)))])
    )

    files["hoja_faltante.xlsx"] = zip_bytes(
        std_workbook([("Hoja1", minimal_sheet("uno")), ("Hoja2", minimal_sheet("dos"))], missing=(2,))
    )

    e = std_workbook([("Hoja1", minimal_sheet("antes__NUL__despues"))])
    e["xl/worksheets/sheet1.xml"] = b(e["xl/worksheets/sheet1.xml"]).replace(b"__NUL__", b"\x00")
    files["nul.xlsx"] = zip_bytes(e)

    for name, data in files.items():
        write_file(name, data)
    return files


# Verification ---------------------------------------------------------------------------
def verify():
    import openpyxl

    ok = True

    def check(cond, msg):
        nonlocal ok
        if not cond:
            ok = False
            print("FAIL:", msg)

    wb = openpyxl.load_workbook(out("openpyxl_basico.xlsx"))
    check(wb.sheetnames == ["Datos", "Oculta", "MuyOculta"], "openpyxl sheet names")
    check([ws.sheet_state for ws in wb.worksheets] == ["visible", "hidden", "veryHidden"], "states")
    d = wb["Datos"]
    check([d[c + "1"].value for c in "ABCDEF"] == ["Código", "Valor", "Fecha", "Activo", "Fórmula", "Monto"], "hdr")
    check(d["A2"].value == "7867" and d["A2"].data_type == "s", "A2")
    check(d["B2"].value == 0.1698 and d["B2"].number_format == "0.00%", "B2")
    check(d["C2"].value == datetime.datetime(2021, 3, 31) and d["C2"].number_format == "dd/mm/yyyy", "C2")
    check(d["D2"].value is True, "D2")
    check(d["E2"].value == "=B2*2", "E2")
    check(d["F2"].value == 12345.5 and d["F2"].number_format == "#,##0.00", "F2")
    check(d["AA3"].value == "columna AA", "AA3")
    check(d["C5"].value == 42 and isinstance(d["C5"].value, int), "C5")
    check(d["A7"].value == "Título fusionado", "A7")
    check([str(r) for r in d.merged_cells.ranges] == ["A7:D7"], "merge")
    check(wb["Oculta"]["A1"].value == "x" and wb["MuyOculta"]["A1"].value == "y", "hidden values")
    wbv = openpyxl.load_workbook(out("openpyxl_basico.xlsx"), data_only=True)
    check(wbv["Datos"]["E2"].value is None, "E2 has no cached value")

    wb = openpyxl.load_workbook(out("xlsxwriter_basico.xlsx"), rich_text=True)
    check(wb.sheetnames == ["Hoja1", "Segunda"], "xw names")
    check(wb.epoch == openpyxl.utils.datetime.CALENDAR_MAC_1904, "xw 1904")
    h = wb["Hoja1"]
    check(h["A1"].value == "Texto", "xw A1")
    check(str(h["B1"].value) == "Hola mundo" and len(h["B1"].value) == 2, "xw B1 rich")
    check(h["A2"].value == 0.5 and h["A2"].number_format == "0%", "xw A2")
    check(h["B2"].value == datetime.datetime(2021, 3, 31) and h["B2"].number_format == "yyyy-mm-dd", "xw B2")
    check(h["A3"].value == "=1/0" and h["B3"].value == '="a"&"b"' and h["C3"].value == "=2+3", "xw formulas")
    check(h["A4"].value is True and h["A5"].value == 3.14159 and h["A5"].number_format == "General", "xw A4/A5")
    check(wb["Segunda"]["A1"].value == "fin", "xw Segunda")
    wbv = openpyxl.load_workbook(out("xlsxwriter_basico.xlsx"), data_only=True)
    hv = wbv["Hoja1"]
    check(hv["A3"].value == "#DIV/0!" and hv["B3"].value == "ab" and hv["C3"].value == 5, "xw cached")

    # a_mano_peculiar: openpyxl resolves workbook/sheets/sharedStrings via
    # content types + rels, but always reads styles from the fixed path
    # xl/styles.xml, so it ignores estilos.xml (number formats show as General).
    def with_styles_alias(path):
        src = zipfile.ZipFile(path)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as dst:
            for n in src.namelist():
                dst.writestr(n, src.read(n))
            dst.writestr("xl/styles.xml", src.read("xl/estilos.xml"))
        return buf

    try:
        openpyxl.load_workbook(out("a_mano_peculiar.xlsx"))
        print("note: openpyxl now opens a_mano_peculiar.xlsx unaided")
    except IndexError:
        pass  # openpyxl 3.1.x: styles path hard-coded, s="1".."7" out of range
    wb = openpyxl.load_workbook(with_styles_alias(out("a_mano_peculiar.xlsx")))
    check(wb.sheetnames == ["Primera", "Segunda"], "peculiar names")
    p = wb["Primera"]
    expected = {
        "A1": "Hola", "B1": 1.5, "C1": "en línea", "XFD3": 7, "B4": True, "C4": "#N/A",
        "A5": "=SUM(A1:A2)", "B5": '="x"&"y"', "A6": "  con espacios  ", "B6": "Hola mundo",
        "A7": 0.25, "B7": datetime.datetime(2021, 3, 31), "C7": 0.5,
        "D7": datetime.datetime(2021, 3, 31, 12), "E7": datetime.timedelta(days=12), "F7": 3, "G7": 7,
    }
    # C6 (shared string 2) is not checked through openpyxl: openpyxl 3.1.5 returns
    # 'línea_x000D_nueva_x000D_'; the ECMA-376 decoding is 'línea\rnueva_x000D_'.
    check(zipfile.ZipFile(out("a_mano_peculiar.xlsx")).read("xl/cadenas.xml").count(b"_x005F_x000D_") == 1, "si2")
    formats = {"A7": "0.0%", "B7": "[$-409]d/m/yyyy;@", "C7": '"%"0', "D7": "m/d/yy h:mm",
               "E7": "[h]:mm", "F7": '0.00 "días"', "G7": "0.00%"}
    for ref, fmt in formats.items():
        check(p[ref].number_format == fmt, "peculiar fmt %s: %r" % (ref, p[ref].number_format))
    for ref, val in expected.items():
        check(p[ref].value == val, "peculiar %s: %r != %r" % (ref, p[ref].value, val))
    check([str(r) for r in p.merged_cells.ranges] == ["A10:C11"], "peculiar merge")
    check(wb["Segunda"]["A1"].value == "segunda", "peculiar Segunda")
    pv = openpyxl.load_workbook(with_styles_alias(out("a_mano_peculiar.xlsx")), data_only=True)["Primera"]
    check(pv["B5"].value == "xy" and pv["C5"].value == 10 and pv["A5"].value is None, "peculiar cached")

    # estricto: openpyxl 3.1.x does not support Strict OOXML (it loads it with
    # zero sheets and a warning); just make sure the
    # package is structurally sound (well-formed XML, all rel targets exist).
    import xml.dom.minidom as minidom
    for name in ["estricto.xlsx", "a_mano_peculiar.xlsx"]:
        z = zipfile.ZipFile(out(name))
        check(z.testzip() is None, name + " crc")
        for n in z.namelist():
            minidom.parseString(z.read(n))
    z = zipfile.ZipFile(out("estricto.xlsx"))
    for t in ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/sharedStrings.xml"]:
        check(t in z.namelist(), "estricto " + t)

    # hostile files: sanity checks of the intended defect
    import msoffcrypto
    with open(out("cifrado.xlsx"), "rb") as fh:
        of = msoffcrypto.OfficeFile(fh)
        check(of.is_encrypted(), "cifrado encrypted")
        of.load_key(password="clave")
        dec = io.BytesIO()
        of.decrypt(dec)
    check(dec.getvalue() == open(out("openpyxl_basico.xlsx"), "rb").read(), "cifrado roundtrip")
    check(open(out("xls_renombrado.xlsx"), "rb").read(8) == bytes.fromhex("D0CF11E0A1B11AE1"), "xls magic")
    check(open(out("cifrado.xlsx"), "rb").read(8) == bytes.fromhex("D0CF11E0A1B11AE1"), "cfb magic")
    z = zipfile.ZipFile(out("bomba_zip.xlsx"))
    info = z.getinfo("xl/worksheets/sheet1.xml")
    check(info.file_size == BOMB_TOTAL, "bomb size")
    z = zipfile.ZipFile(out("tamano_declarado.xlsx"))
    check(z.getinfo("xl/worksheets/sheet1.xml").file_size == 0x7FFFFFF0, "declared size")

    import xml.parsers.expat

    def wellformed(data):
        p = xml.parsers.expat.ParserCreate()
        try:
            p.Parse(data, True)
            return True
        except xml.parsers.expat.ExpatError:
            return False

    def member(fname, part):
        return zipfile.ZipFile(out(fname)).read(part)

    check(not wellformed(member("xml_malformado.xlsx", "xl/worksheets/sheet1.xml")), "malformed")
    check(not wellformed(member("utf8_invalido.xlsx", "xl/sharedStrings.xml")), "utf8")
    check(not wellformed(member("nul.xlsx", "xl/worksheets/sheet1.xml")), "nul")
    check(wellformed(member("anidado_profundo.xlsx", "xl/worksheets/sheet1.xml")), "deep is well-formed")
    check(wellformed(member("cadena_larga.xlsx", "xl/worksheets/sheet1.xml")), "long is well-formed")
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".xlsx") and name != "bomba_zip.xlsx":
            size = os.path.getsize(out(name))
            check(size < 300 * 1024, "%s is %d bytes" % (name, size))
    check(os.path.getsize(out("bomba_zip.xlsx")) < 400 * 1024, "bomb file size")
    return ok


def main():
    basico = make_openpyxl_basico()
    make_xlsxwriter_basico()
    make_a_mano_peculiar()
    make_estricto()
    make_hostile(basico)
    if "--no-verify" not in sys.argv:
        if not verify():
            sys.exit(1)
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".xlsx"):
            print("%-30s %8d bytes" % (name, os.path.getsize(out(name))))


if __name__ == "__main__":
    main()
