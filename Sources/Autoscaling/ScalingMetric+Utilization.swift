extension ScalingMetric {
    /// Averages over droplets in rotation, where a booting droplet would count as idle.
    public var isUtilization: Bool { self == .cpu || self == .memory }
}
