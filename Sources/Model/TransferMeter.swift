import Results
import Scenarios
import SimCore

/// Outbound bytes per tenant: each response a droplet sends to a client adds a draw of its
/// operation's or page's `response_bytes`.
///
/// Only user-facing responses count. A page's server-side API calls travel between droplets
/// over the VPC network, which DigitalOcean does not bill as transfer
/// (docs.digitalocean.com/products/droplets/details/pricing/), so a page counts its own
/// bytes only. Static (`ssg`) pages are served by the CDN, not a droplet, and count none.
/// Only completed responses count: an error page is a few hundred bytes, well inside the noise.
///
/// When no operation or page gives `response_bytes`, `isEnabled` is false, nothing is
/// allocated per tenant and nothing is drawn: runs are byte-identical to before the feature.
struct TransferMeter {
    let isEnabled: Bool
    private let operationBytes: [Sampler?]
    private let pageBytes: [Sampler?]
    /// One stream per operation and per page, so adding sizes to one leaves the others' draws alone.
    private var operationStreams: [Xoshiro256StarStar]
    private var pageStreams: [Xoshiro256StarStar]
    private let bytesByTenant: SlotBuffer<Double>

    init(scenario: Scenario, tenantCount: Int, streams: RandomStreams) {
        isEnabled = scenario.measuresTransfer
        guard isEnabled else {
            operationBytes = []
            pageBytes = []
            operationStreams = []
            pageStreams = []
            bytesByTenant = SlotBuffer(repeating: 0, count: 0)
            return
        }
        operationBytes = scenario.operations.map { $0.responseBytes.map(Sampler.init) }
        pageBytes = scenario.pages.map { $0.responseBytes.map(Sampler.init) }
        operationStreams = scenario.operations.map { streams.stream(named: "response_bytes.operation.\($0.name)") }
        pageStreams = scenario.pages.map { streams.stream(named: "response_bytes.page.\($0.name)") }
        bytesByTenant = SlotBuffer(repeating: 0, count: tenantCount)
    }

    /// A response of operation `target` (or page `target` when `isPage`) reached `tenant`'s client.
    mutating func responseSent(target: Int, isPage: Bool, tenant: Int) {
        if isPage {
            guard let sampler = pageBytes[target] else { return }
            bytesByTenant[tenant] += sampler.sample(using: &pageStreams[target])
        } else {
            guard let sampler = operationBytes[target] else { return }
            bytesByTenant[tenant] += sampler.sample(using: &operationStreams[target])
        }
    }

    /// `usage` with the outbound bytes added, or unchanged when transfer is not measured.
    func attach(to usage: TenantUsage) -> TenantUsage {
        guard isEnabled else { return usage }
        var result = usage
        result.outboundBytes = bytesByTenant.indices.map { bytesByTenant[$0] }
        return result
    }
}
