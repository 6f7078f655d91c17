// The hold model (Vaucher and Duval 1975; Jones 1986): a calendar holds N pending events;
// each step pops the earliest and schedules a new one at now + Exp(1). N stays constant, so
// the cost per step is the priority queue's steady-state cost at that size.
//
// Two implementations of the same model, fed by the same random stream:
// - `CalendarHold` drives SimCore's `EventCalendar` (what capsim's kernel uses);
// - `BareHold` drives `BareHeap4`, a hand-written 4-ary min-heap of 24-byte events in one
//   fixed allocation: the ceiling the calendar is measured against.
// Both allocate only when they are created; `run(steps:)` allocates nothing.

import Foundation
import SimCore

/// The number of pending events in the kernel benchmark.
public let holdPendingEvents = 10_000

/// The payload of a calendar event. With `ScheduledEvent`'s time and sequence number it makes
/// a 24-byte event, the same layout as `BareEvent`.
public struct HoldPayload: Sendable {
    public var kind: UInt32
    public var id: UInt32

    @inlinable
    public init(kind: UInt32, id: UInt32) {
        self.kind = kind
        self.id = id
    }
}

/// An exponential draw with mean 1 by inversion. The open unit interval keeps `log` finite.
@inlinable
@inline(__always)
func exponentialDraw(_ random: inout Xoshiro256StarStar) -> Double {
    -log(random.nextOpenUnit())
}

/// The hold model on SimCore's `EventCalendar`.
public struct CalendarHold {
    @usableFromInline var calendar: EventCalendar<HoldPayload>
    @usableFromInline var random: Xoshiro256StarStar

    /// Fills a calendar with `pending` events due at Exp(1) times from time 0.
    public init(pending: Int = holdPendingEvents, seed: UInt64 = 1) {
        calendar = EventCalendar(minimumCapacity: pending)
        random = Xoshiro256StarStar(seed: seed)
        for index in 0..<pending {
            calendar.schedule(
                HoldPayload(kind: UInt32(index & 3), id: UInt32(index)),
                after: exponentialDraw(&random)
            )
        }
    }

    /// Runs `steps` hold operations (one pop and one schedule each) and returns a checksum
    /// for `blackHole`.
    @inlinable
    public mutating func run(steps: Int) -> Double {
        var checksum: UInt64 = 0
        for _ in 0..<steps {
            guard let event = calendar.next() else { preconditionFailure("hold model ran dry") }
            checksum &+= UInt64(event.payload.id)
            calendar.schedule(event.payload, after: exponentialDraw(&random))
        }
        return calendar.now + Double(checksum & 1)
    }
}

/// A 24-byte event of the bare heap: the same fields as a `ScheduledEvent<HoldPayload>`.
public struct BareEvent {
    public var time: Double
    public var sequence: UInt64
    public var kind: UInt32
    public var id: UInt32

    @inlinable
    public init(time: Double, sequence: UInt64, kind: UInt32, id: UInt32) {
        self.time = time
        self.sequence = sequence
        self.kind = kind
        self.id = id
    }

    @inlinable
    @inline(__always)
    func precedes(_ other: BareEvent) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}

/// A 4-ary min-heap of `BareEvent`s, ordered by (time, sequence), in one fixed allocation:
/// no growth, no uniqueness or bounds checks, no clock, no clamping. The ceiling for what
/// a priority queue of such events costs on this machine.
public struct BareHeap4: ~Copyable {
    @usableFromInline let base: UnsafeMutablePointer<BareEvent>
    @usableFromInline let capacity: Int
    @usableFromInline var count: Int

    public init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
        count = 0
    }

    deinit { base.deallocate() }

    @inlinable
    public mutating func push(_ event: BareEvent) {
        precondition(count < capacity, "BareHeap4 is full")
        var hole = count
        count &+= 1
        while hole > 0 {
            let parent = (hole &- 1) >> 2
            guard event.precedes(base[parent]) else { break }
            base[hole] = base[parent]
            hole = parent
        }
        (base + hole).initialize(to: event)
    }

    /// Removes and returns the earliest event; the heap must not be empty.
    @inlinable
    public mutating func popMin() -> BareEvent {
        precondition(count > 0, "BareHeap4 is empty")
        let earliest = base[0]
        count &-= 1
        if count > 0 {
            let moving = base[count]
            var hole = 0
            while true {
                let firstChild = hole &* 4 &+ 1
                if firstChild >= count { break }
                var best = firstChild
                let endChild = Swift.min(firstChild &+ 4, count)
                var child = firstChild &+ 1
                while child < endChild {
                    if base[child].precedes(base[best]) { best = child }
                    child &+= 1
                }
                guard base[best].precedes(moving) else { break }
                base[hole] = base[best]
                hole = best
            }
            base[hole] = moving
        }
        return earliest
    }
}

/// The hold model on `BareHeap4`.
public struct BareHold: ~Copyable {
    @usableFromInline var heap: BareHeap4
    @usableFromInline var random: Xoshiro256StarStar
    @usableFromInline var nextSequence: UInt64
    @usableFromInline var now: Double

    /// Fills a heap with `pending` events due at Exp(1) times from time 0.
    public init(pending: Int = holdPendingEvents, seed: UInt64 = 1) {
        heap = BareHeap4(capacity: pending)
        random = Xoshiro256StarStar(seed: seed)
        nextSequence = 0
        now = 0
        for index in 0..<pending {
            heap.push(BareEvent(
                time: exponentialDraw(&random), sequence: nextSequence,
                kind: UInt32(index & 3), id: UInt32(index)
            ))
            nextSequence &+= 1
        }
    }

    /// Runs `steps` hold operations (one pop and one push each) and returns a checksum for
    /// `blackHole`.
    @inlinable
    public mutating func run(steps: Int) -> Double {
        var checksum: UInt64 = 0
        for _ in 0..<steps {
            let event = heap.popMin()
            now = event.time
            checksum &+= UInt64(event.id)
            heap.push(BareEvent(
                time: now + exponentialDraw(&random), sequence: nextSequence,
                kind: event.kind, id: event.id
            ))
            nextSequence &+= 1
        }
        return now + Double(checksum & 1)
    }
}

/// The layouts the benchmark promises: 24-byte events in both queues.
public let calendarEventStride = MemoryLayout<ScheduledEvent<HoldPayload>>.stride
public let bareEventStride = MemoryLayout<BareEvent>.stride
