extension DropletAutoscalePoolPolicy {
    /// The bounds the DigitalOcean API accepts (FACTS.md "Autoscalers"), one sentence per
    /// problem; empty when the configuration is sound.
    public static func validate(_ configuration: DropletAutoscalePoolConfiguration) -> [String] {
        var problems: [String] = []
        if !configuration.metric.isUtilization {
            problems.append("metric: \"\(configuration.metric.rawValue)\" is not available; a Droplet autoscale pool scales on cpu or memory")
        }
        if !(0.05...1.0).contains(configuration.target) {
            problems.append("target: \(ReasonFormat.compact(configuration.target)) is outside 0.05…1.0")
        }
        if !(300...1200).contains(configuration.cooldown) {
            problems.append("cooldown: \(ReasonFormat.compact(configuration.cooldown)) s is outside 300…1200 s (5 to 20 minutes)")
        }
        return problems
    }
}
