#!/usr/bin/env python3
"""Load benchmark of `pai servir` on loopback: every office of the example
inbox sends its uploads at the same time as the others, through the JSON
API, with its own key. Not a test of the suite; scripts/medir_portal.sh
builds the release binary and runs this.

    python3 scripts/medir_portal.py --pai .build/release/pai \
        [--dependencias 15] [--envios 20] [--en-vuelo 1] [--conservar DIR]

Each office's uploads (default 20) mix
  - good workbooks: its example workbooks as they are, then copies with
    every code changed (scripts/multiplicar_bandeja.py), so that no two
    good files carry the same identity, within an office or across them,
    and the order of arrival cannot change the figures;
  - bad ones: a copy with a target its months do not add up to (offices
    that report indicators), its blank template from `pai plantilla`
    (rejected: no data), a CSV renamed .xlsx, a workbook that is no
    template;
  - duplicates: the same bytes as one of its earlier good uploads.
Then it checks that nothing was lost or counted twice (every answer, the
API's list, the ledger and the outbox agree with what was sent), stops the
portal with SIGTERM, runs `pai procesar` on the same files in a fresh
inbox and outbox, and compares the two consolidado.json. It prints p50/p95
of the upload-to-result latency (the answer comes after the cross-file
rules) and uploads per second. Exit status 1 when a check fails.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import pathlib
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from multiplicar_bandeja import copiar  # noqa: E402
from verificar_notas import romper_meta  # noqa: E402

RAIZ = pathlib.Path(__file__).resolve().parent.parent
CORTE = "2021-03-31"
BASE = 1617609600  # 2021-04-05 08:00 UTC, the example's own time stamp


def sh(*args, **kw):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kw)


class Envio:
    """One planned upload: who, which bytes, what it must become."""

    def __init__(self, carpeta, ruta, tipo, original=None):
        self.carpeta = carpeta
        self.ruta = ruta  # the file on disk; its name is the upload's name
        self.tipo = tipo  # bueno, malo, duplicado
        self.original = original  # for a duplicate: the Envio it repeats
        self.respuesta = None
        self.estado_http = None
        self.latencia = None


def planear(pai, trabajo, n_dependencias, n_envios, semilla):
    """Writes every file and returns {carpeta: [Envio, …]} in sending order."""
    inbox = RAIZ / "inbox"
    carpetas = sorted(p.name for p in inbox.iterdir() if p.is_dir())[:n_dependencias]
    if len(carpetas) < n_dependencias:
        sys.exit(f"la bandeja de ejemplo tiene {len(carpetas)} dependencias, no {n_dependencias}")
    plantillas = trabajo / "plantillas"
    sh(pai, "plantilla", "--todas", plantillas, "--corte", CORTE, "--esquemas", RAIZ / "schemas")
    azar = random.Random(semilla)
    archivos = trabajo / "archivos"
    k = 0
    plan = {}
    for carpeta in carpetas:
        destino = archivos / carpeta
        destino.mkdir(parents=True)
        ejemplos = sorted((inbox / carpeta).glob("*.xlsx"))
        n_malos = 3
        n_duplicados = 2
        n_buenos = n_envios - n_malos - n_duplicados
        buenos = []
        for i in range(n_buenos):
            ejemplo = ejemplos[i % len(ejemplos)]
            if i < len(ejemplos):
                # The office's own example, as it is.
                ruta = destino / ejemplo.name
                shutil.copyfile(ejemplo, ruta)
            else:
                k += 1
                m = re.search(r"(78[67]\d)", ejemplo.name)
                proyecto = (m.group(1), str(1000 + k)) if m else None
                ruta = destino / f"{ejemplo.stem} - copia {k}.xlsx"
                copiar(ejemplo, ruta, k, proyecto)
            buenos.append(Envio(carpeta, ruta, "bueno"))
        malos = []
        # A rule broken in a copy with codes of its own (none accepted).
        for ejemplo in ejemplos:
            k += 1
            m = re.search(r"(78[67]\d)", ejemplo.name)
            proyecto = (m.group(1), str(1000 + k)) if m else None
            copia = trabajo / f"base-{k}.xlsx"
            copiar(ejemplo, copia, k, proyecto)
            ruta = destino / f"{ejemplo.stem} - meta cambiada {k}.xlsx"
            if romper_meta(copia, ruta):
                malos.append(Envio(carpeta, ruta, "malo"))
                break
        for blanco in sorted((plantillas / carpeta).glob("*.xlsx")) if (plantillas / carpeta).is_dir() else []:
            if len(malos) >= n_malos:
                break
            ruta = destino / f"en blanco - {blanco.name}"
            shutil.copyfile(blanco, ruta)
            malos.append(Envio(carpeta, ruta, "malo"))
        # Files that are no workbook, with the office's name in them, so
        # that two offices never send the same bytes.
        if len(malos) < n_malos:
            ruta = destino / "reporte exportado.xlsx"
            ruta.write_text(f"codigo;nombre;meta\n{carpeta};Indicador;10\n", encoding="utf-8")
            malos.append(Envio(carpeta, ruta, "malo"))
        while len(malos) < n_malos:
            ruta = destino / f"informe firmado {len(malos)}.xlsx"
            ruta.write_bytes(f"%PDF-1.4\n% {carpeta} {len(malos)}\n%%EOF\n".encode())
            malos.append(Envio(carpeta, ruta, "malo"))
        orden = buenos + malos
        azar.shuffle(orden)
        # Each duplicate goes after the upload it repeats.
        for j in range(n_duplicados):
            original = buenos[(j * 7 + 3) % len(buenos)]
            ruta = destino / f"{original.ruta.stem} (reenvío {j + 1}).xlsx"
            shutil.copyfile(original.ruta, ruta)
            despues = orden.index(original) + 1
            orden.insert(azar.randint(despues, len(orden)), Envio(carpeta, ruta, "duplicado", original))
        # The order of sending as modification times, for `pai procesar`.
        for i, e in enumerate(orden):
            os.utime(e.ruta, (BASE + i, BASE + i))
        plan[carpeta] = orden
    return plan


def multipart(nombre, datos):
    frontera = "pai-" + uuid.uuid4().hex
    cabeza = (f"--{frontera}\r\nContent-Disposition: form-data; name=\"archivo\"; "
              f"filename=\"{nombre}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
    return frontera, cabeza + datos + f"\r\n--{frontera}--\r\n".encode()


def enviar_todos(puerto, envios, clave, en_vuelo):
    """One office's uploads, `en_vuelo` at a time, each on its own
    keep-alive connection."""
    pendientes = list(envios)
    candado = threading.Lock()

    def trabajador():
        conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=600)
        while True:
            with candado:
                if not pendientes:
                    break
                e = pendientes.pop(0)
            # A duplicate waits for the upload it repeats when both could be in flight.
            while e.original is not None and e.original.estado_http is None:
                time.sleep(0.01)
            frontera, cuerpo = multipart(e.ruta.name, e.ruta.read_bytes())
            inicio = time.perf_counter()
            conexion.request("POST", "/api/v1/envios", body=cuerpo, headers={
                "Authorization": "Bearer " + clave,
                "Content-Type": f"multipart/form-data; boundary={frontera}"})
            r = conexion.getresponse()
            texto = r.read()
            e.latencia = time.perf_counter() - inicio
            e.respuesta = json.loads(texto) if texto else None
            e.estado_http = r.status
        conexion.close()

    hilos = [threading.Thread(target=trabajador) for _ in range(en_vuelo)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()


def pedir(puerto, ruta, clave):
    c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=120)
    c.request("GET", ruta, headers={"Authorization": "Bearer " + clave})
    r = c.getresponse()
    return r.status, json.loads(r.read())


def esperar(puerto, proceso, limite=60):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if proceso.poll() is not None:
            sys.exit("el portal terminó antes de responder")
        try:
            c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            c.request("GET", "/api/v1/openapi.yaml")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"el portal no respondió en {limite} s")


def contar_salida(outbox):
    """Workbooks kept in the outbox, by destination (reports and copies aside)."""
    n = {}
    for destino in ("recibidos", "rechazados", "duplicados"):
        raiz = outbox / CORTE / destino
        n[destino] = sum(1 for p in raiz.rglob("*") if p.is_file()
                         and not p.name.endswith((".informe.md", ".informe.json", ".errores.xlsx"))) \
            if raiz.is_dir() else 0
    return n


def cifras(ruta):
    """consolidado.json with every list in a canonical order: the order of
    arrival may order the lists of files and items, never their contents."""
    def canonico(x):
        if isinstance(x, dict):
            return {k: canonico(v) for k, v in x.items()}
        if isinstance(x, list):
            return sorted((canonico(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))
        return x
    return canonico(json.loads(ruta.read_text(encoding="utf-8")))


def diferencias(a, b, camino=""):
    if type(a) is not type(b):
        return [f"{camino}: {a!r} ≠ {b!r}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{camino}/{k}: solo en {'el portal' if k in a else 'procesar'}")
            else:
                out += diferencias(a[k], b[k], f"{camino}/{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{camino}: {len(a)} elementos ≠ {len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diferencias(x, y, f"{camino}[{i}]")
        return out
    return [] if a == b else [f"{camino}: {a!r} ≠ {b!r}"]


def percentil(valores, p):
    v = sorted(valores)
    return v[min(len(v) - 1, max(0, round(p / 100 * len(v) + 0.5) - 1))]


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--pai", default=str(RAIZ / ".build/release/pai"))
    a.add_argument("--dependencias", type=int, default=15)
    a.add_argument("--envios", type=int, default=20)
    a.add_argument("--en-vuelo", type=int, default=1, help="uploads in flight per office")
    a.add_argument("--semilla", type=int, default=14)
    a.add_argument("--conservar", help="keep the work folder here")
    args = a.parse_args()
    pai = pathlib.Path(args.pai).resolve()
    if not pai.is_file():
        sys.exit(f"no existe el programa {pai}")
    trabajo = pathlib.Path(args.conservar or tempfile.mkdtemp(prefix="pai-medir-"))
    if args.conservar:
        shutil.rmtree(trabajo, ignore_errors=True)
        trabajo.mkdir(parents=True)
    fallas = []
    try:
        print(f"Preparando {args.dependencias} dependencias × {args.envios} envíos…", flush=True)
        plan = planear(pai, trabajo, args.dependencias, args.envios, args.semilla)
        todos = [e for lista in plan.values() for e in lista]
        inbox, outbox = trabajo / "inbox", trabajo / "outbox"
        inbox.mkdir()
        claves = {c: sh(pai, "acceso", "crear", "--dependencia", c, "--outbox", outbox).stdout.split()[-1]
                  for c in plan}
        planeacion = sh(pai, "acceso", "crear", "--planeacion", "--nombre", "medición",
                        "--outbox", outbox).stdout.split()[-1]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            puerto = s.getsockname()[1]
        registro = open(trabajo / "portal.log", "w")
        portal = subprocess.Popen(
            [str(pai), "servir", "--inbox", str(inbox), "--outbox", str(outbox), "--corte", CORTE,
             "--direccion", "127.0.0.1", "--puerto", str(puerto), "--esquemas", str(RAIZ / "schemas")],
            stdout=registro, stderr=registro, cwd=RAIZ)
        try:
            esperar(puerto, portal)
            print(f"Enviando {len(todos)} libros a http://127.0.0.1:{puerto} "
                  f"({len(plan)} dependencias a la vez, {args.en_vuelo} en vuelo cada una)…", flush=True)
            inicio = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(max_workers=len(plan)) as grupo:
                list(grupo.map(lambda c: enviar_todos(puerto, plan[c], claves[c], args.en_vuelo), plan))
            total = time.perf_counter() - inicio

            # Every answer as planned.
            esperado = {"bueno": "aceptado", "malo": "rechazado", "duplicado": "duplicado"}
            for e in todos:
                estado = (e.respuesta or {}).get("estado")
                if e.estado_http != 201 or estado != esperado[e.tipo]:
                    fallas.append(f"{e.carpeta}/{e.ruta.name}: {e.estado_http} {estado!r}, "
                                  f"se esperaba 201 {esperado[e.tipo]!r}: {json.dumps(e.respuesta)[:300]}")
            ids = [(e.respuesta or {}).get("id") for e in todos]
            if len(set(ids)) != len(todos):
                fallas.append(f"{len(todos)} envíos con {len(set(ids))} números distintos")

            # The API's list: everything, once.
            estado_http, lista = pedir(puerto, f"/api/v1/envios?corte={CORTE}", planeacion)
            por_estado = {}
            for x in lista.get("envios", []):
                por_estado[x["estado"]] = por_estado.get(x["estado"], 0) + 1
            cuenta = {v: sum(1 for e in todos if esperado[e.tipo] == v) for v in esperado.values()}
            if estado_http != 200 or por_estado != cuenta:
                fallas.append(f"la lista de la API dice {por_estado}, se enviaron {cuenta}")
            if sorted(str(x["id"]) for x in lista.get("envios", [])) != sorted(str(i) for i in ids):
                fallas.append("la lista de la API no tiene los mismos números que las respuestas")
        finally:
            portal.send_signal(signal.SIGTERM)
            try:
                salida = portal.wait(timeout=300)
            except subprocess.TimeoutExpired:
                portal.kill()
                salida = "muerto"
            registro.close()
        if salida != 0:
            fallas.append(f"el portal salió con {salida} al recibir SIGTERM")

        # The ledger and the outbox.
        with sqlite3.connect(outbox / "pai.sqlite") as db:
            libro = dict(db.execute("select estado, count(*) from envio where corte = ? group by estado",
                                    (CORTE,)).fetchall())
        if libro != cuenta:
            fallas.append(f"el libro de envíos dice {libro}, se enviaron {cuenta}")
        salida_portal = contar_salida(outbox)
        esperada = {"recibidos": cuenta["aceptado"], "rechazados": cuenta["rechazado"],
                    "duplicados": cuenta["duplicado"]}
        if salida_portal != esperada:
            fallas.append(f"la carpeta de salida tiene {salida_portal}, se esperaba {esperada}")
        restos = [p for p in inbox.rglob("*") if p.is_file()]
        if restos:
            fallas.append(f"quedaron {len(restos)} archivos en la bandeja: {restos[:3]}")

        # The same files through `pai procesar`, in a fresh inbox and outbox.
        inbox2, outbox2 = trabajo / "procesar-inbox", trabajo / "procesar-outbox"
        for e in todos:
            destino = inbox2 / e.carpeta / e.ruta.name
            destino.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(e.ruta, destino)
        inicio_procesar = time.perf_counter()
        r = subprocess.run([str(pai), "procesar", "--inbox", str(inbox2), "--outbox", str(outbox2),
                            "--corte", CORTE, "--silencioso", "--esquemas", str(RAIZ / "schemas")],
                           capture_output=True, text=True)
        t_procesar = time.perf_counter() - inicio_procesar
        if r.returncode not in (0, 1, 2):
            fallas.append(f"pai procesar salió con {r.returncode}: {r.stderr[-500:]}")
        a_json, b_json = outbox / CORTE / "consolidado.json", outbox2 / CORTE / "consolidado.json"
        if not a_json.is_file() or not b_json.is_file():
            fallas.append("falta un consolidado.json")
        else:
            dif = diferencias(cifras(a_json), cifras(b_json))
            if dif:
                fallas.append(f"consolidado.json del portal y de pai procesar difieren en {len(dif)} puntos: "
                              + "; ".join(dif[:8]))

        latencias = [e.latencia for e in todos if e.latencia is not None]
        print()
        print(f"{len(todos)} envíos de {len(plan)} dependencias ({cuenta['aceptado']} buenos, "
              f"{cuenta['rechazado']} malos, {cuenta['duplicado']} duplicados), "
              f"{os.cpu_count()} núcleos, carga {os.getloadavg()[0]:.1f}")
        print(f"  tiempo total            {total:8.2f} s")
        print(f"  envíos por segundo      {len(todos) / total:8.2f}")
        print(f"  latencia p50            {statistics.median(latencias) * 1000:8.0f} ms")
        print(f"  latencia p95            {percentil(latencias, 95) * 1000:8.0f} ms")
        print(f"  latencia máxima         {max(latencias) * 1000:8.0f} ms")
        print(f"  pai procesar, lo mismo  {t_procesar:8.2f} s")
        print(f"  en el libro de envíos: {libro}; en la salida: {salida_portal}")
    finally:
        if not args.conservar:
            shutil.rmtree(trabajo, ignore_errors=True)
    if fallas:
        print()
        for f in fallas:
            print("FALLA:", f)
        return 1
    print("Nada se perdió ni se contó dos veces; las cifras del corte son las de pai procesar.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
