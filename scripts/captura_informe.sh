#!/usr/bin/env bash
# Renders an informe.html to PNG with headless Chromium and fails when the
# page logs an error in Chromium's console (a JavaScript error, a resource
# that does not load, …). The network is cut: a page that asks for anything
# outside itself logs an error and fails.
#
#   scripts/captura_informe.sh outbox/2021-03-31/informe.html [captura.png]
#       [--ancho 1280] [--alto N] [--escala 1] [--pdf informe.pdf]
#
#   --ancho   width of the window, in CSS pixels (1280)
#   --alto    height of the capture from the top; by default the whole page
#   --escala  device pixel ratio of the capture (1; 0.5 halves the PNG)
#   --pdf     also print the page to PDF, as Archivo › Imprimir would
#
# Installs Debian's chromium (and python3, which drives it through the
# DevTools protocol) with apt-get when they are missing.
set -euo pipefail

uso() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

[ $# -ge 1 ] || uso
html="$1"; shift
png=""
ancho=1280
alto=0
escala=1
pdf=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ancho) ancho="${2:?}"; shift 2 ;;
    --alto) alto="${2:?}"; shift 2 ;;
    --escala) escala="${2:?}"; shift 2 ;;
    --pdf) pdf="${2:?}"; shift 2 ;;
    -h|--help) uso ;;
    -*) echo "Opción desconocida: $1" >&2; uso ;;
    *) [ -z "$png" ] || uso; png="$1"; shift ;;
  esac
done
[ -f "$html" ] || { echo "No existe el archivo «$html»." >&2; exit 66; }
[ -n "$png" ] || png="${html%.html}.png"

faltan=()
command -v chromium >/dev/null || faltan+=(chromium)
command -v python3 >/dev/null || faltan+=(python3)
if [ ${#faltan[@]} -gt 0 ]; then
  echo "Instalando ${faltan[*]}…" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${faltan[@]}" >/dev/null
fi

perfil="$(mktemp -d)"
trap 'rm -rf "$perfil"' EXIT

python3 - "$html" "$png" "$ancho" "$alto" "$escala" "$pdf" "$perfil" <<'PYTHON'
# Drives Chromium over --remote-debugging-pipe (fd 3 in, fd 4 out; JSON
# messages ended by a NUL byte): no extra packages, no open port.
import base64, json, os, pathlib, select, subprocess, sys, time

html, png, ancho, alto, escala, pdf, perfil = sys.argv[1:8]
ancho, alto, escala = int(ancho), int(alto), float(escala)
url = pathlib.Path(html).resolve().as_uri()

a_chrome_r, a_chrome_w = os.pipe()
de_chrome_r, de_chrome_w = os.pipe()

def hijo():
    os.dup2(a_chrome_r, 3)
    os.dup2(de_chrome_w, 4)

chrome = subprocess.Popen(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
     "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
     "--remote-debugging-pipe", f"--user-data-dir={perfil}",
     "--host-resolver-rules=MAP * ~NOTFOUND", "about:blank"],
    pass_fds=(3, 4), preexec_fn=hijo,
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(a_chrome_r)
os.close(de_chrome_w)

buffer = b""
siguiente = 0
eventos = []
errores = []

def leer(limite):
    global buffer
    fin = time.time() + limite
    while b"\0" not in buffer:
        quedan = fin - time.time()
        if quedan <= 0:
            raise TimeoutError("Chromium no responde")
        listo, _, _ = select.select([de_chrome_r], [], [], quedan)
        if listo:
            trozo = os.read(de_chrome_r, 1 << 20)
            if not trozo:
                raise RuntimeError("Chromium terminó antes de tiempo")
            buffer += trozo
    mensaje, buffer = buffer.split(b"\0", 1)
    return json.loads(mensaje)

def anotar(m):
    metodo, p = m.get("method"), m.get("params", {})
    if metodo == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        texto = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
        errores.append(f"console.{p['type']}: {texto}")
    elif metodo == "Runtime.exceptionThrown":
        d = p.get("exceptionDetails", {})
        errores.append("excepción: " + d.get("exception", {}).get("description", d.get("text", "")))
    elif metodo == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
        e = p["entry"]
        errores.append(f"{e.get('source', 'log')}: {e.get('text', '')} {e.get('url', '')}".strip())
    eventos.append(m)

def enviar(metodo, params=None, sesion=None, limite=60):
    global siguiente
    siguiente += 1
    m = {"id": siguiente, "method": metodo, "params": params or {}}
    if sesion:
        m["sessionId"] = sesion
    os.write(a_chrome_w, json.dumps(m).encode() + b"\0")
    while True:
        r = leer(limite)
        if r.get("id") == siguiente:
            if "error" in r:
                raise RuntimeError(f"{metodo}: {r['error']}")
            return r.get("result", {})
        anotar(r)

def esperar(metodo, sesion, limite=60):
    for i, m in enumerate(eventos):
        if m.get("method") == metodo and m.get("sessionId") == sesion:
            del eventos[i]
            return m
    while True:
        m = leer(limite)
        anotar(m)
        if m.get("method") == metodo and m.get("sessionId") == sesion:
            return m

def drenar(segundos):
    fin = time.time() + segundos
    while time.time() < fin:
        listo, _, _ = select.select([de_chrome_r], [], [], fin - time.time())
        if not listo and b"\0" not in buffer:
            break
        anotar(leer(5))

try:
    destino = enviar("Target.createTarget", {"url": "about:blank"})["targetId"]
    sesion = enviar("Target.attachToTarget", {"targetId": destino, "flatten": True})["sessionId"]
    for dominio in ("Runtime.enable", "Log.enable", "Page.enable"):
        enviar(dominio, sesion=sesion)
    enviar("Emulation.setDeviceMetricsOverride",
           {"width": ancho, "height": 900, "deviceScaleFactor": escala, "mobile": False},
           sesion=sesion)
    enviar("Page.navigate", {"url": url}, sesion=sesion)
    esperar("Page.loadEventFired", sesion)
    drenar(0.5)
    medidas = enviar("Page.getLayoutMetrics", sesion=sesion)
    contenido = medidas.get("cssContentSize") or medidas["contentSize"]
    altura = contenido["height"] if alto <= 0 else min(alto, contenido["height"])
    foto = enviar("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": ancho, "height": altura, "scale": 1}}, sesion=sesion)
    pathlib.Path(png).write_bytes(base64.b64decode(foto["data"]))
    if pdf:
        impreso = enviar("Page.printToPDF",
                         {"printBackground": True, "preferCSSPageSize": True}, sesion=sesion)
        pathlib.Path(pdf).write_bytes(base64.b64decode(impreso["data"]))
    drenar(0.3)
    try:
        enviar("Browser.close", limite=10)
    except Exception:
        pass
finally:
    try:
        chrome.wait(timeout=10)
    except subprocess.TimeoutExpired:
        chrome.kill()

if errores:
    print(f"{html}: la consola de Chromium registró {len(errores)} error(es):", file=sys.stderr)
    for e in errores:
        print("  " + e, file=sys.stderr)
    sys.exit(1)
tamano = os.path.getsize(png)
print(f"{png}: {round(ancho * escala)}×{round(altura * escala)} px, {tamano // 1024} KB; sin errores en la consola."
      + (f" PDF: {pdf}." if pdf else ""))
PYTHON
