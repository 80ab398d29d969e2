#!/usr/bin/env python3
"""Writes the fuzzer's seed packages into Tests/Fuzz/semillas/: minimal
workbooks whose sheet, sharedStrings and styles parts vary, each also stored
uncompressed so libFuzzer's mutations reach the XML bytes."""
import io
import os
import zipfile

BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'semillas')
CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="H" sheetId="1" r:id="rId1"/></sheets></workbook>'
WBR = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
SST = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>'
STY = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>'
SHEETS = {
    'basica': '<c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>0.5</v></c><c r="C1" t="inlineStr"><is><t>x</t></is></c>',
    'tipos': '<c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>1</f><v>y</v></c><c><f>A1</f></c><c s="2"><v>44286</v></c>',
    'sin_r': '<c><v>1</v></c><c><v>2</v></c>',
}


def package(sheet, method):
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', method) as z:
        for name, data in [('[Content_Types].xml', CT), ('_rels/.rels', RELS), ('xl/workbook.xml', WB),
                           ('xl/_rels/workbook.xml.rels', WBR), ('xl/sharedStrings.xml', SST),
                           ('xl/styles.xml', STY), ('xl/worksheets/sheet1.xml', sheet)]:
            info = zipfile.ZipInfo(name, date_time=(2021, 3, 31, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return out.getvalue()


def main():
    os.makedirs(BASE, exist_ok=True)
    for name, cells in SHEETS.items():
        sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 f'<sheetData><row r="1">{cells}</row><row><c r="XFD2"><v>9</v></c></row></sheetData>'
                 '<mergeCells><mergeCell ref="A5:B6"/></mergeCells></worksheet>')
        open(os.path.join(BASE, f'semilla_{name}.xlsx'), 'wb').write(package(sheet, zipfile.ZIP_DEFLATED))
        open(os.path.join(BASE, f'semilla_{name}_sin_comprimir.xlsx'), 'wb').write(package(sheet, zipfile.ZIP_STORED))


if __name__ == '__main__':
    main()
