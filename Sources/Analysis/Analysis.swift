/// Closed-form queueing results over plain numbers (DESIGN §5).
///
/// Formulas know nothing of scenarios: `Platform` maps a scenario to arrival rates, service
/// times and server counts, and asks these functions.
public enum Analysis {}
