#!/usr/bin/env python3
"""Writes the bad-input corpus into Tests/Hostil/corpus/: at least 60 files
that offices' tools, gateways or attackers could drop in the inbox, each
named after its problem. `esperado.tsv` beside them maps each file to the
finding code the pipeline must reject it with. Deterministic; no network.

    python3 Tests/Hostil/make_corpus.py
"""
import io
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, 'Tests', 'XLSXTests', 'Fixtures')
DATE = (2021, 3, 31, 0, 0, 0)
MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

expected = []


def ct():
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>')


def root_rels(target='xl/workbook.xml'):
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{target}"/></Relationships>')


def workbook(sheets=('Indicadores',)):
    items = ''.join(f'<sheet name="{n}" sheetId="{i+1}" r:id="rId{i+1}"/>' for i, n in enumerate(sheets))
    return f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{items}</sheets></workbook>'


def wb_rels(targets=('worksheets/sheet1.xml',), sst=True, styles=True):
    rels = ''.join(f'<Relationship Id="rId{i+1}" Type="{REL}/worksheet" Target="{t}"/>' for i, t in enumerate(targets))
    if sst:
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    if styles:
        rels += f'<Relationship Id="rIdY" Type="{REL}/styles" Target="styles.xml"/>'
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'


def sst(strings=('Código indicador', 'x')):
    items = ''.join(f'<si><t>{s}</t></si>' for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'


def styles():
    return f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellXfs></styleSheet>'


def sheet(data='<row r="1"><c r="A1" t="s"><v>0</v></c></row>', tail=''):
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData>{tail}</worksheet>'


def parts(**over):
    p = {
        '[Content_Types].xml': ct(), '_rels/.rels': root_rels(), 'xl/workbook.xml': workbook(),
        'xl/_rels/workbook.xml.rels': wb_rels(), 'xl/sharedStrings.xml': sst(), 'xl/styles.xml': styles(),
        'xl/worksheets/sheet1.xml': sheet(),
    }
    for k, v in over.items():
        p[k.replace('__', '/').replace('_CT', '[Content_Types].xml')] = v
    return p


def zipped(p, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', method) as z:
        for name, data in p.items():
            if data is None:
                continue
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.compress_type = method
            z.writestr(info, data.encode('utf-8') if isinstance(data, str) else data)
    return out.getvalue()


def write(name, data, code):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)
    expected.append((name, code))


def good():
    with open(os.path.join(ROOT, 'inbox', 'direccion-contratacion', 'Indicadores_Contratacion_I_trimestre_2021.xlsx'), 'rb') as f:
        return f.read()


def fixture(name):
    with open(os.path.join(FIX, name), 'rb') as f:
        return f.read()


BOMB = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
        '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
        '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
        '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
        '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
        '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>')
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>'


