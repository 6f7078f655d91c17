/// The time average of a piecewise-constant quantity, such as a queue length or the number
/// of busy servers.
///
/// A plain mean of the values seen at events would weight a level held for a microsecond
/// like one held for an hour; this integrates the level over time instead, in constant
/// memory. Call `update(to:at:)` whenever the level changes, with non-decreasing times.
public struct TimeWeightedMean: Sendable, Equatable, BitwiseCopyable {
    @usableFromInline var level: Double
    @usableFromInline var lastChange: Double
    @usableFromInline var accumulatedArea: Double
    @usableFromInline var start: Double

    /// Starts observing at `time` with the level `value`.
    public init(value: Double = 0, at time: Double = 0) {
        level = value
        lastChange = time
        accumulatedArea = 0
        start = time
    }

    /// The current level.
    @inlinable
    public var value: Double { level }

    /// Sets the level to `newValue` from `time` on.
    ///
    /// A time earlier than the last change is a bug in the caller (asserted in debug builds);
    /// release builds treat it as the last change's time, adding no area.
    @inlinable
    public mutating func update(to newValue: Double, at time: Double) {
        assert(time >= lastChange, "Time went backwards: \(time) after \(lastChange)")
        if time > lastChange {
            accumulatedArea += level * (time - lastChange)
            lastChange = time
        }
        level = newValue
    }

    /// Changes the level by `delta` at `time`: +1 on an arrival, −1 on a departure.
    @inlinable
    public mutating func add(_ delta: Double, at time: Double) {
        update(to: level + delta, at: time)
    }

    /// The integral of the level from the start (or the last reset) to `time`.
    public func area(at time: Double) -> Double {
        accumulatedArea + level * Swift.max(0, time - lastChange)
    }

    /// The time average from the start (or the last reset) to `time`; the current level when
    /// no time has passed, so that a just-reset observer reports something meaningful.
    public func mean(at time: Double) -> Double {
        let elapsed = time - start
        guard elapsed > 0 else { return level }
        return area(at: time) / elapsed
    }

    /// Forgets the past and keeps the current level, starting a new average at `time`.
    ///
    /// Used at the end of a warm-up period so that the empty-and-idle start does not bias the
    /// steady-state average.
    public mutating func reset(at time: Double) {
        accumulatedArea = 0
        start = time
        lastChange = time
    }
}
