/// A component's state that breaks one of its invariants: a bug in the simulation.
///
/// Components check their invariants in `checkInvariants()`, which tests call between the
/// events of a stepped replication (`PlatformSimulation.step()`); real runs never call it,
/// so the checks cost the event loop nothing.
struct InvariantViolation: Error, CustomStringConvertible {
    /// The component whose state is wrong, e.g. "PgBouncerPool".
    var component: String
    var message: String

    var description: String { "\(component): \(message)" }

    /// Throws a violation of `component` saying `message` unless `condition` holds.
    static func require(_ condition: Bool, _ component: String, _ message: @autoclosure () -> String) throws(InvariantViolation) {
        if !condition { throw InvariantViolation(component: component, message: message()) }
    }
}
