import Foundation
import XCTest

@testable import Ledger

final class BandejaTests: XCTestCase {
  func testArchivosDeBloqueoOcultosYTemporalesSeIgnoran() throws {
    for nombre in [
      "~$libro.xlsx", ".~lock.libro.xlsx#", ".oculto.xlsx", "libro.xlsx.tmp", "descarga.crdownload",
      "copia.part", "libro.xlsx~", "~WRL0001.tmp", ".DS_Store",
    ] {
      XCTAssertTrue(Bandeja.ignorado(nombre), nombre)
    }
    for nombre in ["libro.xlsx", "Indicadores TIC - marzo 2021.xlsx", "reporte.pdf", "datos.csv"] {
      XCTAssertFalse(Bandeja.ignorado(nombre), nombre)
    }
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let tic = carpeta.appendingPathComponent("oficina-tic")
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic)
    try Apoyo.dejar(Apoyo.indicadoresTIC, en: tic, nombre: "~$Indicadores TIC - marzo 2021.xlsx")
    try Apoyo.dejar(
      Apoyo.indicadoresTIC, en: tic, nombre: ".~lock.Indicadores TIC - marzo 2021.xlsx#")
    try Apoyo.dejar(
      Apoyo.indicadoresTIC, en: carpeta.appendingPathComponent(".git"), nombre: "x.xlsx")
    let lista = try Bandeja.listar(carpeta.path)
    XCTAssertEqual(lista.map(\.nombre), ["Indicadores TIC - marzo 2021.xlsx"])
    XCTAssertEqual(lista.first?.carpeta, "oficina-tic")
  }

  /// Two looks a short interval apart: a file that grows in between is
  /// left for the next pass.
  func testUnArchivoQueCambiaEntreDosMiradasSeDeja() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let quieto = try Apoyo.dejar(Apoyo.indicadoresTIC, en: carpeta, nombre: "quieto.xlsx")
    let creciendo = try Apoyo.dejar(Apoyo.riesgosTIC, en: carpeta, nombre: "creciendo.xlsx")
    let primera = try Bandeja.listar(carpeta.path)
    let (listos, enEscritura) = Bandeja.estables(primera, intervalo: 1, gracia: 120) { _ in
      let h = try! FileHandle(forWritingTo: creciendo)
      h.seekToEndOfFile()
      h.write(Data(repeating: 0, count: 100))
      try! h.close()
    }
    XCTAssertEqual(listos.map(\.ruta), [quieto.path])
    XCTAssertEqual(enEscritura.map(\.ruta), [creciendo.path])
  }

  /// A zip without its end record (still being copied) waits; after the
  /// grace period it is taken and rejected as cut short.
  func testUnLibroIncompletoEsperaHastaLaGracia() throws {
    let carpeta = try Apoyo.temporal()
    defer { try? FileManager.default.removeItem(at: carpeta) }
    let datos = try Data(contentsOf: Apoyo.indicadoresTIC)
    let cortado = carpeta.appendingPathComponent("cortado.xlsx")
    try datos.prefix(datos.count / 2).write(to: cortado)
    let vacio = carpeta.appendingPathComponent("vacio.xlsx")
    try Data().write(to: vacio)
    let pdf = carpeta.appendingPathComponent("reporte.xlsx")
    try Data("%PDF-1.4\n".utf8).write(to: pdf)
    let completo = try Apoyo.dejar(
      Apoyo.indicadoresTIC, en: carpeta, nombre: "completo.xlsx", fecha: Date())
    let comentado = carpeta.appendingPathComponent("comentado.xlsx")
    try Apoyo.conComentario(datos, "una nota").write(to: comentado)

    let lista = Dictionary(
      uniqueKeysWithValues: try Bandeja.listar(carpeta.path).map { ($0.nombre, $0) })
    XCTAssertEqual(Bandeja.completitud(lista["cortado.xlsx"]!, gracia: 120), .enEscritura)
    XCTAssertEqual(Bandeja.completitud(lista["vacio.xlsx"]!, gracia: 120), .enEscritura)
    XCTAssertEqual(
      Bandeja.completitud(lista["reporte.xlsx"]!, gracia: 120), .completo, "no es zip: se rechaza")
    XCTAssertEqual(Bandeja.completitud(lista["completo.xlsx"]!, gracia: 120), .completo)
    XCTAssertEqual(Bandeja.completitud(lista["comentado.xlsx"]!, gracia: 120), .completo)
    // Unchanged for longer than the grace period: taken (and rejected).
    XCTAssertEqual(
      Bandeja.completitud(lista["cortado.xlsx"]!, gracia: 120, ahora: Date() + 121), .completo)
    XCTAssertEqual(Bandeja.completitud(lista["cortado.xlsx"]!, gracia: 0), .completo)
    _ = (completo, pdf, vacio, cortado, comentado)
  }

  func testSufijosDeColision() {
    XCTAssertEqual(Traslado.conSufijo("libro.xlsx", 1), "libro.xlsx")
    XCTAssertEqual(Traslado.conSufijo("libro.xlsx", 2), "libro (2).xlsx")
    XCTAssertEqual(
      Traslado.conSufijo("Indicadores TIC - marzo 2021.xlsx", 3),
      "Indicadores TIC - marzo 2021 (3).xlsx")
    XCTAssertEqual(Traslado.conSufijo("sin-extension", 2), "sin-extension (2)")
    XCTAssertEqual(Buzon.nombreSeguro("a/b:c"), "a_b_c")
    XCTAssertEqual(Buzon.nombreSeguro(".oculto"), "_.oculto")
  }
}
