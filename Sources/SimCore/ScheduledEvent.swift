/// An event in the calendar: a payload due at `time`.
///
/// Ties at equal time break by `sequence` (first scheduled, first served), so that runs
/// with one seed interleave identically whatever the heap's internal layout. The payload is
/// meant to be a small value (an enum tag with integer indexes): no closure, no class, so a
/// pending event costs a few words in a contiguous array and nothing on the heap.
public struct ScheduledEvent<Payload> {
    /// When the event is due, in seconds.
    public let time: Double
    /// The calendar-wide order in which the event was scheduled; unique until `removeAll`.
    public let sequence: UInt64
    /// What the model should do when the event is due.
    public let payload: Payload

    // Internal so that only the calendar hands out sequence numbers.
    @inlinable
    init(time: Double, sequence: UInt64, payload: Payload) {
        self.time = time
        self.sequence = sequence
        self.payload = payload
    }

    /// Whether `self` is due strictly before `other` in calendar order (time, then sequence).
    @inlinable
    @inline(__always)
    func precedes(_ other: ScheduledEvent) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}

extension ScheduledEvent: Sendable where Payload: Sendable {}
extension ScheduledEvent: Equatable where Payload: Equatable {}
extension ScheduledEvent: Hashable where Payload: Hashable {}
