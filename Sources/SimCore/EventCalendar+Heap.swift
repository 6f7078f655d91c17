// The sorted list's insertion, the 4-ary heap's sift operations, and the switches between them.
//
// Both move a "hole" instead of swapping: each level costs one copy instead of three, and the
// moving event is written once at the end. They work on an unsafe buffer so that the inner
// loops carry neither bounds checks nor uniqueness checks; the indices are derived from
// `count` and stay in range by construction.

extension EventCalendar {
    /// Places `moving` into the free slot at `index`, just past the heap, and lifts it to
    /// where the heap order holds.
    ///
    /// - Complexity: O(log₄(`count`)) comparisons.
    @inlinable
    mutating func siftUp(_ moving: ScheduledEvent<Payload>, from index: Int) {
        storage.withUnsafeMutableBufferPointer { heap in
            var hole = index
            while hole > 0 {
                let parent = (hole &- 1) >> 2
                guard moving.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = moving
        }
    }

    /// Takes the root of a heap that has just lost one slot (`pendingCount` is already
    /// lowered), moves the event from the freed slot into the root's place and sinks it to
    /// where the heap order holds.
    ///
    /// - Complexity: O(log₄(`count`)) levels of up to four comparisons each.
    @inlinable
    mutating func removeEarliest() -> ScheduledEvent<Payload> {
        let count = pendingCount
        return storage.withUnsafeMutableBufferPointer { heap in
            let earliest = heap[0]
            guard count > 0 else { return earliest }
            let moving = heap[count]
            var hole = 0
            while true {
                let firstChild = hole &* 4 &+ 1
                if firstChild >= count { break }
                var best = firstChild
                let endChild = Swift.min(firstChild &+ 4, count)
                var child = firstChild &+ 1
                while child < endChild {
                    if heap[child].precedes(heap[best]) { best = child }
                    child &+= 1
                }
                guard heap[best].precedes(moving) else { break }
                heap[hole] = heap[best]
                hole = best
            }
            heap[hole] = moving
            return earliest
        }
    }

    /// Inserts `event` into the list, whose events occupy `0..<pendingCount` latest first,
    /// shifting the events due before it one slot towards the end.
    ///
    /// The new event has the highest sequence number, so among equal times it goes before
    /// (is popped after) every event already there.
    ///
    /// - Complexity: O(number of events due before `event`).
    @inlinable
    mutating func insertIntoList(_ event: ScheduledEvent<Payload>) {
        let count = pendingCount
        storage.withUnsafeMutableBufferPointer { list in
            var hole = count
            while hole > 0 && list[hole &- 1].precedes(event) {
                list[hole] = list[hole &- 1]
                hole &-= 1
            }
            list[hole] = event
        }
    }

    /// Reverses the list into ascending order, which is a valid heap.
    ///
    /// - Complexity: O(`count`).
    @inlinable
    mutating func turnListIntoHeap() {
        let count = pendingCount
        storage.withUnsafeMutableBufferPointer { events in
            var pending = UnsafeMutableBufferPointer(rebasing: events[0..<count])
            pending.reverse()
        }
        isHeap = true
    }

    /// Sorts the heap's events latest first.
    ///
    /// - Complexity: O(`count` × log(`count`)).
    @inlinable
    mutating func turnHeapIntoList() {
        let count = pendingCount
        storage.withUnsafeMutableBufferPointer { events in
            var pending = UnsafeMutableBufferPointer(rebasing: events[0..<count])
            pending.sort { $1.precedes($0) }
        }
        isHeap = false
    }
}
