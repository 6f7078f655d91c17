import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// A growable table of plain values addressed by slot index, mutated in place without
/// copy-on-write.
///
/// The event loop keeps its per-request state in arrays stored in the simulation struct, and
/// every write through such an array pays a uniqueness check (a call into the runtime) that
/// the optimizer cannot hoist across the handlers' calls: about nine per event, 6% of a run.
/// Slots live in one buffer owned by a private class instead, so a write is a plain store.
///
/// The buffer is shared by copies of the table, unlike an array: the simulation owns its
/// tables and is never copied while it runs. Indexes are checked, like an array's.
struct SlotBuffer<Element: BitwiseCopyable> {
    private final class Storage {
        var base: UnsafeMutablePointer<Element>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(1, capacity)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        func grow() {
            let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            larger.initialize(from: base, count: count)
            base.deallocate()
            base = larger
            capacity *= 2
        }
    }

    private let storage: Storage

    init(minimumCapacity: Int = 64) {
        storage = Storage(capacity: minimumCapacity)
    }

    /// A table holding the elements of `elements`, in order.
    init(_ elements: [Element]) {
        storage = Storage(capacity: elements.count)
        for element in elements { append(element) }
    }

    /// A table of `count` copies of `element`.
    init(repeating element: Element, count: Int) {
        self.init(Array(repeating: element, count: count))
    }

    var count: Int { storage.count }

    var indices: Range<Int> { 0..<storage.count }

    /// Adds a slot at the end, doubling the buffer when full (amortized O(1)).
    func append(_ element: Element) {
        if storage.count == storage.capacity { storage.grow() }
        (storage.base + storage.count).initialize(to: element)
        storage.count += 1
    }

    /// Removes and returns the last slot, or `nil` when empty: the table as a stack.
    func popLast() -> Element? {
        guard storage.count > 0 else { return nil }
        storage.count -= 1
        return storage.base[storage.count]
    }

    /// The slot's address, checked once: for code that reads and writes several fields of one
    /// slot, each of which would otherwise reload the storage and check the bounds again.
    @inline(__always)
    func pointer(to slot: Int) -> UnsafeMutablePointer<Element> {
        precondition(slot >= 0 && slot < storage.count, "slot \(slot) out of range")
        return storage.base + slot
    }

    subscript(slot: Int) -> Element {
        unsafeAddress {
            precondition(slot >= 0 && slot < storage.count, "slot \(slot) out of range")
            return UnsafePointer(storage.base + slot)
        }
        nonmutating unsafeMutableAddress {
            precondition(slot >= 0 && slot < storage.count, "slot \(slot) out of range")
            return storage.base + slot
        }
    }
}
