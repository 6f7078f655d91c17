import Foundation
import YAMLSupport

/// `prometheus`: the JSON answer of a range query (`/api/v1/query_range`), whose
/// `data.result` is a matrix: series of `[unix seconds, "value"]` samples at a fixed step.
///
/// A sample is the requests of the interval that *ends* at its timestamp when the query is
/// `increase(…[step])` and a rate when it is `rate(…[step])`: the first is read as it is,
/// the second multiplied by the step when `valuesArePerSecond` (`--per-second`). One series
/// is kept by `--series job=api,code=200` (every label given must match), or all are summed.
/// JSON has no useful line numbers (Prometheus writes one line), so a bad sample is located
/// by its path, `data.result.0.values.17`.
enum PrometheusParser {
    static func read(_ bytes: [UInt8], options: TraceImportOptions, report: inout TraceImportReport) throws(ScenarioError) -> TraceBinner {
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw TraceImporter.failure(options, "", "not a JSON object: expected a Prometheus range-query answer", line: 1)
        }
        if let status = root["status"] as? String, status != "success" {
            throw TraceImporter.failure(options, "status", "the query failed (\"\(status)\": \(root["error"] as? String ?? "no message"))", line: 1)
        }
        guard let data = root["data"] as? [String: Any], let kind = data["resultType"] as? String else {
            throw TraceImporter.failure(options, "data.resultType", "missing: expected a Prometheus range-query answer", line: 1)
        }
        guard kind == "matrix", let results = data["result"] as? [[String: Any]] else {
            throw TraceImporter.failure(options, "data.resultType", "expected \"matrix\" (a range query), found \"\(kind)\"", line: 1)
        }
        var chosen = Array(results.enumerated())
        if let selector = options.series {
            var wanted: [String: String] = [:]
            for pair in selector.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else {
                    throw TraceImporter.failure(options, "--series", "expected label=value[,label=value…], found \"\(selector)\"")
                }
                wanted[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
            chosen = chosen.filter { _, series in
                let labels = series["metric"] as? [String: String] ?? [:]
                return wanted.allSatisfy { labels[$0.key] == $0.value }
            }
            guard chosen.count == 1 else {
                let all = results.map { describe($0["metric"] as? [String: String] ?? [:]) }
                throw TraceImporter.failure(options, "--series", "\"\(selector)\" matches \(chosen.count) of the \(results.count) series; "
                                            + "it must match one. The series are: " + all.joined(separator: "; "))
            }
        }
        var binner = TraceBinner()
        var allTimes: Set<Double> = []
        for (seriesIndex, series) in chosen {
            guard let values = series["values"] as? [[Any]] else {
                report.bad(1, "data.result.\(seriesIndex).values", "missing or not a list of [time, \"value\"] pairs"); continue
            }
            var seen: Set<Double> = []
            var latest = -Double.infinity
            var perSeries = TraceImportReport()
            for (sampleIndex, sample) in values.enumerated() {
                report.records += 1
                let path = "data.result.\(seriesIndex).values.\(sampleIndex)"
                guard sample.count == 2, let time = (sample[0] as? NSNumber)?.doubleValue, time.isFinite else {
                    report.bad(1, path, "expected [unix seconds, \"value\"]"); continue
                }
                guard let text = sample[1] as? String, let value = Double(text), value.isFinite, value >= 0 else {
                    report.bad(1, path, "expected a value at least 0 as a string, found \(sample[1])"); continue
                }
                // Series are summed sample by sample; a time repeated within one series is a duplicate.
                guard seen.insert(time).inserted else { report.duplicates += 1; continue }
                allTimes.insert(time)
                if time < latest { report.outOfOrder += 1 } else { latest = time }
                binner.add(time, value, report: &perSeries)
            }
        }
        let step = try SeriesParser.inferStep(Array(allTimes), options: options, report: &report)
        // A sample closes its interval: requests in (t − step, t].
        var shifted = TraceBinner()
        shifted.step = step
        shifted.declaredZone = .fixed(secondsEast: 0)
        var ignored = TraceImportReport()
        for index in binner.times.indices {
            shifted.add(binner.times[index] - step, binner.counts[index] * (options.valuesArePerSecond ? step : 1), report: &ignored)
        }
        shifted.covered = allTimes.sorted().map { ($0 - step, $0) }
        return shifted
    }

    static func describe(_ labels: [String: String]) -> String {
        "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }
}
