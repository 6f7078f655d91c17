import Foundation
import YAMLSupport
import Yams

/// DigitalOcean's sizes, plans and billing rules, read from `datasets/digitalocean-catalog.yaml`.
///
/// Prices live in data, not code, so that a price change is a one-line diff with its
/// source beside it, and so that figures the vendor has not confirmed carry that mark all
/// the way into reports.
public struct Catalog: Sendable {
    public var readOn: String
    public var dropletSizes: [DropletSize]
    public var databasePlans: [DatabasePlan]
    public var dropletBilling: DropletBilling
    public var loadBalancer: LoadBalancerPricing
    public var bandwidthUSDPerGiB: Double
    public var pgBouncerDefaults: PgBouncerSettings
    public var cpuSpeedNote: String
    /// How long a new droplet takes to serve: the default of every tier's lifecycle.
    public var dropletCreation: DropletCreation
    /// Free outbound transfer per size slug, where the catalog records one.
    public var dropletTransfer: [String: DropletTransferAllowance] = [:]
    /// Backup prices as shares of the droplet charge.
    public var dropletBackups = DropletBackupPricing(weeklyShare: 0.2, dailyShare: 0.3, priceVerified: false, source: "")
    /// Verification and sources of the bandwidth rules.
    public var bandwidthRules = BandwidthRules(priceVerified: false, accrualVerified: false, source: "", transferSource: "")

    public func dropletSize(_ slug: String) -> DropletSize? { dropletSizes.first { $0.slug == slug } }
    public func databasePlan(_ slug: String) -> DatabasePlan? { databasePlans.first { $0.slug == slug } }
}

public struct DropletSize: Sendable, Equatable, Codable {
    public var slug: String
    public var family: String
    public var vcpus: Int
    public var memoryGiB: Double
    public var diskGB: Int
    public var monthlyUSD: Double
    public var dedicatedCPU: Bool
    /// Relative per-vCPU speed; an assumption (see the catalog's note), 1.0 by default.
    public var cpuSpeed: Double
    public var source: String
    public var readOn: String

    package enum CodingKeys: String, CodingKey {
        case slug
        case family
        case vcpus
        case memoryGiB = "memory_gib"
        case diskGB = "disk_gb"
        case monthlyUSD = "monthly_usd"
        case dedicatedCPU = "dedicated_cpu"
        case cpuSpeed = "cpu_speed"
        case source
        case readOn = "read_on"
    }
}

public struct DatabasePlan: Sendable, Equatable, Codable {
    public var slug: String
    public var vcpus: Int
    public var memoryGiB: Double
    /// DigitalOcean allows 25 backend connections per GiB of RAM, minus 3 reserved.
    public var backendConnections: Int
    public var monthlyUSD: Double
    public var priceVerified: Bool
    public var standbyAllowed: Bool
    public var standbyMonthlyUSD: Double
    public var standbyPriceVerified: Bool
    public var source: String
    public var note: String?

    package enum CodingKeys: String, CodingKey {
        case slug
        case vcpus
        case memoryGiB = "memory_gib"
        case backendConnections = "backend_connections"
        case monthlyUSD = "monthly_usd"
        case priceVerified = "price_verified"
        case standbyAllowed = "standby_allowed"
        case standbyMonthlyUSD = "standby_monthly_usd"
        case standbyPriceVerified = "standby_price_verified"
        case source
        case note
    }
}

public struct DropletBilling: Sendable, Equatable, Codable {
    public var model: String
    public var minimumSeconds: Double
    public var minimumChargeUSD: Double
    /// The hourly price is the monthly price divided by this (672 at DigitalOcean).
    public var hoursPerMonth: Double
    public var monthlyCap: Bool
    public var monthlyCapVerified: Bool
    public var source: String

    package enum CodingKeys: String, CodingKey {
        case model
        case minimumSeconds = "minimum_seconds"
        case minimumChargeUSD = "minimum_charge_usd"
        case hoursPerMonth = "hours_per_month"
        case monthlyCap = "monthly_cap"
        case monthlyCapVerified = "monthly_cap_verified"
        case source
    }
}

public struct HealthCheckDefaults: Sendable, Equatable, Codable {
    public var intervalSeconds: Double
    public var responseTimeoutSeconds: Double
    public var healthyThreshold: Int
    public var unhealthyThreshold: Int

    package enum CodingKeys: String, CodingKey {
        case intervalSeconds = "interval_seconds"
        case responseTimeoutSeconds = "response_timeout_seconds"
        case healthyThreshold = "healthy_threshold"
        case unhealthyThreshold = "unhealthy_threshold"
    }
}

/// Creation times observed in the wild (FACTS.md "Creation time": Terraform logs, third party).
public struct DropletCreation: Sendable, Equatable, Codable {
    /// Seconds from the create request to `active`.
    public var secondsToActive: [Double]
    /// After `active` the network and the app still start.
    public var appStartSeconds: Double
    public var appStartVerified: Bool
    public var source: String

    package enum CodingKeys: String, CodingKey {
        case secondsToActive = "seconds_to_active"
        case appStartSeconds = "app_start_seconds"
        case appStartVerified = "app_start_verified"
        case source
    }
}

public struct LoadBalancerPricing: Sendable, Equatable, Codable {
    public var nodeMonthlyUSD: Double
    public var nodePriceVerified: Bool
    public var requestsPerSecondPerNode: Double
    public var connectionsPerNode: Int
    /// New TLS connections one node establishes per second (250 on DigitalOcean, "How to
    /// Scale Regional Load Balancers"); past it "the underlying connection is closed"
    /// ("Load Balancers Limits").
    public var newTLSConnectionsPerSecondPerNode: Double
    public var maxNodes: Int
    public var drainSeconds: Double
    public var healthCheck: HealthCheckDefaults
    public var source: String

