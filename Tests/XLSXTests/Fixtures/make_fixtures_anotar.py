#!/usr/bin/env python3
"""Generate the fixtures of the annotated copy (WorkbookAnnotator).

Run from anywhere:  python3 Tests/XLSXTests/Fixtures/make_fixtures_anotar.py

Requirements: openpyxl, XlsxWriter (pip install openpyxl XlsxWriter).
Helpers (fixed zip timestamps, content types, rels) come from
make_fixtures.py beside this file, so the output is deterministic in the
same way. What each file holds is in FIXTURES_ANOTAR.md.

The annotator also runs on fixtures of make_fixtures.py
(openpyxl_basico, xlsxwriter_basico, a_mano_peculiar) and on an example
inbox file; the two files here add what those lack.
"""

import io
import os
import sys
import zipfile
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# This folder is a test resource bundle: no __pycache__ in it.
sys.dont_write_bytecode = True

import make_fixtures as mf  # noqa: E402

NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
NS_X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
NS_X15AC = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"
CT_CALC = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
RT_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


# 1. anotar_nombres_definidos.xlsx ---------------------------------------------
def make_nombres_definidos():
    """XlsxWriter: defined names with localSheetId, an active tab that is
    not the first, a sender sheet already called «Errores», a name with an
    apostrophe, a hidden sheet, row and column styles, a merged title."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"author": "make_fixtures_anotar.py", "created": mf.FIXED_DT})
    pct = wb.add_format({"num_format": "0.00%", "bold": True, "border": 1})
    fecha = wb.add_format({"num_format": "dd/mm/yyyy"})
    gris = wb.add_format({"bg_color": "#DDDDDD"})
    entero = wb.add_format({"num_format": "#,##0"})

    portada = wb.add_worksheet("Portada")
    portada.write_string("A1", "Plan de Acción Institucional")
    portada.write_number("B2", 0.5, pct)

    metas = wb.add_worksheet("Metas")
    metas.merge_range("A1:D1", "Metas del proyecto")
    for col, text in enumerate(["Código", "Meta", "Avance", "Fecha"]):
        metas.write_string(2, col, text)
    for i in range(4):
        row = 3 + i
        metas.write_number(row, 0, 7867 + i)
        metas.write_string(row, 1, "Meta %d" % (i + 1))
        metas.write_number(row, 2, 0.25 * (i + 1), pct)
        metas.write_number(row, 3, 44286 + i, fecha)
    metas.write_formula("B8", "=SUM(A4:A7)", entero, 31474)
    metas.autofilter("A3:D7")
    metas.print_area("A1:D8")
    # Row 10 styled as a whole (no cells), column F styled as a whole.
    metas.set_row(9, None, gris)
    metas.set_column("F:F", 12, pct)
    metas.activate()
    metas.set_first_sheet()

    errores = wb.add_worksheet("Errores")
    errores.write_string("A1", "hoja del remitente con el mismo nombre")

    plan = wb.add_worksheet("Plan d'acción")
    plan.write_string("A1", "Actividad")
    plan.write_number("B2", 3)

    listas = wb.add_worksheet("Listas")
    listas.write_string("A1", "Suma")
    listas.hide()

    wb.define_name("Tasa", "=Portada!$B$2")
    wb.define_name("Metas!Total", "=Metas!$B$8")
    wb.define_name("'Plan d'acción'!Inicio", "='Plan d''acción'!$A$1")
    wb.close()
    data = mf.renormalize_zip(buf.getvalue(), {"docProps/core.xml": mf.fix_core_dates})
    return mf.write_file("anotar_nombres_definidos.xlsx", data)


# 2. anotar_a_mano.xlsx ----------------------------------------------------------
def make_a_mano():
    """Hand-written, Excel-like: markup compatibility namespaces, comments
    and processing instructions, `&amp;` in attributes and text, CDATA, a
    calcChain, no styles part, no bookViews, no definedNames, a zip
    directory entry and a stored (uncompressed) part."""
    decl = mf.XML_DECL
    workbook = (
        decl
        + '<?mso-application progid="Excel.Sheet"?>'
        + '<workbook xmlns="%s" xmlns:r="%s" xmlns:mc="%s" xmlns:x15="%s" '
        'mc:Ignorable="x15">' % (mf.NS_MAIN, mf.NS_R, NS_MC, NS_X15)
        + '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
        + '<workbookPr defaultThemeVersion="166925"/>'
        + "<!-- hecho a mano -->"
        + '<mc:AlternateContent xmlns:mc="%s"><mc:Choice Requires="x15">'
        '<x15ac:absPath xmlns:x15ac="%s" url="C:\\Planeaci&#243;n\\"/>'
        "</mc:Choice></mc:AlternateContent>" % (NS_MC, NS_X15AC)
        + "<sheets>"
        + '<sheet name="Datos" sheetId="3" r:id="rId1"/>'
        + '<sheet name="A&#241;o 2021 &amp; m&#225;s" sheetId="7" r:id="rId2"/>'
        + "</sheets>"
        + '<calcPr calcId="191029"/>'
        + "</workbook>"
    )
    datos = (
        decl
        + '<worksheet xmlns="%s" xmlns:r="%s" xmlns:mc="%s" xmlns:x14ac="%s" '
        'mc:Ignorable="x14ac">' % (mf.NS_MAIN, mf.NS_R, NS_MC, NS_X14AC)
        + '<dimension ref="A1:C3"/>'
        + '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<selection activeCell="B2" sqref="B2"/></sheetView></sheetViews>'
        + '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
        + "<sheetData>"
        + '<row r="1" spans="1:3" x14ac:dyDescent="0.25">'
        + '<c r="A1" t="inlineStr"><is><t xml:space="preserve">  Código &amp; nombre  </t></is></c>'
        + '<c r="B1" t="inlineStr"><is><t><![CDATA[Meta <1>]]></t></is></c>'
        + '<c r="C1" t="inlineStr"><is><t>línea_x000D_dos</t></is></c>'
        + "</row>"
        + "<!-- fila 2: números y una fórmula -->"
        + '<row r="2" spans="1:3" x14ac:dyDescent="0.25">'
        + '<c r="A2"><v>7867</v></c>'
        + '<c r="C2" t="str"><f>A2&amp;"x"</f><v>7867x</v></c>'
        + "</row>"
        + '<row r="3" spans="1:3" x14ac:dyDescent="0.25">'
        + '<c r="A3" t="inlineStr"><is><t>ir</t></is></c>'
        + "</row>"
        + "</sheetData>"
        + '<hyperlinks><hyperlink ref="A3" location="\'A&#241;o 2021 &amp; m&#225;s\'!A1" '
        'display="A&#241;o &amp; m&#225;s &lt;2021&gt;"/></hyperlinks>'
        + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        + "</worksheet>"
    )
    anio = (
        decl
        + '<worksheet xmlns="%s"><sheetData>' % mf.NS_MAIN
        + '<row r="2"><c r="B2"><v>2021</v></c></row>'
        + "</sheetData></worksheet>"
    )
    calc = decl + '<calcChain xmlns="%s"><c r="C2" i="3"/></calcChain>' % mf.NS_MAIN
    app = (
        decl
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        + "<Application>Microsoft Excel</Application></Properties>"
    )
    entries = OrderedDict()
    entries["[Content_Types].xml"] = mf.content_types(
        [
            ("/xl/workbook.xml", mf.CT_WORKBOOK),
            ("/xl/worksheets/sheet1.xml", mf.CT_SHEET),
            ("/xl/worksheets/sheet2.xml", mf.CT_SHEET),
            ("/xl/calcChain.xml", CT_CALC),
            ("/docProps/app.xml", CT_APP),
        ]
    )
    entries["_rels/.rels"] = mf.rels_xml(
        [
            ("rId1", mf.RT + "/officeDocument", "xl/workbook.xml"),
            ("rId2", RT_APP, "docProps/app.xml"),
        ]
    )
    entries["docProps/app.xml"] = app
    entries["xl/"] = mf.Stored(b"")
    entries["xl/workbook.xml"] = workbook
    entries["xl/_rels/workbook.xml.rels"] = mf.rels_xml(
        [
            ("rId1", mf.RT + "/worksheet", "worksheets/sheet1.xml"),
            ("rId2", mf.RT + "/worksheet", "worksheets/sheet2.xml"),
            ("rId9", mf.RT + "/calcChain", "calcChain.xml"),
        ]
    )
    entries["xl/worksheets/sheet1.xml"] = datos
    entries["xl/worksheets/sheet2.xml"] = mf.Stored(anio)
    entries["xl/calcChain.xml"] = calc
    return mf.write_file("anotar_a_mano.xlsx", mf.zip_bytes(entries))


# 3. anotar_notas.xlsx -------------------------------------------------------------
def make_notas():
    """openpyxl: a sheet whose cells already have notes (B2 plain text by
    «Oficina TIC», D4 rich text by «Ana»; comments part and VML drawing
    as openpyxl writes them: `xl/comments/comment1.xml`,
    `xl/drawings/commentsDrawing1.vml`, absolute targets), and a sheet
    without any."""
    import openpyxl
    from openpyxl.comments import Comment

    wb = openpyxl.Workbook()
    wb.properties.creator = "make_fixtures_anotar.py"
    wb.properties.created = mf.FIXED_DT
    wb.properties.modified = mf.FIXED_DT
    ws = wb.active
    ws.title = "Datos"
    for col, text in zip("ABCD", ["Código", "Meta", "Avance", "Fecha"]):
        ws[col + "1"] = text
    for row in range(2, 6):
        ws["A%d" % row] = 7866 + row
        ws["B%d" % row] = 100 * row
        ws["C%d" % row] = 0.25 * (row - 1)
    ws["B2"].comment = Comment("Revisar con la jefa de planeación.", "Oficina TIC")
    ws["D4"].comment = Comment("Dato provisional.", "Ana")
    otra = wb.create_sheet("Sin notas")
    otra["A1"] = "Valor"
    otra["A2"] = 3
    buf = io.BytesIO()
    wb.save(buf)

    def rich(xml):
        # D4's text as Excel writes it: the author in bold, then the words.
        plain = b"<text><t>Dato provisional.</t></text>"
        assert plain in xml, xml
        return xml.replace(
            plain,
            b'<text><r><rPr><b/><sz val="9"/></rPr><t>Ana:</t></r>'
            b'<r><rPr><sz val="9"/></rPr><t xml:space="preserve"> Dato provisional.</t></r></text>',
        )

    data = mf.renormalize_zip(
        buf.getvalue(),
        {"docProps/core.xml": mf.fix_core_dates, "xl/comments/comment1.xml": rich},
    )
    return mf.write_file("anotar_notas.xlsx", data)


def verify():
    import openpyxl

    ok = True

    def check(cond, msg):
        nonlocal ok
        if not cond:
            print("FAIL:", msg)
            ok = False

    wb = openpyxl.load_workbook(mf.out("anotar_nombres_definidos.xlsx"))
    check(
        wb.sheetnames == ["Portada", "Metas", "Errores", "Plan d'acción", "Listas"],
        "names %r" % wb.sheetnames,
    )
    check(wb.active.title == "Metas", "active %s" % wb.active.title)
    xml = zipfile.ZipFile(mf.out("anotar_nombres_definidos.xlsx")).read("xl/workbook.xml").decode()
    check('localSheetId="1"' in xml and 'localSheetId="3"' in xml, "localSheetId")
    check('activeTab="1"' in xml and 'firstSheet="1"' in xml, "activeTab/firstSheet")

    z = zipfile.ZipFile(mf.out("anotar_a_mano.xlsx"))
    check("xl/styles.xml" not in z.namelist(), "no styles")
    check(z.getinfo("xl/worksheets/sheet2.xml").compress_type == zipfile.ZIP_STORED, "stored")
    check("xl/" in z.namelist(), "directory entry")
    wb = openpyxl.load_workbook(mf.out("anotar_a_mano.xlsx"))
    check(wb.sheetnames == ["Datos", "Año 2021 & más"], "names %r" % wb.sheetnames)
    check(wb["Datos"]["A1"].value == "  Código & nombre  ", "A1 %r" % wb["Datos"]["A1"].value)
    check(wb["Datos"]["B1"].value == "Meta <1>", "B1")

    wb = openpyxl.load_workbook(mf.out("anotar_notas.xlsx"))
    notas = {c.coordinate: (c.comment.author, c.comment.text)
             for row in wb["Datos"].iter_rows() for c in row if c.comment}
    check(notas == {"B2": ("Oficina TIC", "Revisar con la jefa de planeación."),
                    "D4": ("Ana", "Ana: Dato provisional.")}, "notas %r" % notas)
    names = zipfile.ZipFile(mf.out("anotar_notas.xlsx")).namelist()
    check("xl/comments/comment1.xml" in names, "comments part %r" % names)
    check("xl/drawings/commentsDrawing1.vml" in names, "vml part %r" % names)
    return ok


def main():
    make_nombres_definidos()
    make_a_mano()
    make_notas()
    if not verify():
        sys.exit(1)
    for name in ["anotar_nombres_definidos.xlsx", "anotar_a_mano.xlsx", "anotar_notas.xlsx"]:
        print("%-32s %8d bytes" % (name, os.path.getsize(mf.out(name))))


if __name__ == "__main__":
    main()
