extension ScalingMetric {
    /// Averages over droplets in rotation, where a booting droplet would count as idle.
    var isUtilization: Bool { self == .cpu || self == .memory }
}
