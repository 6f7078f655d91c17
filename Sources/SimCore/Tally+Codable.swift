// Hand-written so that the keys are the public names and an empty tally encodes without its
// infinite min and max, which `JSONEncoder` would refuse by default.

extension Tally: Codable {
    enum CodingKeys: String, CodingKey {
        case count, mean, sumOfSquaredDeviations, sum, min, max
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            count: try container.decode(Int.self, forKey: .count),
            mean: try container.decode(Double.self, forKey: .mean),
            sumOfSquaredDeviations: try container.decode(Double.self, forKey: .sumOfSquaredDeviations),
            sum: try container.decode(Double.self, forKey: .sum),
            min: try container.decodeIfPresent(Double.self, forKey: .min) ?? .infinity,
            max: try container.decodeIfPresent(Double.self, forKey: .max) ?? -.infinity)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(storedCount, forKey: .count)
        try container.encode(mean, forKey: .mean)
        try container.encode(sumOfSquaredDeviations, forKey: .sumOfSquaredDeviations)
        try container.encode(runningSum, forKey: .sum)
        if storedCount > 0 {
            try container.encode(storedMin, forKey: .min)
            try container.encode(storedMax, forKey: .max)
        }
    }
}
