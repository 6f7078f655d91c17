/// Simulated time in seconds since the start of a run.
///
/// A plain `Double` rather than a wrapper type: the calendar compares millions of times per
/// second and every model does arithmetic on them, so a typealias documents intent without
/// costing conversions. A `Double` keeps sub-microsecond resolution for runs of many years.
public typealias SimTime = Double
