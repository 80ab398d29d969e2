import ArgumentParser
import Foundation

extension Pai {
  /// Runs the command, saying command-line mistakes in Spanish with the
  /// closest subcommand or option: argument-parser words them in English
  /// («Unexpected argument 'procesa'»), and planning staff read Spanish.
  static func main() {
    fijarZonaHoraria()
    do {
      var comando = try parseAsRoot()
      try comando.run()
    } catch {
      let codigo = exitCode(for: error)
      // Help, --version and our own exit codes go out as they are.
      if codigo == .success || error is ExitCode || error is CleanExit { exit(withError: error) }
      let argumentos = Array(CommandLine.arguments.dropFirst())
      FileHandle.standardError.write(
        Data((ErroresDeUso.traducir(fullMessage(for: error), argumentos) + "\n").utf8))
      Foundation.exit(codigo.rawValue)
    }
  }
}

enum ErroresDeUso {
  static let subcomandos = Pai.configuration.subcommands.map { $0._commandName }

  /// The message in Spanish, with «¿Quiso decir …?» when a near name exists.
  static func traducir(_ mensaje: String, _ argumentos: [String]) -> String {
    let subcomando = argumentos.first.flatMap { a in
      Pai.configuration.subcommands.first { $0._commandName == a }
    }
    var lineas: [String] = []
    for linea in mensaje.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      var l = linea
      if let x = citado(l, tras: "Unexpected argument ") {
        l =
          "Error: argumento inesperado «\(x)»."
          + sugerencia(x, entre: subcomando == nil ? subcomandos : [])
      } else if let x = citado(l, tras: "Unknown option ") {
        l =
          "Error: opción desconocida «\(x)»."
          + sugerencia(x, entre: opciones(de: subcomando ?? Pai.self))
      } else if let x = citado(l, tras: "Missing value for ") {
        l = "Error: falta el valor de «\(x)»."
      } else if let x = citado(l, tras: "Missing expected argument ") {
        l = "Error: falta el argumento «\(x)»."
      } else if l.hasPrefix("Error: The value '") {
        l = l.replacingOccurrences(of: "Error: The value '", with: "Error: el valor «")
          .replacingOccurrences(of: "' is invalid for '", with: "» no es válido para «")
          .replacingOccurrences(of: "'", with: "»")
      }
      if l.hasPrefix("Help:") { l = "Ayuda:" + l.dropFirst("Help:".count) }
      l = l.replacingOccurrences(of: "Usage:", with: "Uso:")
        .replacingOccurrences(of: "See '", with: "Vea «")
        .replacingOccurrences(of: "' for more information.", with: "» para más información.")
      lineas.append(l)
    }
    return lineas.joined(separator: "\n")
  }

  /// The text between quotes after `prefijo` («Error: Unknown option '--x'»).
  static func citado(_ linea: String, tras prefijo: String) -> String? {
    guard let r = linea.range(of: prefijo) else { return nil }
    let resto = linea[r.upperBound...]
    guard let a = resto.firstIndex(of: "'"),
      let b = resto[resto.index(after: a)...].firstIndex(of: "'")
    else {
      return nil
    }
    return String(resto[resto.index(after: a)..<b])
  }

  /// The long options a command's help lists.
  static func opciones(de comando: ParsableCommand.Type) -> [String] {
    let ayuda = Pai.helpMessage(for: comando)
    var vistas: [String] = []
    for palabra in ayuda.split(whereSeparator: { !($0.isLetter || $0 == "-") })
    where palabra.hasPrefix("--") {
      if !vistas.contains(String(palabra)) { vistas.append(String(palabra)) }
    }
    return vistas
  }

  /// « ¿Quiso decir «procesar»?» when a name is within a third of its
  /// length in edits, else nothing.
  static func sugerencia(_ x: String, entre nombres: [String]) -> String {
    // The Spanish words for the folders' English flags.
    let sinonimos = ["--entrada": "--inbox", "--bandeja": "--inbox", "--salida": "--outbox"]
    if let s = sinonimos[x], nombres.contains(s) { return " ¿Quiso decir «\(s)»?" }
    let cerca = nombres.map { ($0, distancia($0, x)) }.min { $0.1 < $1.1 }
    guard let (nombre, d) = cerca, d <= max(2, x.count / 3) else { return "" }
    return " ¿Quiso decir «\(nombre)»?"
  }

  static func distancia(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previa = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var actual = [i] + Array(repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where !b.isEmpty {
        actual[j] = min(
          previa[j] + 1, actual[j - 1] + 1, previa[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previa = actual
    }
    return a.isEmpty ? b.count : (b.isEmpty ? a.count : previa[b.count])
  }
}
