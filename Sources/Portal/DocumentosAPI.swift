import Foundation
import Reports

// The API's answers (`docs/openapi.yaml`), written by the same writer as
// the outbox's documents: keys sorted, required-but-nullable keys as an
// explicit `null`.

/// One submission (`Envio` in the API's description).
struct EnvioAPI: DocumentoJSON, Sendable {
  /// The ledger's number, as a string (the path's `{id}`).
  var id: String
  var archivo: String
  var estado: String
  var situacion: String
  var corte: String
  @Nulo var plantilla: String?
  var hallazgos: [HallazgoV1]

  init(_ d: DetalleEnvio) {
    id = String(d.id)
    archivo = d.archivo
    estado = d.estado
    situacion = d.situacion
    corte = d.corte.iso
    plantilla = d.plantilla
    hallazgos = d.hallazgos.map(HallazgoV1.init)
  }
}

/// `GET /api/v1/envios`: null `corte` when the ledger has none yet.
struct ListaEnviosAPI: DocumentoJSON, Sendable {
  @Nulo var corte: String?
  var envios: [EnvioAPI]
}

/// `GET /api/v1/estado`: coverage is null without a catalogue.
struct EstadoAPI: DocumentoJSON, Sendable {
  @Nulo var corte: String?
  @Nulo var cobertura: CoberturaV1?
  var pendientes: [PendienteV1]
}

/// Every error under `/api/`: `{"error": {"codigo", "mensaje"}}`.
struct ErrorAPI: DocumentoJSON, Sendable {
  struct Detalle: Encodable, Sendable {
    var codigo: String
    var mensaje: String
  }

  var error: Detalle
}
