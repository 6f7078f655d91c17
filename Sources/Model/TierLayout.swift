/// Where each tier's droplets and processes sit in the simulation's flat tables.
///
/// Droplet slots and worker processes are numbered globally so that every per-droplet and
/// per-process table is one flat buffer; a tier owns a contiguous range of each, its droplet
/// `d` (local) owning processes `d × workersPerDroplet` up to the next droplet's.
struct TierLayout {
    /// The first global droplet slot and process of each tier, in `PlatformModel.tiers` order.
    let firstDroplet: [Int]
    let firstWorker: [Int]
    let workersPerDroplet: [Int]
    /// The web tier's index, or -1 when the scenario has no web tier.
    let webTier: Int
    let dropletCount: Int
    let workerCount: Int

    init(tiers: [PlatformModel.Tier]) {
        var droplets = 0, workers = 0, web = -1
        var firstDroplet: [Int] = [], firstWorker: [Int] = []
        for (index, tier) in tiers.enumerated() {
            if tier.role == .web { web = index }
            firstWorker.append(workers)
            firstDroplet.append(droplets)
            workers += tier.workerSlots
            droplets += tier.slots
        }
        self.firstDroplet = firstDroplet
        self.firstWorker = firstWorker
        workersPerDroplet = tiers.map(\.workersPerDroplet)
        webTier = web
        dropletCount = droplets
        workerCount = workers
    }

    /// The global droplet slot running `worker` of `tier`.
    @inline(__always)
    func droplet(ofWorker worker: Int, tier: Int) -> Int {
        firstDroplet[tier] + (worker - firstWorker[tier]) / workersPerDroplet[tier]
    }

    /// The tier owning global droplet slot `droplet`.
    func tier(ofDroplet droplet: Int) -> Int {
        var tier = 0
        while tier + 1 < firstDroplet.count && droplet >= firstDroplet[tier + 1] { tier += 1 }
        return tier
    }
}
