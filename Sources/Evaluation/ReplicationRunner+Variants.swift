import Analysis
import DigitalOceanCatalog
import Estimate
import Model
import Results
import Scenarios
import SimCore

extension ReplicationRunner {
    /// Runs `count` replications of every model, all on one pool of threads, and returns
    /// them grouped by model in replication order.
    public func run(_ models: [PlatformModel], count: Int,
                    progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil) -> [[ReplicationResult]] {
        let jobs = models.indices.flatMap { model in (0..<count).map { (model, $0) } }
        let results = runJobs(jobs.count, progress: progress) { index in
            let (model, replication) = jobs[index]
            return models[model].simulate(replication: replication)
        }
        return models.indices.map { model in Array(results[model * count..<(model + 1) * count]) }
    }

    /// Runs `count` replications of every model, all on one pool of threads, folding each
    /// model's replications into its aggregate in replication order as they finish.
    public func aggregate(_ models: [PlatformModel], count: Int,
                          progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil) -> [ReplicationAggregate] {
        let jobs = models.indices.flatMap { model in (0..<count).map { (model, $0) } }
        return foldJobs(jobs.count, into: models.map { ReplicationAggregate(scenario: $0.scenario) }, progress: progress,
                        { index in
                            let (model, replication) = jobs[index]
                            return models[model].simulate(replication: replication)
                        },
                        fold: { aggregates, index, result in aggregates[jobs[index].0].add(result) })
    }
}
