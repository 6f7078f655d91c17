extension StepAlarm {
    /// `above`: metric ≥ threshold; `below`: metric ≤ threshold.
    func isBreached(by value: Double) -> Bool {
        switch comparison {
        case .above: value >= threshold
        case .below: value <= threshold
        }
    }

    /// Whether an offset from the threshold falls in a step, with AWS's inclusive ends: the
    /// lower bound for `above` alarms, the upper bound for `below` alarms.
    func step(_ step: StepAdjustment, contains offset: Double) -> Bool {
        let lower = step.lowerBound ?? -.infinity
        let upper = step.upperBound ?? .infinity
        switch comparison {
        case .above: return lower <= offset && offset < upper
        case .below: return lower < offset && offset <= upper
        }
    }
}
