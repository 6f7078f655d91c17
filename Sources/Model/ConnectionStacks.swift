import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// For each API process, a stack of its node-postgres connections: the idle ones, or the
/// closed ones. A process never holds more than its pool size, so every stack has a fixed
/// region of one flat table.
///
/// An array of arrays paid two copy-on-write checks and a generic `popLast` per take or
/// return, and every database round trip takes and returns a connection.
struct ConnectionStacks {
    private let connections: SlotBuffer<Int32>
    private let depths: SlotBuffer<Int32>
    let capacity: Int

    /// `processes` empty stacks, each with room for `capacity` connections.
    init(processes: Int, capacity: Int) {
        self.capacity = capacity
        connections = SlotBuffer(repeating: -1, count: processes * capacity)
        depths = SlotBuffer(repeating: 0, count: processes)
    }

    /// The connection on top of `process`'s stack, if any.
    func last(of process: Int) -> Int32? {
        let depth = Int(depths[process])
        return depth > 0 ? connections[process * capacity + depth - 1] : nil
    }

    /// Takes the connection on top of `process`'s stack, if any.
    func popLast(of process: Int) -> Int32? {
        let depth = Int(depths[process])
        guard depth > 0 else { return nil }
        depths[process] = Int32(depth - 1)
        return connections[process * capacity + depth - 1]
    }

    /// Puts `connection` on top of `process`'s stack, which must have room.
    func append(_ connection: Int32, to process: Int) {
        let depth = Int(depths[process])
        precondition(depth < capacity, "process \(process) holds more than its \(capacity) connections")
        connections[process * capacity + depth] = connection
        depths[process] = Int32(depth + 1)
    }

    /// The connections on `process`'s stack, bottom first.
    func connections(of process: Int) -> [Int32] {
        (0..<Int(depths[process])).map { connections[process * capacity + $0] }
    }

    /// Empties `process`'s stack and pushes `replacement`, bottom first.
    func replace(_ process: Int, with replacement: [Int32]) {
        depths[process] = 0
        for connection in replacement { append(connection, to: process) }
    }
}
