/// Little's law, L = λW: the mean number in a system equals the arrival rate times the mean
/// time spent in it (Little 1961, "A proof for the queuing formula L = λW", *Operations
/// Research* 9(3)).
///
/// It holds for any stable system in steady state, whatever the arrival process, service
/// distribution or discipline, as long as L, λ and W are long-run averages over the same
/// boundary (the queue alone, or queue plus service). That generality is why the simulator
/// checks its own output with it.
///
/// Each helper solves for one quantity from the other two and returns `nil` when they
/// cannot determine it: a negative or non-finite input, or a zero divisor.
public enum LittlesLaw {
    /// L = λ W.
    /// - Complexity: O(1).
    public static func meanNumber(arrivalRate: Double, meanTime: Double) -> Double? {
        guard isNonNegativeFinite(arrivalRate), isNonNegativeFinite(meanTime) else { return nil }
        return arrivalRate * meanTime
    }

    /// λ = L / W; `nil` when W = 0.
    /// - Complexity: O(1).
    public static func arrivalRate(meanNumber: Double, meanTime: Double) -> Double? {
        guard isNonNegativeFinite(meanNumber), isPositiveFinite(meanTime) else { return nil }
        return meanNumber / meanTime
    }

    /// W = L / λ; `nil` when λ = 0.
    /// - Complexity: O(1).
    public static func meanTime(meanNumber: Double, arrivalRate: Double) -> Double? {
        guard isNonNegativeFinite(meanNumber), isPositiveFinite(arrivalRate) else { return nil }
        return meanNumber / arrivalRate
    }
}
