extension StepScalingPolicy {
    /// Every problem AWS would reject in a configuration, one readable sentence each; empty
    /// when the configuration is sound. Steps are checked in the order of their bounds.
    ///
    /// - Complexity: O(*s* log *s*) for *s* steps of an alarm.
    public static func validate(_ configuration: StepScalingConfiguration) -> [String] {
        var problems: [String] = []
        for (index, alarm) in configuration.alarms.enumerated() {
            problems += validate(alarm, at: "alarms[\(index)]")
        }
        return problems
    }

    private static func validate(_ alarm: StepAlarm, at path: String) -> [String] {
        guard !alarm.steps.isEmpty else { return ["\(path): has no steps; give at least one"] }
        var problems: [String] = []
        let low = -Double.infinity, high = Double.infinity
        let order = alarm.steps.indices.sorted { (alarm.steps[$0].lowerBound ?? low) < (alarm.steps[$1].lowerBound ?? low) }

        for index in order {
            let step = alarm.steps[index]
            let here = "\(path).steps[\(index)]"
            if let lower = step.lowerBound, let upper = step.upperBound, lower >= upper {
                problems.append("\(here): lower bound \(ReasonFormat.compact(lower)) is not below upper bound \(ReasonFormat.compact(upper))")
            }
            switch alarm.comparison {
            case .above:
                if let lower = step.lowerBound, lower < 0 {
                    problems.append("\(here): lower bound \(ReasonFormat.compact(lower)) is negative; an above alarm's steps are offsets of 0 or more")
                } else if step.lowerBound == nil {
                    problems.append("\(here): no lower bound; an above alarm's steps are offsets of 0 or more")
                }
            case .below:
                if let upper = step.upperBound, upper > 0 {
                    problems.append("\(here): upper bound \(ReasonFormat.compact(upper)) is positive; a below alarm's steps are offsets of 0 or less")
                } else if step.upperBound == nil {
                    problems.append("\(here): no upper bound; a below alarm's steps are offsets of 0 or less")
                }
            }
        }

        for (earlier, later) in zip(order, order.dropFirst()) {
            let upper = alarm.steps[earlier].upperBound ?? high
            let lower = alarm.steps[later].lowerBound ?? low
            let pair = "\(path).steps[\(earlier)] and steps[\(later)]"
            if upper < lower {
                problems.append("\(pair): gap between offsets \(ReasonFormat.compact(upper)) and \(ReasonFormat.compact(lower)); no step covers it")
            } else if upper > lower {
                problems.append("\(pair): overlap between offsets \(ReasonFormat.compact(lower)) and \(ReasonFormat.compact(min(upper, alarm.steps[later].upperBound ?? high)))")
            }
        }

        switch alarm.comparison {
        case .above:
            if let last = order.last, let upper = alarm.steps[last].upperBound {
                problems.append("\(path).steps[\(last)]: upper bound \(ReasonFormat.compact(upper)) must be empty; the last step of an above alarm is unbounded")
            }
        case .below:
            if let first = order.first, let lower = alarm.steps[first].lowerBound {
                problems.append("\(path).steps[\(first)]: lower bound \(ReasonFormat.compact(lower)) must be empty; the first step of a below alarm is unbounded")
            }
        }
        return problems
    }
}
