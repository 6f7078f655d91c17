// Input checks and tail formulas shared by the models, so that "not a system" means the
// same everywhere.

import Foundation

/// A rate or time that may be zero (an idle arrival stream) but not negative or infinite.
@inline(__always)
func isNonNegativeFinite(_ x: Double) -> Bool { x.isFinite && x >= 0 }

/// A rate or time that must be strictly positive (a service rate, a mean service time).
@inline(__always)
func isPositiveFinite(_ x: Double) -> Bool { x.isFinite && x > 0 }

/// ρ = λ / (c μ), computed one way only, so that the capacity search and `MMc.utilization`
/// can never disagree at the boundary ρ = bound.
@inline(__always)
func perServerUtilization(arrivalRate: Double, serviceRate: Double, servers: Int) -> Double {
    arrivalRate / (Double(servers) * serviceRate)
}

/// The p-quantile of a wait that is 0 with probability 1 − C and otherwise exponential with
/// rate `decayRate`: P(Wq > t) = C · e^(−decayRate · t).
///
/// An infinite `decayRate` (no variability at all) gives 0; p ≥ 1 gives infinity unless no
/// arrival ever waits. NaN p gives infinity, the pessimistic answer.
@inline(__always)
func exponentialTailQuantile(_ p: Double, probabilityOfWaiting c: Double, decayRate: Double) -> Double {
    if p.isNaN { return .infinity }
    if p <= 1 - c { return 0 }
    if p >= 1 { return .infinity }
    return max(0, log(c / (1 - p)) / decayRate)
}

/// P(Wq ≤ t) for the same distribution as `exponentialTailQuantile`.
@inline(__always)
func exponentialTailDistribution(_ t: Double, probabilityOfWaiting c: Double, decayRate: Double) -> Double {
    guard t >= 0 else { return 0 }           // also rejects NaN
    if decayRate == .infinity { return 1 }
    return 1 - c * exp(-decayRate * t)
}

