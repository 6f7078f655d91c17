// Heap-order checks for the calendar, compiled only into debug builds.

extension EventCalendar {
    /// Above this many pending events, debug builds skip the automatic check after each
    /// mutation: a full check is O(`count`), and checking a large calendar on every event
    /// would turn a debug-mode simulation quadratic. Tests call `_checkInvariants()` directly.
    @inlinable
    static var automaticCheckLimit: Int { 256 }

    /// Traps unless every event is due no earlier, in (time, sequence) order, than its parent
    /// in the heap (or is due before its predecessor in the list),
    /// no pending event is due before `now`, and every sequence number was handed out.
    ///
    /// Public (with an underscore) so that tests of other modules can check a calendar they
    /// drive; in release builds it does nothing.
    ///
    /// - Complexity: O(`count`) in debug builds; O(1) in release builds.
    @inlinable
    @inline(never)
    public func _checkInvariants() {
        #if DEBUG
        for index in 0..<pendingCount {
            let event = storage[index]
            precondition(event.time >= currentTime, "Pending event at \(event.time) is before now (\(currentTime))")
            precondition(event.sequence < nextSequence, "Sequence \(event.sequence) was never handed out")
            if !isHeap {
                precondition(
                    index == 0 || event.precedes(storage[index - 1]),
                    "List order broken: index \(index) (\(event.time), #\(event.sequence)) is not due before index \(index - 1)"
                )
            } else if index > 0 {
                let parent = (index - 1) / 4
                precondition(
                    !event.precedes(storage[parent]),
                    "Heap order broken: index \(index) (\(event.time), #\(event.sequence)) precedes its parent \(parent)"
                )
            }
        }
        #endif
    }

    /// Runs the full check after a mutation of a small calendar, in debug builds only.
    ///
    /// - Complexity: O(`count`) for calendars up to `automaticCheckLimit` events in debug
    ///   builds; nothing in release builds.
    @inlinable
    @inline(__always)
    func checkInvariantsAfterMutation() {
        #if DEBUG
        if pendingCount <= Self.automaticCheckLimit {
            _checkInvariants()
        }
        #endif
    }
}