def with_doctype(xml, doctype, entity):
    head, rest = xml.split('?>', 1)
    # Use the entity inside the first text or attribute-free position.
    rest = rest.replace('<sheetData>', f'<sheetData><row r="9"><c r="A9" t="inlineStr"><is><t>{entity}</t></is></c></row>', 1) \
        if '<sheetData>' in rest else rest.replace('><', f'>{entity}<', 1)
    return head + '?>' + doctype + rest


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    g = good()

    # Not a zip at all.
    write('vacio.xlsx', b'', 'archivo-vacio')
    write('bytes_aleatorios.xlsx', bytes((i * 73 + 41) % 256 for i in range(4096)), 'formato-no-xlsx')
    write('ceros.xlsx', b'\0' * 2048, 'formato-no-xlsx')
    write('csv_punto_y_coma.xlsx', 'Código indicador;Nombre;Meta\nCON-01;Índice;100\n'.encode('utf-8'), 'formato-no-xlsx')
    write('csv_latin1.xlsx', 'Código,Nombre\nCON-01,Índice\n'.encode('latin-1'), 'formato-no-xlsx')
    write('texto_plano.xlsx', b'Adjunto el reporte del trimestre.\n', 'formato-no-xlsx')
    write('html_renombrado.xlsx', b'<html><body><table><tr><td>1</td></tr></table></body></html>', 'formato-no-xlsx')
    write('xml_2003_renombrado.xlsx', b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', 'formato-no-xlsx')
    write('pdf_renombrado.xlsx', fixture('pdf_renombrado.xlsx'), 'formato-no-xlsx')
    write('xls_renombrado.xlsx', fixture('xls_renombrado.xlsx'), 'formato-xls')
    write('ods_renombrado.xlsx', fixture('ods_renombrado.xlsx'), 'formato-ods')
    write('cifrado.xlsx', fixture('cifrado.xlsx'), 'libro-cifrado')

    # Damaged zips.
    for pct in (5, 25, 50, 75, 95, 99):
        write(f'truncado_{pct:02d}.xlsx', g[:len(g) * pct // 100], 'zip-danado')
    cd = g.rfind(b'PK\x01\x02')
    d = bytearray(g); d[cd + 20:cd + 36] = b'\xff' * 16
    write('directorio_corrupto.xlsx', bytes(d), 'zip-danado')
    d = bytearray(g); eocd = g.rfind(b'PK\x05\x06'); d[eocd + 16:eocd + 20] = struct.pack('<I', 0x7fffffff)
    write('eocd_desplazado.xlsx', bytes(d), 'zip-danado')
    plain = zipped(parts(), zipfile.ZIP_STORED)
    # A changed letter inside a string keeps the XML valid; only the CRC
    # check at the end of the part can tell.
    d = bytearray(plain); i = plain.find(b'<t>x</t>'); d[i + 3] = ord('y')
    write('crc_incorrecto.xlsx', bytes(d), 'zip-danado')

    # Bombs and lies about size.
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace('</worksheet>', '').encode()
    body = z.compress(head)
    blank = b' ' * (1 << 20)
    for _ in range(300):
        body += z.compress(blank)
    body += z.compress(b'</worksheet>') + z.flush()
    write('bomba_razon.xlsx', raw_zip(parts(), 'xl/worksheets/sheet1.xml', body, len(head) + 300 * (1 << 20) + 12), 'bomba-zip')
    write('tamano_declarado_2gb.xlsx', patch_sizes(zipped(parts()), 'xl/worksheets/sheet1.xml', 0x7FFFFFF0), 'parte-demasiado-grande')
    write('tamano_declarado_4gb.xlsx', patch_sizes(zipped(parts()), 'xl/sharedStrings.xml', 0xFFFFFFF0), 'parte-demasiado-grande')
    write('zip_anidado.xlsx', zipped(parts(**{'xl__worksheets__sheet1.xml': g})), 'xml-malformado')

    # Entity bombs and XXE in each XML part.
    base = parts()
    for part in ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels',
                 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']:
        slug = part.replace('[Content_Types].xml', 'content_types').replace('/', '_').replace('.xml', '').replace('.rels', 'rels').strip('_')
        p = dict(base); p[part] = with_doctype(base[part], BOMB, '&lol9;')
        # [Content_Types].xml is never parsed: its DTD is inert, and the
        # file fails only as the one-header template it is.
        code = 'dtd-prohibido' if part != '[Content_Types].xml' else 'columna-faltante'
        write(f'bomba_entidades_{slug}.xlsx', zipped(p), code)
        p = dict(base); p[part] = with_doctype(base[part], XXE, '&xxe;&net;')
        write(f'xxe_{slug}.xlsx', zipped(p), code)

    # Bad bytes.
    p = dict(base); p['xl/sharedStrings.xml'] = sst().encode().replace(b'<t>x</t>', b'<t>\xc3\x28</t>')
    write('utf8_invalido_cadenas.xlsx', zipped(p), 'codificacion-invalida')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet().encode().replace(b'</sheetData>', b'<row r="2"><c r="A2" t="inlineStr"><is><t>\xff\xfe</t></is></c></row></sheetData>')
    write('utf8_invalido_hoja.xlsx', zipped(p), 'codificacion-invalida')
    p = dict(base); p['xl/workbook.xml'] = workbook().encode().replace(b'Indicadores', b'Indicadores\xe9')
    write('utf8_invalido_libro.xlsx', zipped(p), 'codificacion-invalida')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet().encode().replace(b'<v>0</v>', b'<v>0\x00</v>')
    write('nul_en_hoja.xlsx', zipped(p), 'codificacion-invalida')
    p = dict(base); p['xl/sharedStrings.xml'] = sst().encode().replace(b'<t>x</t>', b'<t>x\x00y</t>')
    write('nul_en_cadenas.xlsx', zipped(p), 'codificacion-invalida')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet().replace('</sheetData>', '<row r="2"></sheetData>')
    write('xml_malformado.xlsx', zipped(p), 'xml-malformado')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = ''
    write('hoja_vacia_0_bytes.xlsx', zipped(p), 'xml-malformado')

    # Sizes and shapes.
    # 10 MB of text that deflates only ~100:1 (random picks among 32 blocks
    # of 256 letters), so the per-cell cap, not the ratio cap, must stop it.
    seed = 12345
    def rnd():
        nonlocal_seed[0] = (nonlocal_seed[0] * 1103515245 + 12345) & 0x7fffffff
        return nonlocal_seed[0]
    nonlocal_seed = [seed]
    blocks = [''.join(chr(97 + rnd() % 26) for _ in range(256)) for _ in range(32)]
    text = ''.join(blocks[rnd() % 32] for _ in range((10 << 20) // 256))
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>' + text + '</t></is></c></row>')
    write('celda_10mb.xlsx', zipped(p), 'texto-demasiado-largo')
    write('un_millon_de_filas.xlsx', million_rows(), 'demasiados-errores')
    cols = ''.join(f'<c r="{col(i)}1" t="inlineStr"><is><t>Código indicador {i}</t></is></c>' for i in range(1, 16385))
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet(f'<row r="1">{cols}</row>')
    write('16384_columnas.xlsx', zipped(p), 'encabezado-no-encontrado')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>')
    write('columna_fuera_de_la_grilla.xlsx', zipped(p), 'referencia-invalida')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1048577"><c r="A1048577"><v>1</v></c></row>')
    write('fila_fuera_de_la_grilla.xlsx', zipped(p), 'referencia-invalida')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>')
    write('filas_desordenadas.xlsx', zipped(p), 'referencia-invalida')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1" t="zz"><v>1</v></c></row>')
    write('tipo_de_celda_desconocido.xlsx', zipped(p), 'valor-invalido')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1"><v>uno</v></c></row>')
    write('numero_que_no_es_numero.xlsx', zipped(p), 'valor-invalido')

    # Broken structure.
    p = dict(base); del p['xl/worksheets/sheet1.xml']
    write('hoja_faltante.xlsx', zipped(p), 'parte-faltante')
    p = dict(base); del p['xl/workbook.xml']
    write('sin_workbook.xlsx', zipped(p), 'parte-faltante')
    p = dict(base); del p['_rels/.rels']
    write('sin_rels_raiz.xlsx', zipped(p), 'parte-faltante')
    p = dict(base); p['xl/_rels/workbook.xml.rels'] = wb_rels(('../../etc/passwd',))
    write('relacion_fuera_del_paquete.xlsx', zipped(p), 'relacion-externa')
    p = dict(base); p['_rels/.rels'] = root_rels('../../../../etc/passwd')
    write('relacion_raiz_fuera.xlsx', zipped(p), 'relacion-externa')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1" t="s"><v>99</v></c></row>')
    write('cadena_fuera_de_rango.xlsx', zipped(p), 'cadena-fuera-de-rango')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>')
    write('cadena_negativa.xlsx', zipped(p), 'cadena-fuera-de-rango')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1" s="-1"><v>1</v></c></row>')
    write('estilo_negativo.xlsx', zipped(p), 'estilo-fuera-de-rango')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1" s="4294967296"><v>1</v></c></row>')
    write('estilo_enorme.xlsx', zipped(p), 'estilo-fuera-de-rango')
    p = dict(base); p['xl/worksheets/sheet1.xml'] = sheet('<row r="1"><c r="A1">' + '<x>' * 5000 + '</x>' * 5000 + '</c></row>')
    write('anidado_profundo.xlsx', zipped(p), 'xml-anidamiento-excesivo')
    p = dict(base); p['xl/workbook.xml'] = workbook(())
    write('libro_sin_hojas.xlsx', zipped(p), 'plantilla-no-reconocida')
    p = dict(base); p['xl/workbook.xml'] = workbook(('Hoja1',)).replace('r:id="rId1"', 'r:id="rId77"')
    write('hoja_con_relacion_inexistente.xlsx', zipped(p), 'parte-faltante')
    many = dict(base)
    for i in range(5000):
        many[f'xl/media/relleno{i}.bin'] = b'x'
    write('cinco_mil_entradas.xlsx', zipped(many), 'columna-faltante')
    write('plantilla_desconocida.xlsx', fixture('openpyxl_basico.xlsx'), 'plantilla-no-reconocida')

    with open(os.path.join(HERE, 'esperado.tsv'), 'w', encoding='utf-8') as f:
        f.write('archivo\tcodigo\n')
        for name, code in sorted(expected):
            f.write(f'{name}\t{code}\n')
    print(f'{len(expected)} archivos en {OUT}')


def col(n):
    s = ''
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def million_rows():
    """An Indicadores-like header then 1,048,575 data rows, streamed into
    the deflater so the script stays small in memory."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    months = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']
    headers = ['Código indicador', 'Nombre del indicador', 'Proceso', 'Dependencia', 'Periodicidad', 'Tipo de anualización',
               'Unidad de medida', 'Meta vigencia'] + [f'Prog. {m}' for m in months] + [f'Ejec. {m}' for m in months]
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'
    head += ''.join(f'<c r="{col(i+1)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(headers)) + '</row>'
    out = z.compress(head.encode())
    size = len(head)
    chunk = []
    for r in range(2, 1048577):
        chunk.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>I{r}</t></is></c></row>')
        if len(chunk) == 10000:
            b = ''.join(chunk).encode(); size += len(b); out += z.compress(b); chunk = []
    b = (''.join(chunk) + '</sheetData></worksheet>').encode(); size += len(b)
    out += z.compress(b) + z.flush()
    return raw_zip(parts(), 'xl/worksheets/sheet1.xml', out, size)


def raw_zip(p, name, deflated, size):
    """A zip holding `p` plus one entry whose raw deflate stream is given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in p.items():
            if n == name:
                continue
            info = zipfile.ZipInfo(n, date_time=DATE); info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    body = out.getvalue()
    # Append the pre-deflated entry by hand: local header, data, then a new
    # central directory that lists every entry.
    eocd = body.rfind(b'PK\x05\x06')
    cd_off = struct.unpack('<I', body[eocd + 16:eocd + 20])[0]
    cd = body[cd_off:eocd]
    count = struct.unpack('<H', body[eocd + 10:eocd + 12])[0]
    crc = 0  # unknown without inflating; readers that verify CRC will flag it after the cap
    fname = name.encode()
    local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0x5A7F, crc, len(deflated), size & 0xFFFFFFFF, len(fname), 0) + fname
    offset = cd_off
    new = body[:cd_off] + local + deflated
    central = struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0x5A7F, crc, len(deflated), size & 0xFFFFFFFF,
                          len(fname), 0, 0, 0, 0, 0, offset) + fname
    new_cd_off = len(new)
    new += cd + central
    new += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, count + 1, count + 1, len(cd) + len(central), new_cd_off, 0)
    return new


def patch_sizes(data, name, size):
    d = bytearray(data)
    fname = name.encode()
    i = d.find(b'PK\x03\x04' + d[4:4])
    pos = 0
    while True:
        pos = d.find(b'PK\x03\x04', pos)
        if pos < 0:
            break
        n = struct.unpack('<H', d[pos + 26:pos + 28])[0]
        if bytes(d[pos + 30:pos + 30 + n]) == fname:
            d[pos + 22:pos + 26] = struct.pack('<I', size)
        pos += 4
    pos = 0
    while True:
        pos = d.find(b'PK\x01\x02', pos)
        if pos < 0:
            break
        n = struct.unpack('<H', d[pos + 28:pos + 30])[0]
        if bytes(d[pos + 46:pos + 46 + n]) == fname:
            d[pos + 24:pos + 28] = struct.pack('<I', size)
        pos += 4
    return bytes(d)


if __name__ == '__main__':
    main()
