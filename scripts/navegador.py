#!/usr/bin/env python3
"""The portal in a real browser (headless Chromium driven by selenium), as
an office and the planning office use it. Run by scripts/probar_navegador.sh
against a running `pai servir`; not meant to be run alone.

    python3 scripts/navegador.py --url http://127.0.0.1:PUERTO \
        --libro "inbox/oficina-tic/Indicadores TIC - marzo 2021.xlsx" \
        --trabajo DIR --capturas docs

The keys come in the environment (never on the command line):
PAI_CLAVE_OFICINA (the office that sends, oficina-tic), PAI_CLAVE_OTRA
(a second office) and PAI_CLAVE_PLANEACION.

Steps, each with a screenshot in --capturas (portal-N-….png):
  1. the office logs in;
  2. it uploads a workbook with a rule break (a target its months no longer
     add up to) and sees the message with its sheet!cell;
  3. it downloads the copy with the marked cells, checks the note on that
     cell, and uploads the corrected workbook, which is accepted;
  4. the planning office's page shows the corrected workbook, accepted;
  5. a second office asking for the first one's submission gets 404.
Any failure stops with a message and exit status 1. Needs selenium and
openpyxl (pip), chromium and chromium-driver (apt).
"""

import argparse
import base64
import os
import pathlib
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings

import openpyxl
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from verificar_notas import romper_meta  # noqa: E402

ESPERA = 120  # seconds for any page or upload


class Falla(Exception):
    pass


def exigir(condicion, mensaje):
    if not condicion:
        raise Falla(mensaje)


def romper(origen, destino):
    """The first «Meta vigencia» one higher: the months no longer add up
    to it. Returns (sheet, cell, original value)."""
    roto = romper_meta(origen, destino)
    if roto is None:
        raise Falla(f"{origen}: no hay columna «Meta vigencia»")
    return roto


def corregir(roto, destino, hoja, celda, valor):
    wb = openpyxl.load_workbook(roto)
    wb[hoja][celda].value = valor
    wb.save(destino)


class Navegador:
    def __init__(self, url, descargas, capturas):
        self.url = url.rstrip("/")
        self.descargas = descargas
        self.capturas = capturas
        o = webdriver.ChromeOptions()
        o.binary_location = os.environ.get("PAI_CHROMIUM", "/usr/bin/chromium")
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--window-size=1280,900", "--hide-scrollbars", "--lang=es-CO",
                  "--no-first-run", "--disable-extensions"):
            o.add_argument(a)
        o.add_experimental_option("prefs", {
            "download.default_directory": str(descargas),
            "download.prompt_for_download": False,
            "intl.accept_languages": "es-CO,es",
        })
        o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # The browser's own words (the file chooser's button) in Spanish,
        # as on an office's desk: chromium-l10n and LANGUAGE.
        entorno = dict(os.environ, LANGUAGE="es", LANG="C.UTF-8")
        servicio = Service(os.environ.get("PAI_CHROMEDRIVER", "/usr/bin/chromedriver"), env=entorno)
        self.d = webdriver.Chrome(options=o, service=servicio)
        self.d.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(descargas)})
        self.errores_consola = []

    def cerrar(self):
        self.d.quit()

    def ir(self, ruta):
        self.d.get(self.url + ruta)

    def esperar(self, condicion, que):
        try:
            return WebDriverWait(self.d, ESPERA).until(condicion)
        except TimeoutException:
            raise Falla(f"no llegó {que} en {ESPERA} s; la página dice: {self.texto()[:600]!r}")

    def texto(self):
        try:
            return self.d.find_element(By.TAG_NAME, "body").text
        except Exception:
            return ""

    def titulo(self):
        return self.d.find_element(By.TAG_NAME, "h1").text

    def esperar_titulo(self, titulo):
        self.esperar(lambda d: d.find_elements(By.TAG_NAME, "h1")
                     and d.find_element(By.TAG_NAME, "h1").text == titulo, f"la página «{titulo}»")

    def consola(self, permitidos=()):
        """Severe console entries since the last call, except the expected."""
        for e in self.d.get_log("browser"):
            if e.get("level") != "SEVERE":
                continue
            m = e.get("message", "")
            if "favicon.ico" in m or any(p in m for p in permitidos):
                continue
            self.errores_consola.append(m)

    def capturar(self, nombre, desde=None):
        """A PNG of the whole page, or from the element `desde` down to the
        end of that element (for a long page)."""
        self.d.execute_script("window.scrollTo(0, 0)")
        ancho = 1280
        alto = self.d.execute_script("return document.documentElement.scrollHeight")
        y = 0
        if desde is not None:
            caja = self.d.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "return [r.top + window.scrollY, r.height];", desde)
            y = max(0, caja[0] - 16)
            alto = caja[1] + 32
        alto = min(alto, 2400)
        foto = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": y, "width": ancho, "height": alto, "scale": 1}})
        ruta = pathlib.Path(self.capturas) / nombre
        ruta.write_bytes(base64.b64decode(foto["data"]))
        print(f"  captura: {ruta} ({ancho}×{int(alto)})")

    def entrar(self, clave, titulo_esperado=None):
        self.ir("/")
        self.esperar_titulo("Entrar al portal")
        campo = self.d.find_element(By.ID, "clave")
        campo.clear()
        campo.send_keys(clave)

    def pulsar_entrar(self):
        self.d.find_element(By.CSS_SELECTOR, "form[action='/entrar'] button[type=submit]").click()
        self.esperar(lambda d: d.find_elements(By.CSS_SELECTOR, "form[action='/salir']"), "la sesión abierta")

    def salir(self):
        self.d.find_element(By.CSS_SELECTOR, "form[action='/salir'] button").click()
        self.esperar_titulo("Entrar al portal")

    def enviar(self, ruta):
        """Uploads from the form on the page (the start page, or the
        result of a rejected upload, which offers it again)."""
        exigir(self.d.find_elements(By.ID, "archivo"), "la página no tiene el formulario de envío")
        campo = self.d.find_element(By.ID, "archivo")
        campo.send_keys(str(pathlib.Path(ruta).resolve()))
        # The page the form is on may be a result page too: wait for it to go.
        viejo = self.d.find_element(By.TAG_NAME, "h1")
        self.d.find_element(By.CSS_SELECTOR, "form.subida button[type=submit]").click()
        self.esperar(EC.staleness_of(viejo), "la respuesta al envío")
        self.esperar_titulo("Resultado del envío")
        return self.d.find_element(By.CSS_SELECTOR, "section.envio")

    def cookies(self):
        return "; ".join(f"{c['name']}={c['value']}" for c in self.d.get_cookies())


