internal import GRDB

/// The ledger's schema as a frozen timeline (STYLE §3): each step is named,
/// runs in its own transaction, and is never edited once released; a
/// change is a new step at the end. Tables and columns are plain strings
/// here, never a record's `databaseTableName`, so a later rename of a
/// Swift type cannot rewrite history.
enum Migraciones {
  /// `ruta` names the ledger in the errors of steps that read its rows.
  static func migrator(ruta: String = "") -> DatabaseMigrator {
    var m = DatabaseMigrator()
    // No `eraseDatabaseOnSchemaChange`, not even in DEBUG: it would delete
    // the history the ledger promises to keep.

    m.registerMigration("v1-archivos-envios") { db in
      // One row per distinct content: the same bytes dropped twice are one
      // `archivo` and two `envio`s, the second a duplicate.
      try db.create(table: "archivo") { t in
        t.primaryKey("id", .integer)
        t.column("sha256", .text).notNull().unique()
        t.column("bytes", .integer).notNull()
        t.column("recibidoEn", .datetime).notNull()
      }
      // One row per drop of a file in the inbox.
      try db.create(table: "envio") { t in
        t.primaryKey("id", .integer)
        t.belongsTo("archivo", onDelete: .restrict).notNull()
        t.column("corte", .text).notNull()
        t.column("vigencia", .integer).notNull()
        // The inbox sub-folder, or the dependencia the workbook names.
        t.column("remitente", .text).notNull()
        t.column("carpeta", .text)
        t.column("nombre", .text).notNull()
        // Absolute path in the inbox when it was taken.
        t.column("origen", .text).notNull()
        t.column("modificado", .datetime).notNull()
        t.column("recibidoEn", .datetime).notNull()
        t.column("estado", .text).notNull()
          .check { ["aceptado", "rechazado", "duplicado", "omitido"].contains($0) }
        t.column("plantilla", .text)
        t.column("componente", .text)
        t.column("dependencia", .text)
        t.column("corteDeclarado", .text)
        t.column("errores", .integer).notNull().defaults(to: 0)
        t.column("advertencias", .integer).notNull().defaults(to: 0)
        // For a duplicate: the submission whose bytes these are.
        t.belongsTo("duplicadoDe", inTable: "envio", onDelete: .restrict)
        // What kind of content the accepted rows make (`proyecto`,
        // `indicadores`, …); null when the validation gave none.
        t.column("contenido", .text)
        // Each record's identity and its cell, as JSON.
        t.column("identidades", .text).notNull().defaults(to: "[]")
        // `mover` (drop box) or `copiar` (`--conservar`).
        t.column("modo", .text).notNull().check { ["mover", "copiar"].contains($0) }
        // Where the file is kept, relative to the outbox; null until placed.
        t.column("guardado", .text)
        // Where it must go, relative to the outbox: a move recorded before
        // it is made, so a run killed in between is finished by the next.
        t.column("pendiente", .text)
      }
      try db.create(index: "envio_on_corte", on: "envio", columns: ["corte"])
      try db.create(index: "envio_on_origen", on: "envio", columns: ["origen"])
      try db.create(index: "envio_on_pendiente", on: "envio", columns: ["pendiente"])
      try db.create(index: "envio_on_guardado", on: "envio", columns: ["guardado"])
    }

    m.registerMigration("v2-hallazgos") { db in
      try db.create(table: "hallazgo") { t in
        t.primaryKey("id", .integer)
        t.belongsTo("envio", onDelete: .cascade).notNull()
        // `validacion`: the file's own; `lote`: from the cross-file rules,
        // recomputed at every consolidation.
        t.column("origen", .text).notNull().check { ["validacion", "lote"].contains($0) }
        t.column("orden", .integer).notNull()
        t.column("codigo", .text).notNull()
        t.column("severidad", .text).notNull().check { ["error", "advertencia"].contains($0) }
        t.column("archivo", .text).notNull()
        t.column("hoja", .text)
        t.column("celda", .text)
        t.column("rango", .text)
        t.column("fila", .integer)
        t.column("valores", .text).notNull()
      }
    }

    m.registerMigration("v3-filas-reemplazos") { db in
      // The normalised plan rows of each accepted submission.
      try db.create(table: "filaAceptada") { t in
        t.primaryKey("id", .integer)
        t.belongsTo("envio", onDelete: .cascade).notNull()
        t.column("posicion", .integer).notNull()
        t.column("tipo", .text).notNull()
          .check { ["proyecto", "indicador", "actividad", "riesgo"].contains($0) }
        t.column("codigo", .text).notNull()
        t.column("datos", .text).notNull()
        t.uniqueKey(["envioId", "posicion"])
      }
      // Which accepted submission replaced which, per identity.
      try db.create(table: "reemplazo") { t in
        t.primaryKey("id", .integer)
        t.column("corte", .text).notNull().indexed()
        t.column("clave", .text).notNull()
        t.belongsTo("anterior", inTable: "envio", onDelete: .restrict).notNull()
        t.belongsTo("nuevo", inTable: "envio", onDelete: .restrict).notNull()
      }
    }

    m.registerMigration("v4-cortes") { db in
      // A corte whose outputs must be (re)written: set in the transaction
      // that records a submission, cleared once its outputs are in place.
      try db.create(table: "corte") { t in
        t.primaryKey("fecha", .text)
        t.column("vigencia", .integer).notNull()
        t.column("pendiente", .boolean).notNull().defaults(to: true)
        t.column("consolidadoEn", .datetime)
      }
    }

    m.registerMigration("v5-celdas-de-hallazgo") { db in
      // Every other cell a finding concerns (a sum's months, a
      // comparison's other side), space-separated; null when none.
      try db.alter(table: "hallazgo") { t in t.add(column: "celdas", .text) }
    }

    m.registerMigration("v6-accesos-auditoria") { db in
      // Access keys of the portal (`pai servir`): only a SHA-256 of the
      // key is kept; the key itself is shown once, when it is made.
      try db.create(table: "acceso") { t in
        t.primaryKey("id", .integer)
        t.column("tipo", .text).notNull().check { ["dependencia", "planeacion"].contains($0) }
        // The office's inbox folder; null for a planning key.
        t.column("carpeta", .text)
        t.column("nombre", .text).notNull()
        t.column("huella", .text).notNull().unique()
        t.column("creadoEn", .datetime).notNull()
        // Set once revoked: the key stops working at the next request.
        t.column("revocadoEn", .datetime)
      }
      // Who sent what, when and from where, through the portal.
      try db.create(table: "auditoria") { t in
        t.primaryKey("id", .integer)
        t.column("momento", .datetime).notNull()
        t.belongsTo("acceso", onDelete: .restrict)
        t.column("dependencia", .text)
        t.column("accion", .text).notNull()
        t.column("direccion", .text).notNull()
        t.column("archivo", .text)
        // The submission recorded for it, when one was.
        t.column("envioId", .integer)
        t.column("estadoHTTP", .integer).notNull()
        t.column("solicitud", .text)
      }
      try db.create(index: "auditoria_on_momento", on: "auditoria", columns: ["momento"])
    }

    m.registerMigration("v7-sesiones") { db in
      // The portal's page sessions: only a SHA-256 of the session token
      // is kept. A session lives only while its key does (checked on
      // every request), so revoking the key ends its sessions at once.
      try db.create(table: "sesion") { t in
        t.primaryKey("id", .integer)
        t.belongsTo("acceso", onDelete: .cascade).notNull()
        t.column("huella", .text).notNull().unique()
        // The token every form of the session carries (CSRF).
        t.column("csrf", .text).notNull()
        t.column("creadaEn", .datetime).notNull()
        t.column("expiraEn", .datetime).notNull()
      }
    }

    m.registerMigration("v8-json-codable") { db in
      // The JSON columns become the Codable documents of Codec.swift, read
      // strictly from here on (MigracionJSON says what changes).
      try MigracionJSON.aplicar(db, ruta: ruta)
    }
    return m
  }
}
