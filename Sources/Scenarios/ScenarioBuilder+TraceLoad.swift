import Traces
import YAMLSupport
import Yams

/// `load: {trace: FILE, scale:, shift:, loop:, replay:}` in a tenant group (README, "Real load").
extension ScenarioBuilder {
    /// The profile fields a trace replaces: giving one next to `load` is an error.
    package static let fieldsReplacedByTrace = ["rate_per_tenant", "hourly", "weekday", "time_zone", "profile_shape", "growth_per_month", "bursts"]

    package func traceLoad(_ node: Node, path: String, horizon: Double, tenants: Int?) -> TraceLoad? {
        guard let fields = reader.fields(of: node, path: path, allowed: ["trace", "scale", "shift", "loop", "replay"]) else { return nil }
        guard let fileNode = fields.require("trace", reader: reader), let name = reader.string(fileNode, path: fields.path("trace")) else { return nil }
        let scale = fields["scale"].flatMap { reader.number($0, path: fields.path("scale"), minimum: 0, maximum: 1e6) } ?? 1
        let shift = fields["shift"].flatMap { reader.duration($0, path: fields.path("shift")) } ?? 0
        let loop = fields["loop"].flatMap { reader.bool($0, path: fields.path("loop")) } ?? false
        if fields["scale"] != nil && scale == 0 {
            reader.warn("a scale of zero sends no requests", at: fields["scale"], path: fields.path("scale"))
        }
        let file = ScenarioPath.resolve(name, besideFile: source)
        reader.referencedFiles.append(file)
        let text: String
        do {
            text = try files.text(at: file, what: "load profile")
        } catch {
            reader.report("cannot read the load profile \(file)\(error.issues.first.map { ": " + $0.message } ?? "")", at: fileNode, path: fields.path("trace"))
            return nil
        }
        let trace: LoadTrace
        do {
            trace = try LoadProfileFile.read(text, file: ScenarioPath.lastComponent(file))
        } catch {
            let more = error.issues.count - 1 + error.uncounted
            reader.report("the load profile is malformed: \(error.issues.first?.description ?? "")"
                          + (more > 0 ? " (and \(more) more problem\(more == 1 ? "" : "s"))" : ""), at: fileNode, path: fields.path("trace"))
            return nil
        }
        guard trace.total > 0 else {
            reader.report("the load profile \(ScenarioPath.lastComponent(file)) holds no requests", at: fileNode, path: fields.path("trace"))
            return nil
        }
        if shift >= trace.span {
            reader.report("is \(Units.describe(seconds: shift)), past the trace's end (it spans \(Units.describe(seconds: trace.span)))",
                          at: fields["shift"], path: fields.path("shift"))
            return nil
        }
        if let tenants, trace.tenants.count > tenants {
            reader.report("the trace names \(trace.tenants.count) tenants but the group has \(tenants): give it at least \(trace.tenants.count)",
                          at: node, path: path)
            return nil
        }
        // A profile that kept its request times replays them unless told otherwise.
        var exact = trace.requestTimes != nil
        if let replayNode = fields["replay"] {
            guard let replay = reader.choice(replayNode, path: fields.path("replay"), options: ["exact", "poisson"], what: "replay") else { return nil }
            if replay == "exact" && trace.requestTimes == nil {
                reader.report("exact replay needs the requests' own times, and \(ScenarioPath.lastComponent(file)) holds counts per interval: "
                              + "import a per-request source with --keep-request-times, or say replay: poisson", at: replayNode, path: fields.path("replay"))
                return nil
            }
            exact = replay == "exact"
        }
        if exact && scale > 1 {
            reader.warn("an exact replay scaled ×\(Units.trim(scale)) sends the copies of each request at the same instant, so every burst "
                        + "is \(Units.trim(scale))× as sharp; replay: poisson spreads them within each interval",
                        at: fields["scale"], path: fields.path("scale"))
        }
        let load = TraceLoad(file: file, trace: trace, scale: scale, shift: shift, loop: loop, exact: exact)
        if !loop && load.playingSeconds < horizon {
            reader.warn("the trace ends \(Units.describe(seconds: load.playingSeconds)) into the run and the load stops there, "
                        + "\(Units.describe(seconds: horizon - load.playingSeconds)) before the horizon; loop: true repeats it",
                        at: node, path: path)
        }
        return load
    }
}
