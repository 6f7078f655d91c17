extension DropletAutoscalePoolPolicy {
    /// The bounds of a pool's settings the DigitalOcean API accepts (FACTS.md "Autoscalers"),
    /// one sentence per problem; empty when the configuration is sound.
    public static func validate(_ configuration: DropletAutoscalePoolConfiguration) -> [String] {
        var problems: [String] = []
        if configuration.targets.isEmpty {
            problems.append("target: a Droplet autoscale pool needs a CPU or a memory target (or both)")
        }
        for target in configuration.targets where !(0.05...1.0).contains(target.target) {
            problems.append("target: \(target.metric.rawValue) \(ReasonFormat.compact(target.target)) is outside 0.05…1.0")
        }
        if !(300...1200).contains(configuration.cooldown) {
            problems.append("cooldown: \(ReasonFormat.compact(configuration.cooldown)) s is outside 300…1200 s (5 to 20 minutes)")
        }
        if !(0..<1).contains(configuration.tolerance) {
            problems.append("tolerance: \(ReasonFormat.compact(configuration.tolerance)) is outside 0…1 (exclusive)")
        }
        return problems
    }

    /// The pool's droplet bounds the API accepts: min_instances 1–500, max_instances 1–1000
    /// (FACTS.md "Autoscalers", from the API specification).
    public static func validate(minimum: Int, maximum: Int) -> [String] {
        var problems: [String] = []
        if !(1...500).contains(minimum) {
            problems.append("min: \(minimum) is outside 1…500; a Droplet autoscale pool keeps at least one droplet")
        }
        if !(1...1000).contains(maximum) {
            problems.append("max: \(maximum) is outside 1…1000")
        }
        return problems
    }
}
