import Foundation
import Hummingbird

/// The pages' style sheet and script, served from the binary: no inline
/// style or script, so the policy stays `'self'`. The pages work without
/// the script; it only adds drag-and-drop and an upload progress bar.
enum Estaticos {
  static func respuesta(_ nombre: String) throws -> Response {
    let (texto, tipo): (String, String)
    switch nombre {
    case "pai.css": (texto, tipo) = (css, "text/css; charset=utf-8")
    case "pai.js": (texto, tipo) = (js, "text/javascript; charset=utf-8")
    default: throw ErrorPortal.rutaDesconocida
    }
    var r = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: texto)))
    r.headers[.contentType] = tipo
    r.headers[.cacheControl] = "public, max-age=3600"
    return r
  }

  static let css = """
    body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; margin: 0; color: #1c2430; background: #f6f7f9; }
    .barra { display: flex; justify-content: space-between; align-items: center; background: #7a1f2b; color: #fff; padding: .6rem 1.2rem; }
    .barra a.marca { color: #fff; font-weight: 600; text-decoration: none; }
    .quien { display: flex; gap: 1rem; align-items: center; }
    .quien form { margin: 0; }
    button { background: #7a1f2b; color: #fff; border: 0; border-radius: 4px; padding: .5rem 1.1rem; font-size: 1rem; cursor: pointer; }
    input[type=password], select { font: inherit; padding: .35rem .5rem; border: 1px solid #9aa5b4; border-radius: 4px; background: #fff; max-width: 100%; }
    input[type=file] { font: inherit; }
    button.enlace { background: transparent; color: #fff; text-decoration: underline; padding: 0; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
    section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: .8rem 1.2rem; margin: 1rem 0; }
    h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; } h3 { font-size: 1rem; }
    .tabla { border-collapse: collapse; width: 100%; font-size: .92rem; }
    .tabla th, .tabla td { border-bottom: 1px solid #e3e6ea; padding: .35rem .5rem; text-align: left; vertical-align: top; }
    .tabla th { background: #eef0f3; }
    .tabla code { white-space: nowrap; }
    .marca-estado { display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .85rem; font-weight: 600; }
    .marca-estado.aceptado { background: #d9f2df; color: #17612b; }
    .marca-estado.rechazado { background: #fadbd8; color: #8a1c12; }
    .marca-estado.duplicado, .marca-estado.reemplazado { background: #eceff3; color: #394452; }
    .aviso { padding: .5rem .8rem; border-left: 4px solid #8792a2; background: #f1f3f6; }
    .aviso.error { border-color: #c0392b; background: #fdf0ee; }
    .aviso.bien { border-color: #27ae60; background: #eefaf2; }
    .zona { border: 2px dashed #9aa5b4; border-radius: 6px; padding: 1.2rem; background: #fafbfc; }
    .zona.encima { border-color: #7a1f2b; background: #fbf1f2; }
    .zona label { display: block; margin-bottom: .5rem; }
    textarea { width: 100%; min-height: 14rem; font-family: inherit; font-size: .92rem; }
    code { font-size: .9rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
    dt { font-weight: 600; }
    dd { margin: 0; }
    .cortes a { margin-right: .6rem; }
    """

  static let js = """
    (function () {
      "use strict";
      var form = document.querySelector("form[data-subida]");
      if (!form) { return; }
      var input = form.querySelector("input[type=file]");
      var zona = form.querySelector(".zona");
      var barra = form.querySelector("progress");
      var texto = form.querySelector(".progreso-texto");
      function nombres() {
        var n = [];
        for (var i = 0; i < input.files.length; i++) { n.push(input.files[i].name); }
        texto.textContent = n.join(", ");
      }
      ["dragenter", "dragover"].forEach(function (t) {
        zona.addEventListener(t, function (ev) { ev.preventDefault(); zona.classList.add("encima"); });
      });
      ["dragleave", "drop"].forEach(function (t) {
        zona.addEventListener(t, function () { zona.classList.remove("encima"); });
      });
      zona.addEventListener("drop", function (ev) {
        ev.preventDefault();
        if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; nombres(); }
      });
      input.addEventListener("change", nombres);
      form.addEventListener("submit", function (ev) {
        if (!window.FormData || !window.XMLHttpRequest || !input.files.length) { return; }
        ev.preventDefault();
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        barra.hidden = false;
        xhr.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) {
            barra.max = e.total; barra.value = e.loaded;
            texto.textContent = Math.round(100 * e.loaded / e.total) + " % enviado";
          }
        });
        xhr.upload.addEventListener("load", function () {
          barra.removeAttribute("value");
          texto.textContent = "Revisando los libros…";
        });
        xhr.onload = function () { document.open(); document.write(xhr.responseText); document.close(); };
        xhr.onerror = function () {
          barra.hidden = true;
          texto.textContent = "No se pudo enviar. Revise la conexión e intente de nuevo.";
        };
        xhr.send(new FormData(form));
      });
    })();
    """
}