def estado_http(url, cabeceras):
    r = urllib.request.Request(url, headers=cabeceras)
    try:
        with urllib.request.urlopen(r, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--url", required=True)
    a.add_argument("--libro", required=True, help="a good indicators workbook of oficina-tic")
    a.add_argument("--trabajo", required=True)
    a.add_argument("--capturas", default="docs")
    args = a.parse_args()
    claves = {}
    for k in ("OFICINA", "OTRA", "PLANEACION"):
        v = os.environ.get("PAI_CLAVE_" + k)
        exigir(v, f"falta la variable PAI_CLAVE_{k}")
        claves[k] = v
    trabajo = pathlib.Path(args.trabajo)
    descargas = trabajo / "descargas"
    descargas.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.capturas).mkdir(parents=True, exist_ok=True)

    roto = trabajo / "Indicadores TIC - marzo 2021 - revisión.xlsx"
    corregido = trabajo / "Indicadores TIC - marzo 2021 - corregido.xlsx"
    hoja, celda, original = romper(args.libro, roto)
    print(f"libro con la regla rota: {roto.name} ({hoja}!{celda} = {original} + 1)")

    n = Navegador(args.url, descargas, args.capturas)
    try:
        # 1. The office logs in.
        print("1. la dependencia entra con su clave")
        n.entrar(claves["OFICINA"])
        n.capturar("portal-1-entrar.png")
        n.pulsar_entrar()
        exigir("Enviar libros" in n.texto(), "la página de la dependencia no ofrece «Enviar libros»")
        exigir("Dependencia: oficina-tic" in n.texto(), "la barra no dice qué dependencia entró")
        print(f"   entró: «{n.titulo()}»")
        n.capturar("portal-2-inicio.png")
        n.consola()

        # 2. A workbook with a rule break: rejected, the message with its cell.
        print("2. envía un libro con una regla rota")
        seccion = n.enviar(roto)
        exigir(seccion.find_element(By.CSS_SELECTOR, "h2 .marca-estado").text == "rechazado",
               f"el libro con la regla rota no se rechazó: {seccion.text[:400]!r}")
        filas = seccion.find_elements(By.CSS_SELECTOR, "table.hallazgos tbody tr")
        exigir(filas, "no hay tabla de hallazgos")
        columna = re.match(r"[A-Z]+", celda).group(0)
        fila_meta = re.search(r"\d+", celda).group(0)
        encontrada = None
        for f in filas:
            c = [td.text for td in f.find_elements(By.TAG_NAME, "td")]
            if c[3] == "suma-programacion" and c[0].startswith(hoja + "!") and fila_meta in c[0]:
                encontrada = c
                break
        exigir(encontrada, f"ningún hallazgo suma-programacion en {hoja}!…{fila_meta}: "
               + repr([f.text for f in filas][:5]))
        exigir(encontrada[1] == "Error" and encontrada[2], f"el hallazgo no dice qué pasa: {encontrada!r}")
        print(f"   rechazado: {encontrada[0]}: {encontrada[2]}")
        n.capturar("portal-3-rechazado.png")
        n.consola()

        # 3. The error copy, then the corrected workbook.
        print("3. descarga la copia con las celdas marcadas y envía el libro corregido")
        enlace = seccion.find_element(By.PARTIAL_LINK_TEXT, "copia con las celdas marcadas")
        antes = set(descargas.iterdir())
        enlace.click()
        fin = time.time() + ESPERA
        copia = None
        while time.time() < fin and copia is None:
            nuevos = [p for p in set(descargas.iterdir()) - antes
                      if p.suffix == ".xlsx" and p.stat().st_size > 0]
            if nuevos:
                copia = nuevos[0]
            else:
                time.sleep(0.2)
        exigir(copia, "la copia con las celdas marcadas no se descargó")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(copia)
        exigir(wb.sheetnames[0] == "Errores", f"la copia no empieza con la hoja Errores: {wb.sheetnames}")
        nota = wb[hoja][celda].comment
        exigir(nota is not None and nota.text.strip(), f"la copia no tiene nota en {hoja}!{celda}")
        print(f"   copia: {copia.name}; nota en {hoja}!{celda}: {nota.text.splitlines()[0]}")
        corregir(roto, corregido, hoja, celda, original)
        # From the result page itself: it offers the form again.
        exigir("Enviar el libro corregido" in n.texto(), "el resultado del rechazo no ofrece enviar la corrección")
        seccion = n.enviar(corregido)
        estado = seccion.find_element(By.CSS_SELECTOR, "h2 .marca-estado").text
        exigir(estado == "aceptado", f"el libro corregido no se aceptó ({estado}): {seccion.text[:600]!r}")
        informe = seccion.find_element(By.LINK_TEXT, "Informe del envío").get_attribute("href")
        id_envio = re.search(r"/envios/(\d+)", informe).group(1)
        print(f"   aceptado: envío {id_envio}; {seccion.find_element(By.CSS_SELECTOR, 'dl').text.splitlines()[1]}")
        n.capturar("portal-4-aceptado.png")
        n.consola()
        n.salir()

        # 4. The planning office's page shows it.
        print("4. la Oficina de Planeación lo ve")
        n.entrar(claves["PLANEACION"])
        n.pulsar_entrar()
        n.esperar_titulo("Seguimiento del corte")
        todos = None
        for s in n.d.find_elements(By.CSS_SELECTOR, "main section"):
            if s.find_elements(By.TAG_NAME, "h2") and \
                    s.find_element(By.TAG_NAME, "h2").text == "Todos los envíos del corte":
                todos = s
        exigir(todos is not None, "la página de planeación no tiene «Todos los envíos del corte»")
        fila = None
        for f in todos.find_elements(By.CSS_SELECTOR, "tbody tr"):
            if corregido.name in f.text:
                fila = f
        exigir(fila is not None, f"«{corregido.name}» no está en la lista de planeación")
        exigir("aceptado" in fila.text and "oficina-tic" in fila.text,
               f"la fila de planeación no lo dice aceptado de oficina-tic: {fila.text!r}")
        print(f"   {fila.text}")
        n.capturar("portal-5-planeacion.png")
        # The detail from the planning page, and the whole page's top.
        n.d.execute_script("arguments[0].scrollIntoView()", fila)
        n.capturar("portal-5-planeacion-envios.png", desde=todos)
        n.consola()
        n.salir()

        # 5. A second office cannot open the first one's submission.
        print("5. otra dependencia no puede abrir el envío de la primera")
        n.entrar(claves["OTRA"])
        n.pulsar_entrar()
        exigir(corregido.name not in n.texto(), "otra dependencia ve el libro de oficina-tic en su página")
        for ruta in (f"/envios/{id_envio}", f"/envios/{id_envio}/copia-anotada"):
            n.ir(ruta)
            n.esperar_titulo("No se encontró")
            exigir(corregido.name not in n.texto(), f"{ruta} nombra el libro de otra dependencia")
            estado, _ = estado_http(n.url + ruta, {"Cookie": n.cookies()})
            exigir(estado == 404, f"{ruta} con la sesión de otra dependencia responde {estado}, no 404")
        estado, cuerpo = estado_http(f"{n.url}/api/v1/envios/{id_envio}",
                                     {"Authorization": "Bearer " + claves["OTRA"]})
        exigir(estado == 404, f"/api/v1/envios/{id_envio} con la clave de otra dependencia responde {estado}")
        n.ir(f"/envios/{id_envio}")
        n.esperar_titulo("No se encontró")
        exigir("Dependencia: servicio-ciudadania" in n.texto(),
               "la página «No se encontró» no dice quién está en la sesión")
        print(f"   /envios/{id_envio}: 404 «{n.titulo()}» (página y API)")
        n.capturar("portal-6-otra-dependencia.png")
        n.consola(permitidos=("status of 404",))
    except Falla as e:
        try:
            # Outside the work folder, which the caller removes.
            n.capturar(os.path.join(tempfile.gettempdir(), "pai-navegador-falla.png"))
        except Exception:
            pass
        print(f"FALLA: {e}", file=sys.stderr)
        return 1
    finally:
        n.cerrar()
    if n.errores_consola:
        print("FALLA: la consola de Chromium registró errores:", file=sys.stderr)
        for m in n.errores_consola:
            print("  " + m, file=sys.stderr)
        return 1
    print("El navegador recorrió los cinco pasos sin fallas.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
