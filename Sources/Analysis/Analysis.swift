// Analysis: closed-form queueing results over plain numbers (DESIGN §5).
//
// Formulas know nothing of scenarios: `Estimate` maps a scenario to arrival rates, service
// times and server counts, and asks these types. Every type here is a `Sendable` value with
// no state beyond its inputs, so the optimizer can screen candidates from many threads.
//
// One convention for inputs that have no steady state, used by every type in the module:
//
// - A model (`MMc`, `MG1`, `MGc`, `GG1`, `MeanValueAnalysis`) never traps. It exposes
//   `isStable`, which is `false` when ρ ≥ 1 or when the inputs do not describe a system
//   (a non-positive service rate or mean service time, a negative arrival rate, fewer than
//   one server, a negative coefficient of variation, NaN or infinity). An unstable model
//   reports infinite waits, queue lengths and percentiles, a probability of waiting of 1 and
//   a wait distribution of 0: the pessimistic answer, so a capacity screen can never mistake
//   bad input for headroom.
// - `Erlang.b` and `Erlang.c` return plain probabilities and follow the same rule: 1 when
//   the load exceeds what the servers can carry or the inputs are not a system.
// - Searches and inversions with no answer (`Capacity.smallestServers`, `LittlesLaw`)
//   return `nil`.
//
// Which results are exact: Erlang B and C, every `MMc` result (means and distributions),
// the `MG1` means (Pollaczek–Khinchine), and MVA for networks of delay and single-server
// stations. Approximate: `MGc` (Allen–Cunneen) unless both coefficients of variation are 1,
// `GG1` (Kingman) unless arrivals are Poisson, every `MGc` percentile for non-exponential
// service, and MVA with multi-server stations (Seidmann et al.). Each type says so in an
// `isExact`-style property.
//
// The module once declared an empty `public enum Analysis`; it is gone because a type named
// like its module makes `Analysis.MMc` resolve to the (empty) type instead of the module.
//
// Not queueing, but here for the optimizer: `GaussianProcess` (a Matérn 5/2 surrogate of
// any function of normalised inputs) and `Acquisition` (constrained expected improvement
// and a kriging-believer batch proposer). They fit through Linear and so report bad input
// as `LinearError`, as `SeasonalForecast` does, rather than by the convention above.
