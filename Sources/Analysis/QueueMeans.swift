/// The means that follow from a queue's mean wait by Little's law (Little 1961, valid for any
/// G/G/c in steady state): written once here instead of in every model.
public protocol QueueMeans {
    /// Arrivals per unit time.
    var arrivalRate: Double { get }
    /// Mean service time E[S].
    var meanService: Double { get }
    /// Mean wait in queue, Wq; `+∞` when unstable.
    var meanWait: Double { get }
    var isStable: Bool { get }
}

extension QueueMeans {
    /// Mean response time, Wq + E[S]; `+∞` when unstable.
    /// - Complexity: O(1).
    public var meanResponse: Double {
        guard isStable else { return .infinity }
        return meanWait + meanService
    }

    /// Mean number waiting, Lq = λ Wq; `+∞` when unstable.
    /// - Complexity: O(1).
    public var meanQueueLength: Double {
        guard isStable else { return .infinity }
        return arrivalRate * meanWait
    }

    /// Mean number in the system, Lq + λ E[S]; `+∞` when unstable.
    /// - Complexity: O(1).
    public var meanInSystem: Double {
        guard isStable else { return .infinity }
        return meanQueueLength + arrivalRate * meanService
    }
}
