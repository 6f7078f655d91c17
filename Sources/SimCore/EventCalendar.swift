/// The future-event list of a discrete-event simulation: a priority queue of pending events
/// ordered by (time, sequence number).
///
/// Small calendars are a sorted list, large ones a 4-ary min-heap, both laid out in one
/// contiguous array of value-type events.
///
/// - A platform simulation holds a handful of pending events (about six on the baseline), and
///   there a heap's pop is dominated by mispredicted comparisons: each level picks among
///   children in random order. A list sorted latest first pops its last element with no
///   comparison at all, and a push walks in from the earliest end past the few events due
///   sooner, a loop whose only unpredictable branch is its exit.
/// - Past `sortedCapacity` events an insertion's shifting would grow linearly, so the list
///   reverses into a heap (an ascending array already is one); it sorts back into a list when
///   a pop leaves `heapFloor` events, so that no run of operations switches more than once
///   per dozens of them.
/// - A 4-ary heap is shallower than a binary one (half the levels), and the four children of a
///   node share one or two cache lines, so a pop touches fewer lines; the price is three more
///   comparisons per level on the way down, which are cheap next to a cache miss
///   (LaMarca & Ladner, "The Influence of Caches on the Performance of Heaps", 1996).
///
/// The array only grows: popping lowers `pendingCount`, so that each `schedule` and each
/// `next` is one pass over an unsafe buffer behind at most one copy-on-write check, where
/// `append`, `removeLast` and the sift had cost two each.
///
/// Ties at equal time break by a rising sequence number, first scheduled first served. A heap
/// alone does not keep equal keys in insertion order, so the sequence number is part of the
/// key; it makes runs with one seed bit-for-bit repeatable, in either layout.
///
/// The calendar owns the simulation clock: `now` is the time of the last popped event, and
/// scheduling into the past is a bug in the model (asserted in debug builds, clamped to `now`
/// in release builds so that a rounding error cannot reorder history).
///
/// What it deliberately does not do: it is not a `Sequence` (iteration order would be the
/// layout's, which nobody should rely on), and it cannot cancel or reschedule an event. Models
/// cancel by carrying a generation counter in the payload and ignoring stale events, which
/// keeps every operation allocation-free.
///
/// All public members are `@inlinable` so that the calendar specializes for the client's
/// payload type; in steady state (capacity reached) neither `schedule` nor `next` allocates.
/// Spent slots past `pendingCount` keep a copy of an old payload until overwritten, which
/// matters only for payloads holding references.
public struct EventCalendar<Payload> {
    /// The pending events in the first `pendingCount` slots; the rest are spent and get
    /// overwritten. As a list they are sorted latest first, so the earliest is the last; as a
    /// heap they are in level order, the children of index `i` at `4i + 1 ... 4i + 4`.
    @usableFromInline
    var storage: [ScheduledEvent<Payload>]

    /// Whether the pending events form a heap rather than a sorted list.
    @usableFromInline
    var isHeap: Bool

    /// The number of pending events, at the front of `storage`.
    @usableFromInline
    var pendingCount: Int

    /// The sequence number the next scheduled event will get.
    @usableFromInline
    var nextSequence: UInt64

    @usableFromInline
    var currentTime: Double

    /// Creates an empty calendar at time 0.
    ///
    /// Pass the largest number of events you expect to be pending at once so that the
    /// storage never grows during the run.
    ///
    /// - Complexity: O(`minimumCapacity`) for the allocation.
    @inlinable
    public init(minimumCapacity: Int = 0) {
        storage = []
        storage.reserveCapacity(minimumCapacity)
        pendingCount = 0
        isHeap = false
        nextSequence = 0
        currentTime = 0
    }

    /// The time of the last popped event, in seconds; 0 before the first pop.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var now: Double { currentTime }

    /// The number of pending events.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var count: Int { pendingCount }

    /// Whether no event is pending, which is when a simulation without arrivals ends.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var isEmpty: Bool { pendingCount == 0 }

    /// The time of the earliest pending event, or `nil` if none is pending.
    ///
    /// Lets a driver stop at a horizon without popping the first event beyond it.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var nextTime: Double? {
        guard pendingCount > 0 else { return nil }
        return storage[isHeap ? 0 : pendingCount - 1].time
    }

    /// The most events kept as a sorted list; one more turns the list into a heap.
    @inlinable
    static var sortedCapacity: Int { 48 }

    /// A heap left with this many events after a pop sorts back into a list.
    @inlinable
    static var heapFloor: Int { 16 }

    /// Schedules `payload` at the absolute time `time`.
    ///
    /// `time` must not be earlier than `now`: debug builds trap, release builds clamp to `now`
    /// (a NaN time is also clamped), so that the clock never runs backwards.
    ///
    /// - Complexity: O(log₄(`count`)) comparisons in a heap, O(`count`) below
    ///   `sortedCapacity`; amortized O(1) allocations, none once the capacity covers the peak
    ///   number of pending events.
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: Double) {
        assert(time >= currentTime, "Cannot schedule an event at \(time), before now (\(currentTime))")
        // Written so that NaN also falls back to `now`.
        let dueTime = time >= currentTime ? time : currentTime
        let event = ScheduledEvent(time: dueTime, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        if pendingCount == storage.count { storage.append(event) }
        if isHeap {
            siftUp(event, from: pendingCount)
            pendingCount &+= 1
        } else {
            insertIntoList(event)
            pendingCount &+= 1
            if pendingCount > Self.sortedCapacity { turnListIntoHeap() }
        }
        checkInvariantsAfterMutation()
    }

    /// Schedules `payload` at `now + delay`.
    ///
    /// `delay` must not be negative; see `schedule(_:at:)` for what happens when it is.
    ///
    /// - Complexity: O(log₄(`count`)) comparisons; amortized O(1) allocations.
    @inlinable
    public mutating func schedule(_ payload: Payload, after delay: Double) {
        schedule(payload, at: currentTime + delay)
    }

    /// Removes and returns the earliest pending event, advancing `now` to its time.
    ///
    /// Returns `nil`, leaving `now` unchanged, when no event is pending.
    ///
    /// - Complexity: O(1) as a list; O(log₄(`count`)) levels of up to four comparisons each as
    ///   a heap. No allocation.
    @inlinable
    public mutating func next() -> ScheduledEvent<Payload>? {
        guard pendingCount > 0 else { return nil }
        pendingCount &-= 1
        let earliest: ScheduledEvent<Payload>
        if isHeap {
            earliest = removeEarliest()
            if pendingCount <= Self.heapFloor { turnHeapIntoList() }
        } else {
            earliest = storage[pendingCount]
        }
        currentTime = earliest.time
        checkInvariantsAfterMutation()
        return earliest
    }

    /// Drops every pending event and rewinds the clock and the sequence numbers to 0.
    ///
    /// Used between replications: with `keepingCapacity` (the default) the next replication
    /// reuses the storage and allocates nothing.
    ///
    /// - Complexity: O(`count`).
    @inlinable
    public mutating func removeAll(keepingCapacity: Bool = true) {
        storage.removeAll(keepingCapacity: keepingCapacity)
        pendingCount = 0
        isHeap = false
        nextSequence = 0
        currentTime = 0
    }

    /// Reserves room for `minimumCapacity` pending events.
    ///
    /// - Complexity: O(`count`) when the storage moves, O(1) otherwise.
    @inlinable
    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        storage.reserveCapacity(minimumCapacity)
    }
}

extension EventCalendar: Sendable where Payload: Sendable {}
