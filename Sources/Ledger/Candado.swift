import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One run at a time per outbox: a lock file holding the holder's pid.
///
/// The lock itself is `flock(2)` on that file, which the kernel releases
/// when the holder dies however it dies (SIGKILL included), so a lock left
/// by a dead run is simply taken over; the pid written inside is there to
/// tell the user who holds it.
public final class Candado {
  public enum Fallo: Error, Equatable {
    /// Another live run holds it; its pid when the file says.
    case ocupado(pid: Int32?)
    case noSePuedeCrear(ruta: String, errno: Int32)
  }

  public let ruta: String
  private var fd: Int32
  /// The pid the file named when it was taken over from a run that died.
  public private(set) var anterior: Int32?

  private init(ruta: String, fd: Int32, anterior: Int32?) {
    self.ruta = ruta
    self.fd = fd
    self.anterior = anterior
  }

  /// Takes the lock, or throws `.ocupado` at once (`esperar` false), or
  /// blocks until the holder ends (`esperar` true; `alEsperar` is called
  /// once with the holder's pid before blocking).
  public static func tomar(
    _ ruta: String, esperar: Bool = false, alEsperar: (Int32?) -> Void = { _ in }
  ) throws -> Candado {
    try FileManager.default.createDirectory(
      atPath: (ruta as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let fd = open(ruta, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw Fallo.noSePuedeCrear(ruta: ruta, errno: errno) }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      let quien = leerPid(fd)
      guard esperar else {
        close(fd)
        throw Fallo.ocupado(pid: quien)
      }
      alEsperar(quien)
      while flock(fd, LOCK_EX) != 0 {
        guard errno == EINTR else {
          let e = errno
          close(fd)
          throw Fallo.noSePuedeCrear(ruta: ruta, errno: e)
        }
      }
    }
    // Ours now. A pid still written there is a run that died holding it.
    let previo = leerPid(fd)
    let propio = getpid()
    let texto = Array("\(propio)\n".utf8)
    _ = ftruncate(fd, 0)
    _ = texto.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    return Candado(ruta: ruta, fd: fd, anterior: previo.flatMap { $0 == propio ? nil : $0 })
  }

  /// The pid in the lock file, if any.
  public static func titular(_ ruta: String) -> Int32? {
    guard let texto = try? String(contentsOfFile: ruta, encoding: .utf8) else { return nil }
    return Int32(texto.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  private static func leerPid(_ fd: Int32) -> Int32? {
    var buffer = [UInt8](repeating: 0, count: 32)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
    guard n > 0 else { return nil }
    return Int32(
      String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    )
  }

  /// Empties the pid and releases the lock. The file stays: removing it
  /// would let a waiting run lock a file that no longer has this path.
  public func soltar() {
    guard fd >= 0 else { return }
    _ = ftruncate(fd, 0)
    flock(fd, LOCK_UN)
    close(fd)
    fd = -1
  }

  deinit { soltar() }
}
