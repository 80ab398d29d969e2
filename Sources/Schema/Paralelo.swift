import Dispatch
import Foundation
import Synchronization

/// How many files are validated at once: `PAI_TRABAJADORES` when set (1
/// forces the serial run, for tests and comparisons), else one per core.
public func trabajadoresPorOmision() -> Int {
  if let valor = ProcessInfo.processInfo.environment["PAI_TRABAJADORES"], let n = Int(valor), n >= 1
  {
    return n
  }
  return max(1, ProcessInfo.processInfo.activeProcessorCount)
}

/// Computes `trabajo(i)` for `0..<n` on `trabajadores` threads and hands
/// the results to `consumir` on the calling thread, in index order, as soon
/// as each and every earlier one are ready: the next result, and with it
/// those right after it that are already done (up to `lote`), so that the
/// consumer can write several at once. Workers run at most `ventana`
/// results ahead of the consumer, so memory stays bounded. `consumir`
/// returns false to stop: work not started is dropped, work under way is
/// finished and discarded, and this returns only when every worker is done.
///
/// With one worker there is no thread at all: `trabajo(i)` then `consumir`,
/// one index after the other, which is the serial run the parallel one must
/// equal (the consumer sees the same results in the same order either way).
public func enOrden<T: Sendable>(
  _ n: Int, trabajadores: Int, ventana: Int? = nil, lote: Int = 1,
  trabajo: @escaping @Sendable (Int) -> T, consumir: ([(indice: Int, resultado: T)]) throws -> Bool
) rethrows {
  let hilos = min(trabajadores, n)
  guard hilos > 1 else {
    for i in 0..<n {
      if try !consumir([(i, trabajo(i))]) { return }
    }
    return
  }
  let tablero = Tablero<T>(n: n, ventana: max(ventana ?? hilos * 8, hilos))
  let grupo = DispatchGroup()
  for _ in 0..<hilos {
    DispatchQueue.global().async(group: grupo) { tablero.trabajar(trabajo) }
  }
  defer {
    tablero.detener(hilos: hilos)
    grupo.wait()
  }
  var i = 0
  while i < n {
    var tanda = [(indice: i, resultado: tablero.esperar(i))]
    i += 1
    while tanda.count < lote, i < n, let r = tablero.siEsta(i) {
      tanda.append((i, r))
      i += 1
    }
    if try !consumir(tanda) { return }
  }
}

/// The shared state of `enOrden`: which index is next, the results not yet
/// consumed, and the signals between workers and consumer.
private final class Tablero<T: Sendable>: Sendable {
  private let n: Int
  private let siguiente = Atomic(0)
  private let detenido = Atomic(false)
  private let resultados: Mutex<[Int: T]> = Mutex([:])
  /// One per index: its result is in `resultados`.
  private let listos: [DispatchSemaphore]
  /// Results a worker may produce before the consumer takes one.
  private let cupo: DispatchSemaphore

  init(n: Int, ventana: Int) {
    self.n = n
    listos = (0..<n).map { _ in DispatchSemaphore(value: 0) }
    cupo = DispatchSemaphore(value: ventana)
  }

  func trabajar(_ trabajo: @Sendable (Int) -> T) {
    while true {
      cupo.wait()
      if detenido.load(ordering: .acquiring) { return }
      let i = siguiente.wrappingAdd(1, ordering: .relaxed).oldValue
      if i >= n { return }
      let r = trabajo(i)
      resultados.withLock { $0[i] = r }
      listos[i].signal()
    }
  }

  func esperar(_ i: Int) -> T {
    listos[i].wait()
    cupo.signal()
    // Present: `listos[i]` is signalled only after the result is stored.
    return resultados.withLock { $0.removeValue(forKey: i)! }
  }

  /// The result of `i` if it is ready now.
  func siEsta(_ i: Int) -> T? {
    guard listos[i].wait(timeout: .now()) == .success else { return nil }
    cupo.signal()
    return resultados.withLock { $0.removeValue(forKey: i) }
  }

  /// Wakes every worker waiting for room so that it sees the stop.
  func detener(hilos: Int) {
    detenido.store(true, ordering: .releasing)
    for _ in 0..<hilos { cupo.signal() }
  }
}

/// `(0..<n).map(trabajo)` on `trabajadores` threads, results in order.
public func mapaEnParalelo<T: Sendable>(
  _ n: Int, trabajadores: Int = trabajadoresPorOmision(), _ trabajo: @escaping @Sendable (Int) -> T
) -> [T] {
  var resultados: [T] = []
  resultados.reserveCapacity(n)
  enOrden(n, trabajadores: trabajadores, trabajo: trabajo) { tanda in
    resultados += tanda.map(\.resultado)
    return true
  }
  return resultados
}

/// `trabajo(i)` for `0..<n` on `trabajadores` threads, each index started
/// only while `seguir()` holds: work that fills a wait (the inbox pause)
/// and may or may not be needed after it. nil where an index was not
/// started. With one worker, on this thread.
public func mientras<T: Sendable>(
  _ n: Int, trabajadores: Int, seguir: @escaping @Sendable () -> Bool,
  _ trabajo: @escaping @Sendable (Int) -> T
) -> [T?] {
  let siguiente = Atomic(0)
  let hechos = Mutex([T?](repeating: nil, count: n))
  let trabajar: @Sendable () -> Void = {
    while seguir() {
      let i = siguiente.wrappingAdd(1, ordering: .relaxed).oldValue
      if i >= n { return }
      let r = trabajo(i)
      hechos.withLock { $0[i] = r }
    }
  }
  let hilos = min(trabajadores, n)
  if hilos > 1 {
    DispatchQueue.concurrentPerform(iterations: hilos) { _ in trabajar() }
  } else {
    trabajar()
  }
  return hechos.withLock { $0 }
}

/// `a()` on another thread while `b()` runs on this one, and both results;
/// with one worker, `a()` then `b()` here. Returns only when both are done,
/// also when `b` throws.
public func aLaVez<A: Sendable, B>(
  trabajadores: Int = trabajadoresPorOmision(), _ a: @escaping @Sendable () -> A,
  _ b: () throws -> B
) rethrows -> (A, B) {
  guard trabajadores > 1 else {
    let ra = a()
    return (ra, try b())
  }
  let caja = Mutex<A?>(nil)
  let grupo = DispatchGroup()
  DispatchQueue.global().async(group: grupo) {
    let ra = a()
    caja.withLock { $0 = ra }
  }
  let rb: B
  do {
    defer { grupo.wait() }
    rb = try b()
  }
  // Present: the group is done, and `a` always stores its result.
  return (caja.withLock { $0.take()! }, rb)
}
