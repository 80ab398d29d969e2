import Foundation

/// A part's inflated bytes, chunk by chunk, inflated on a background
/// thread a few chunks ahead of the parser that consumes them: on two
/// cores inflating (about a sixth of reading a sheet) and parsing overlap.
/// Memory stays at `slotCount` chunks whatever the part's size; a part of
/// one chunk or less is inflated in place, with no thread.
final class PartStream {
  static let slotCount = 4

  private let channel: Channel
  private let threaded: Bool
  /// The slot handed out by the last `next()`, returned on the next call.
  private var current: Int?

  init(_ entry: ZipEntryStream) {
    threaded = entry.declaredSize > Int64(ZipEntryStream.chunkSize)
    channel = Channel(entry: entry, slots: threaded ? Self.slotCount : 1)
    if threaded {
      let channel = channel
      let thread = Thread { channel.produce() }
      thread.name = "pai-inflar"
      thread.start()
    }
  }

  deinit {
    // The producer owns the zip entry while it runs; wait for it to stop
    // before the entry, and perhaps the package, go away.
    if threaded { channel.cancel() }
  }

  /// The next chunk, valid until the next call; nil at the end of the part.
  func next() throws -> UnsafeRawBufferPointer? {
    guard threaded else {
      let slot = channel.slots[0]
      let n = try channel.entry.read(into: slot)
      return n == 0 ? nil : UnsafeRawBufferPointer(rebasing: slot[0..<n])
    }
    return try channel.take(returning: &current)
  }

  /// State shared by the consumer and the producer thread, guarded by
  /// `condition`; the entry itself is only read by the producer (or, with
  /// no thread, by the consumer).
  private final class Channel: @unchecked Sendable {
    let entry: ZipEntryStream
    let slots: [UnsafeMutableRawBufferPointer]
    private let condition = NSCondition()
    private var free: [Int]
    private var filled: [(slot: Int, count: Int)] = []
    private var failure: Error?
    private var running = true
    private var cancelled = false

    init(entry: ZipEntryStream, slots count: Int) {
      self.entry = entry
      slots = (0..<count).map { _ in
        UnsafeMutableRawBufferPointer.allocate(byteCount: ZipEntryStream.chunkSize, alignment: 16)
      }
      free = Array(0..<count)
    }

    deinit { for slot in slots { slot.deallocate() } }

    /// The producer's loop: fill free slots until the end of the entry, an
    /// error (delivered after the chunks before it) or cancellation.
    func produce() {
      while true {
        condition.lock()
        while free.isEmpty, !cancelled { condition.wait() }
        if cancelled {
          running = false
          condition.broadcast()
          condition.unlock()
          return
        }
        let slot = free.removeLast()
        condition.unlock()

        let result = Result { try entry.read(into: slots[slot]) }

        condition.lock()
        var done = true
        switch result {
        case .success(0): free.append(slot)
        case .success(let n):
          filled.append((slot, n))
          done = false
        case .failure(let error):
          failure = error
          free.append(slot)
        }
        if done { running = false }
        condition.broadcast()
        condition.unlock()
        if done { return }
      }
    }

    func take(returning current: inout Int?) throws -> UnsafeRawBufferPointer? {
      condition.lock()
      defer { condition.unlock() }
      if let slot = current {
        free.append(slot)
        current = nil
        condition.broadcast()
      }
      while filled.isEmpty, running { condition.wait() }
      if !filled.isEmpty {
        let (slot, n) = filled.removeFirst()
        current = slot
        return UnsafeRawBufferPointer(rebasing: slots[slot][0..<n])
      }
      if let failure { throw failure }
      return nil
    }

    /// Stops the producer and waits until it has.
    func cancel() {
      condition.lock()
      cancelled = true
      condition.broadcast()
      while running { condition.wait() }
      condition.unlock()
    }
  }
}
