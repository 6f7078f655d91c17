import Foundation

/// Cron-driven capacity: AWS Application Auto Scaling scheduled actions.
///
/// When an action fires it sets the tier's minimum, maximum and/or desired count from then
/// on; a field the action leaves `nil` keeps the value it had (AWS Application Auto Scaling
/// User Guide, "Scheduled scaling"). So the policy is a small state machine driven by a
/// precomputed, time-ordered list of firings, and `recommend` only replays the firings
/// that are due.
///
/// Simulation time `t` (seconds) is the wall-clock instant `configuration.start + t`; cron
/// fields are read in `configuration.timeZone` with ``CronSchedule/firings(from:through:in:)``,
/// so a local time skipped by a spring-forward never fires and a repeated one fires twice
/// (setting the same values twice, which is harmless).
///
/// The state in force at time 0 comes from replaying the firings of the eight days before
/// the start: enough for any daily or weekly entry ("staging off Friday 18:00" is still in
/// force on Monday 07:59). An entry that fires less often than weekly (a day-of-month
/// entry such as "0 0 1 * *") is only seen from its first firing after `start − 8 days`.
///
/// What it does not do: it never reads a metric. Paired with a metric policy, its bounds
/// move the clamp the controller applies to the other policy's answer.
public struct ScheduledScalingPolicy: ScalingPolicy {
    /// One firing of one action, `time` in simulation seconds.
    private struct Firing {
        var time: Double
        var action: Int
    }

    /// How far before the start firings are replayed to find the state in force at time 0.
    public static let lookBack: Double = 8 * 86_400

    private let actions: [ScheduledAction]
    private let firings: [Firing]
    /// Index in `firings` of the first firing not yet applied.
    private var nextFiring = 0
    private var minimum: Int?
    private var maximum: Int?
    /// A desired count set by a firing and not yet asked for.
    private var pendingDesired: Int?
    /// The action that last changed something, for the reason text.
    private var lastAction: Int?

    /// Precomputes every firing from `start − 8 days` through `start + horizon` and applies
    /// those before the start.
    /// - Parameter horizon: the simulated duration in seconds; firings after it are not
    ///   computed, so the state stays as it was at the horizon.
    /// - Complexity: O(actions × (days + firings)) to compute and sort the firings.
    public init(configuration: ScheduledScalingConfiguration, horizon: Double) {
        actions = configuration.actions
        let from = configuration.start.addingTimeInterval(-Self.lookBack)
        let through = configuration.start.addingTimeInterval(max(0, horizon))
        var firings: [Firing] = []
        for (index, action) in configuration.actions.enumerated() {
            for instant in action.schedule.firings(from: from, through: through, in: configuration.timeZone) {
                firings.append(Firing(time: instant.timeIntervalSince(configuration.start), action: index))
            }
        }
        // Ties run in the order the actions are listed, so the later one wins.
        firings.sort { ($0.time, $0.action) < ($1.time, $1.action) }
        self.firings = firings
        applyFirings(before: 0)
    }

    /// The desired count of the actions fired since the last wake-up (none: it abstains),
    /// with the bounds in force (`nil` when never set).
    /// - Complexity: amortized O(1): each firing is applied once over a run.
    public mutating func recommend(for observation: TierObservation) -> ScalingRecommendation {
        applyFirings(through: observation.time)
        let reason = lastAction.map { "schedule \(actions[$0].schedule)" } ?? "schedule: no action has fired yet"
        // AWS sets the desired capacity once, when the action runs; other policies may move
        // it afterwards. So a desired count is asked for at the first wake-up after its
        // firing and never again: after that the policy abstains (its bounds still hold).
        guard let desired = pendingDesired else {
            return ScalingRecommendation(desired: observation.droplets, reason: reason, minimum: minimum, maximum: maximum,
                                         abstains: true)
        }
        pendingDesired = nil
        return ScalingRecommendation(desired: desired, reason: reason, minimum: minimum, maximum: maximum)
    }

    private mutating func applyFirings(before time: Double) {
        while nextFiring < firings.count, firings[nextFiring].time < time { apply(firings[nextFiring]) }
    }

    private mutating func applyFirings(through time: Double) {
        while nextFiring < firings.count, firings[nextFiring].time <= time { apply(firings[nextFiring]) }
    }

    private mutating func apply(_ firing: Firing) {
        let action = actions[firing.action]
        minimum = action.minimum ?? minimum
        maximum = action.maximum ?? maximum
        pendingDesired = action.desired ?? pendingDesired
        lastAction = firing.action
        nextFiring += 1
    }
}
