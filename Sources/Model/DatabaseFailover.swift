import Foundation
import Results
import Scenarios
import SimCore

/// The managed database's primary, its standbys and their failures: whether transactions can
/// run now, how many standbys are ready to take over, and what each failure cost.
///
/// When the primary fails, a ready standby is promoted after `failover_time` and a new standby
/// is rebuilt `standby_rebuild_time` after that; with no standby ready the cluster is down
/// for `replacement_time` (DigitalOcean, "High Availability Configurations for DigitalOcean
/// Managed Database Clusters"; the times are assumptions, see `DatabaseFailoverSettings`).
/// What happens to the connections and transactions is the coordinator's
/// (`PlatformSimulation+Faults.swift`); this keeps the cluster's state and the records.
struct DatabaseFailover {
    let settings: DatabaseFailoverSettings
    /// Standbys that can be promoted now.
    private(set) var standbysReady: Int
    /// Between the primary's failure and the promotion (or replacement): no transaction runs,
    /// and PgBouncer fails its clients fast.
    private(set) var isUnavailable = false
    /// Changes at every failure and recovery, so that a pending random failure or recovery
    /// from before is ignored.
    private(set) var epoch: UInt32 = 0
    /// The primary's random failures; drawn from only when it has a failure rate.
    private var failureStream: Xoshiro256StarStar
    /// Each database fault and droplet loss so far, in time order.
    private(set) var records: [FaultRecord] = []
    /// The record of the database fault in progress (or the last one), in `records`.
    private var current: Int?
    /// Persistent clients PgBouncer disconnected at the failure: they connect again once the
    /// database is back.
    private(set) var disconnectedClients: [Int] = []

    init(settings: DatabaseFailoverSettings, standbys: Int, failureStream: Xoshiro256StarStar) {
        self.settings = settings
        standbysReady = standbys
        self.failureStream = failureStream
    }

    /// When the primary next fails at random after `now`, in seconds; `nil` without a failure rate.
    mutating func nextRandomFailure(after now: Double) -> Double? {
        guard let mean = settings.meanTimeBetweenFailures else { return nil }
        return now - mean * log(failureStream.nextOpenUnit())
    }

    /// The primary fails at `now`: returns how long transactions cannot run and whether a
    /// standby was promoted (then a new one is rebuilt after the failover).
    mutating func primaryFailed(at now: Double, scheduled: Bool) -> (downtime: Double, promoted: Bool) {
        precondition(!isUnavailable, "the primary failed while the database was already unavailable")
        let promoted = standbysReady > 0
        if promoted { standbysReady -= 1 }
        isUnavailable = true
        epoch &+= 1
        current = records.count
        records.append(FaultRecord(replication: 0, time: now, kind: promoted ? .databaseFailover : .databaseOutage, scheduled: scheduled))
        return (promoted ? settings.failoverTime : settings.replacementTime, promoted)
    }

    /// The standby was promoted or the primary replaced (unless the event is stale): returns
    /// the persistent clients to connect again.
    mutating func recovered(epoch: UInt32, at now: Double) -> [Int]? {
        guard isUnavailable, epoch == self.epoch, let current else { return nil }
        isUnavailable = false
        self.epoch &+= 1
        records[current].unavailableSeconds = now - records[current].time
        defer { disconnectedClients.removeAll() }
        return disconnectedClients
    }

    /// A standby rebuilt after a promotion is ready.
    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func standbyRebuilt() {
        standbysReady += 1
    }

    /// PgBouncer disconnected persistent client `client` at the failure.
    mutating func disconnected(_ client: Int) {
        disconnectedClients.append(client)
    }

    /// A transaction that was running, or held its server connection, failed with the primary.
    mutating func noteTransactionLost() {
        if let current { records[current].transactionsLost += 1 }
    }

    /// A round trip failed fast while the database was unavailable (or waited for a server
    /// connection when it failed).
    mutating func noteFailedFast() {
        if let current { records[current].requestsFailedFast += 1 }
    }

    /// Droplets of `tier` lost at `now` by a scheduled fault.
    mutating func recordDropletLoss(tier: String, requested: Int, lost: Int, at now: Double) {
        records.append(FaultRecord(replication: 0, time: now, kind: .dropletLoss, scheduled: true, tier: tier,
                                   dropletsRequested: requested, dropletsLost: lost))
    }

    /// The records, stamped with their replication.
    func records(replication: Int) -> [FaultRecord] {
        records.map { record in
            var stamped = record
            stamped.replication = replication
            return stamped
        }
    }

    func checkInvariants() throws(InvariantViolation) {
        try InvariantViolation.require(standbysReady >= 0, "DatabaseFailover", "\(standbysReady) standbys ready")
        try InvariantViolation.require(isUnavailable || disconnectedClients.isEmpty, "DatabaseFailover",
                                       "\(disconnectedClients.count) persistent clients wait to reconnect to an available database")
    }
}
