// Order checks for the calendar: on demand in every build, after each mutation in debug builds.

extension EventCalendar {
    /// Above this many pending events, debug builds skip the automatic check after each
    /// mutation: a full check is O(`count`), and checking a large calendar on every event
    /// would turn a debug-mode simulation quadratic. Tests call `_checkInvariants()` directly.
    @inlinable
    static var automaticCheckLimit: Int { 256 }

    /// The first broken invariant, described, or nil when the calendar is sound: every event
    /// is due no earlier, in (time, sequence) order, than its parent in the heap (or is due
    /// before its predecessor in the list), no pending event is due before `now`, and every
    /// sequence number was handed out.
    ///
    /// Compiled into every build, release included, so that the release-mode test suite
    /// checks what it asks for; only tests and debug builds call it.
    ///
    /// - Complexity: O(`count`).
    @inline(never)
    public func _invariantViolation() -> String? {
        for index in 0..<pendingCount {
            let event = storage[index]
            if event.time < currentTime { return "Pending event at \(event.time) is before now (\(currentTime))" }
            if event.sequence >= nextSequence { return "Sequence \(event.sequence) was never handed out" }
            if !isHeap {
                if index > 0 && !event.precedes(storage[index - 1]) {
                    return "List order broken: index \(index) (\(event.time), #\(event.sequence)) is not due before index \(index - 1)"
                }
            } else if index > 0 {
                let parent = (index - 1) / 4
                if event.precedes(storage[parent]) {
                    return "Heap order broken: index \(index) (\(event.time), #\(event.sequence)) precedes its parent \(parent)"
                }
            }
        }
        return nil
    }

    /// Traps with `_invariantViolation()`'s description when the calendar is broken, in
    /// every build (see there).
    ///
    /// - Complexity: O(`count`).
    @inline(never)
    public func _checkInvariants() {
        if let violation = _invariantViolation() { preconditionFailure(violation) }
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