    package enum CodingKeys: String, CodingKey {
        case nodeMonthlyUSD = "node_monthly_usd"
        case nodePriceVerified = "node_price_verified"
        case requestsPerSecondPerNode = "requests_per_second_per_node"
        case connectionsPerNode = "connections_per_node"
        case newTLSConnectionsPerSecondPerNode = "new_tls_connections_per_second_per_node"
        case maxNodes = "max_nodes"
        case drainSeconds = "drain_seconds"
        case healthCheck = "health_check"
        case source
    }
}

/// Why a catalog could not be read; the catalog ships with capsim, so this means a broken
/// installation or a hand-edited file.
public struct CatalogError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    /// Set when the message already starts with its own location (`file:line:column: field`).
    package var located = false
    public var description: String { located ? message : "\(path): \(message)" }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package init(location message: String) {
        path = ""
        self.message = message
        located = true
    }
}

extension Catalog {
    /// The catalog file's layout, decoded with snake_case keys.
    package struct File: Decodable {
        package struct Bandwidth: Decodable {
            package var outboundUSDPerGiB: Double
            package enum CodingKeys: String, CodingKey { case outboundUSDPerGiB = "outbound_usd_per_gib" }
        }
        package struct PgBouncerDefaults: Decodable {
            package var poolMode: String
            package var maxClientConn: Int
            package var defaultPoolSize: Int
            package var reservePoolSize: Int
            package var reservePoolTimeoutSeconds: Double
            package var queryWaitTimeoutSeconds: Double
            package enum CodingKeys: String, CodingKey {
                case poolMode = "pool_mode", maxClientConn = "max_client_conn", defaultPoolSize = "default_pool_size"
                case reservePoolSize = "reserve_pool_size", reservePoolTimeoutSeconds = "reserve_pool_timeout_seconds"
                case queryWaitTimeoutSeconds = "query_wait_timeout_seconds"
            }
        }
        package var schema: String
        package var readOn: String
        package var cpuSpeedNote: String?
        package var dropletBilling: DropletBilling
        package var bandwidth: Bandwidth
        package var loadBalancer: LoadBalancerPricing
        package var dropletSizes: [DropletSize]
        package var databasePlans: [DatabasePlan]
        package var pgbouncerDefaults: PgBouncerDefaults
        package var dropletCreation: DropletCreation
        package enum CodingKeys: String, CodingKey {
            case schema, readOn = "read_on", cpuSpeedNote = "cpu_speed_note", dropletBilling = "droplet_billing"
            case bandwidth, loadBalancer = "load_balancer", dropletSizes = "droplet_sizes"
            case databasePlans = "database_plans", pgbouncerDefaults = "pgbouncer_defaults"
            case dropletCreation = "droplet_creation"
        }
    }

    public static let fileName = "digitalocean-catalog.yaml"

    /// The catalog in `text`, read from the file at `path` by the caller (`path` names it in
    /// messages): decoding is a function of bytes, finding the file is the executable's job.
    public static func parse(_ text: String, path: String) throws -> Catalog {
        let file: File
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw CatalogError(path: path, message: "the file is empty")
            }
            node = composed
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(path: path, message: ScenarioIssue.yamlSyntax(error, source: path).message)
        }
        do {
            file = try YAMLDecoder().decode(File.self, from: node)
        } catch {
            throw CatalogError(location: describe(error, tree: node, path: path))
        }
        let problems = rangeProblems(of: file, tree: node, path: path)
        if !problems.isEmpty { throw CatalogError(location: problems.joined(separator: "\n")) }
        guard file.schema == "capsim.catalog/v1" else {
            throw CatalogError(path: path, message: "unknown schema \"\(file.schema)\"; expected capsim.catalog/v1")
        }
        let defaults = file.pgbouncerDefaults
        guard let mode = PoolMode(rawValue: defaults.poolMode) else {
            throw CatalogError(path: path, message: "pgbouncer_defaults.pool_mode: unknown mode \"\(defaults.poolMode)\"")
        }
        let transfer = try parseTransfer(node, path: path)
        var allowances: [String: DropletTransferAllowance] = [:]
        for size in transfer.dropletSizes {
            if let gib = size.transferGiB { allowances[size.slug] = DropletTransferAllowance(monthlyGiB: gib, verified: size.transferVerified ?? false) }
        }
        return Catalog(
            readOn: file.readOn,
            dropletSizes: file.dropletSizes,
            databasePlans: file.databasePlans,
            dropletBilling: file.dropletBilling,
            loadBalancer: file.loadBalancer,
            bandwidthUSDPerGiB: file.bandwidth.outboundUSDPerGiB,
            pgBouncerDefaults: PgBouncerSettings(
                mode: mode, poolSize: defaults.defaultPoolSize, reservePoolSize: defaults.reservePoolSize,
                reservePoolTimeout: defaults.reservePoolTimeoutSeconds,
                queryWaitTimeout: defaults.queryWaitTimeoutSeconds, maxClientConnections: defaults.maxClientConn),
            cpuSpeedNote: file.cpuSpeedNote ?? "",
            dropletCreation: file.dropletCreation,
            dropletTransfer: allowances,
            dropletBackups: transfer.dropletBackups,
            bandwidthRules: BandwidthRules(
                priceVerified: transfer.bandwidth.priceVerified, accrualVerified: transfer.bandwidth.allowanceAccrualVerified,
                source: transfer.bandwidth.source, transferSource: transfer.bandwidth.transferSource))
    }
}
