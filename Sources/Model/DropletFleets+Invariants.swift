/// The fleets' invariants: counts against states, the balancer's view against the droplets'
/// states, and bills against lifetimes.
extension DropletFleets {
    /// Checks counts against states, and the balancer's view (`rotation`, `inFlight`, `isDown`)
    /// against the droplets' states.
    ///
    /// - Complexity: O(droplet slots + lifetimes recorded): a test's cost, never a run's.
    func checkInvariants(rotation: [[Int32]], inFlight: (Int) -> Int, isDown: (Int) -> Bool) throws(InvariantViolation) {
        let name = "DropletFleets"
        for (index, tier) in tiers.enumerated() {
            let first = layout.firstDroplet[index]
            let slots = first..<first + tier.slots
            let counted = slots.filter { states[$0].isCounted }.count
            try InvariantViolation.require(counted == byTier[index].counted, name,
                                           "tier \(index): \(byTier[index].counted) droplets counted, \(counted) in counted states")
            let inRotation = slots.filter { states[$0].isInRotation }.map { Int32($0 - first) }
            try InvariantViolation.require(Set(inRotation) == Set(rotation[index]) && inRotation.count == rotation[index].count, name,
                                           "tier \(index): droplets \(inRotation) in rotation, the balancer has \(rotation[index])")
            let ready = slots.filter { states[$0] == .inRotation }.count
            try InvariantViolation.require(byTier[index].ready.value == Double(ready), name,
                                           "tier \(index): ready level \(byTier[index].ready.value), \(ready) in rotation and alive")
            let running = slots.filter { states[$0].runsProcesses }.count * tier.workersPerDroplet
            try InvariantViolation.require(byTier[index].servingWorkers.value == Double(running), name,
                                           "tier \(index): serving level \(byTier[index].servingWorkers.value), \(running) processes running")
            for lifetime in byTier[index].lifetimes {
                try InvariantViolation.require(lifetime.destroyed > lifetime.created, name,
                                               "tier \(index): a droplet created at \(lifetime.created) s was billed a lifetime ending at \(lifetime.destroyed) s")
            }
            for droplet in slots {
                let held = inFlight(droplet)
                try InvariantViolation.require(isDown(droplet) == (states[droplet] == .crashed), name,
                                               "droplet \(droplet) is \(states[droplet]) but the balancer has it \(isDown(droplet) ? "down" : "up")")
                switch states[droplet] {
                case .off, .booting, .checking, .failed:
                    try InvariantViolation.require(held == 0, name, "droplet \(droplet) is \(states[droplet]) but holds \(held) requests")
                case .retiring, .crashRetiring:
                    try InvariantViolation.require(held > 0, name, "droplet \(droplet) is \(states[droplet]) with no request left")
                case .draining:
                    // Only an autoscale pool keeps an empty droplet until the end of its grace.
                    try InvariantViolation.require(held > 0 || lifecycles[index].billsWholeGrace, name,
                                                   "droplet \(droplet) drains with no request left")
                case .inRotation, .deregistering, .crashed:
                    break
                }
            }
        }
    }
}
