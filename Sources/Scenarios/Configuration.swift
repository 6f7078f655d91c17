import Autoscaling
import DigitalOceanCatalog

/// What a capacity plan decides: the choices a platform team makes and pays for, apart from
/// the load it serves and the software it runs.
///
/// A scenario is load plus configuration; the optimizer varies the configuration, the store
/// keys runs by it, and the provisioning module turns it into infrastructure. It is a plain
/// value: `Hashable` so that search and resume can compare candidates, `Codable` with a
/// canonical form (``canonicalJSON()``, ``yaml()``) whose SHA-256 is its ``contentHash``.
///
/// Tiers are kept in role order (api, then web) and cache entries in name order, so two
/// equal plans are equal values with the same bytes, however they were built.
public struct Configuration: Hashable, Codable, Sendable {
    /// The schema of the canonical form; part of every hash, so a change of meaning changes it.
    public static let schema = "capsim.configuration/v1"

    public var tiers: [Tier]
    public var database: Database
    /// The operations' response caches, by operation name; an operation not listed keeps the
    /// scenario's setting.
    public var responseCache: [ResponseCache]

    public init(tiers: [Tier], database: Database, responseCache: [ResponseCache] = []) {
        self.tiers = tiers.sorted { $0.role.order < $1.role.order }
        self.database = database
        self.responseCache = responseCache.sorted { $0.operation < $1.operation }
    }

    /// One tier's fleet and balancer.
    public struct Tier: Hashable, Codable, Sendable {
        public var role: TierRole
        /// A droplet size slug of the catalog (`s-2vcpu-4gb`).
        public var dropletSize: String
        /// The fleet's size, or its starting size when `autoscaling` is set.
        public var droplets: Int
        /// `nil` keeps the fleet at `droplets`.
        public var autoscaling: AutoscalingConfiguration?
        /// Node processes per droplet (cluster mode).
        public var workersPerDroplet: Int
        /// Requests one process holds at once; 0 means no limit.
        public var inFlightLimit: Int
        /// Regional load balancer nodes in front of the tier.
        public var balancerNodes: Int

        public init(role: TierRole, dropletSize: String, droplets: Int, autoscaling: AutoscalingConfiguration? = nil,
                    workersPerDroplet: Int, inFlightLimit: Int = 0, balancerNodes: Int = 1) {
            self.role = role
            self.dropletSize = dropletSize
            self.droplets = droplets
            self.autoscaling = autoscaling
            self.workersPerDroplet = workersPerDroplet
            self.inFlightLimit = inFlightLimit
            self.balancerNodes = balancerNodes
        }

        enum CodingKeys: String, CodingKey {
            case role, dropletSize = "droplet_size", droplets, autoscaling, workersPerDroplet = "workers_per_droplet"
            case inFlightLimit = "in_flight_limit", balancerNodes = "balancer_nodes"
        }

        /// `autoscaling`, `in_flight_limit` and `balancer_nodes` may be left out: none, no
        /// limit, one node, as in a scenario file.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(role: try container.decode(TierRole.self, forKey: .role),
                      dropletSize: try container.decode(String.self, forKey: .dropletSize),
                      droplets: try container.decode(Int.self, forKey: .droplets),
                      autoscaling: try container.decodeIfPresent(AutoscalingConfiguration.self, forKey: .autoscaling),
                      workersPerDroplet: try container.decode(Int.self, forKey: .workersPerDroplet),
                      inFlightLimit: try container.decodeIfPresent(Int.self, forKey: .inFlightLimit) ?? 0,
                      balancerNodes: try container.decodeIfPresent(Int.self, forKey: .balancerNodes) ?? 1)
        }
    }

    /// The managed Postgres cluster and its PgBouncer pool.
    public struct Database: Hashable, Codable, Sendable {
        /// A database plan slug of the catalog (`db-s-2vcpu-4gb`).
        public var plan: String
        public var standbyNodes: Int
        public var poolMode: PoolMode
        /// Server connections PgBouncer opens to Postgres.
        public var poolSize: Int
        /// Extra server connections for clients that waited `reserve_pool_timeout`.
        public var reservePoolSize: Int
        /// Read-only nodes of the scenario's `read_only_plan` (the primary's plan by default).
        public var readOnlyNodes: Int

        public init(plan: String, standbyNodes: Int = 0, poolMode: PoolMode, poolSize: Int, reservePoolSize: Int, readOnlyNodes: Int = 0) {
            self.readOnlyNodes = readOnlyNodes
            self.plan = plan
            self.standbyNodes = standbyNodes
            self.poolMode = poolMode
            self.poolSize = poolSize
            self.reservePoolSize = reservePoolSize
        }

        enum CodingKeys: String, CodingKey {
            case plan, standbyNodes = "standby_nodes", poolMode = "pool_mode", poolSize = "pool_size"
            case reservePoolSize = "reserve_pool_size", readOnlyNodes = "read_only_nodes"
        }

        /// `read_only_nodes` is written only when there are some, so that a configuration
        /// without them keeps the canonical bytes, and content hash, it always had.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(plan, forKey: .plan)
            try container.encode(standbyNodes, forKey: .standbyNodes)
            try container.encode(poolMode, forKey: .poolMode)
            try container.encode(poolSize, forKey: .poolSize)
            try container.encode(reservePoolSize, forKey: .reservePoolSize)
            if readOnlyNodes > 0 { try container.encode(readOnlyNodes, forKey: .readOnlyNodes) }
        }

        /// `standby_nodes`, `reserve_pool_size` and `read_only_nodes` may be left out: none.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(plan: try container.decode(String.self, forKey: .plan),
                      standbyNodes: try container.decodeIfPresent(Int.self, forKey: .standbyNodes) ?? 0,
                      poolMode: try container.decode(PoolMode.self, forKey: .poolMode),
                      poolSize: try container.decode(Int.self, forKey: .poolSize),
                      reservePoolSize: try container.decodeIfPresent(Int.self, forKey: .reservePoolSize) ?? 0,
                      readOnlyNodes: try container.decodeIfPresent(Int.self, forKey: .readOnlyNodes) ?? 0)
        }
    }

    /// An operation's response-cache time to live.
    public struct ResponseCache: Hashable, Codable, Sendable {
        public var operation: String
        /// Seconds a cached response is served; `nil` turns the cache off.
        public var ttlSeconds: Double?

        public init(operation: String, ttlSeconds: Double?) {
            self.operation = operation
            self.ttlSeconds = ttlSeconds
        }

        enum CodingKeys: String, CodingKey { case operation, ttlSeconds = "ttl_seconds" }

        // Written as `ttl_seconds: null` when off, so that the canonical form names every
        // decision it makes.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(operation, forKey: .operation)
            try container.encode(ttlSeconds, forKey: .ttlSeconds)
        }
    }

    public func tier(_ role: TierRole) -> Tier? { tiers.first { $0.role == role } }

    enum CodingKeys: String, CodingKey { case schema, tiers, database, responseCache = "response_cache" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let schema = try container.decode(String.self, forKey: .schema)
        guard schema == Self.schema else {
            throw DecodingError.dataCorruptedError(forKey: .schema, in: container,
                                                   debugDescription: "unknown schema \"\(schema)\"; expected \(Self.schema)")
        }
        self.init(tiers: try container.decode([Tier].self, forKey: .tiers),
                  database: try container.decode(Database.self, forKey: .database),
                  responseCache: try container.decodeIfPresent([ResponseCache].self, forKey: .responseCache) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schema, forKey: .schema)
        try container.encode(tiers, forKey: .tiers)
        try container.encode(database, forKey: .database)
        try container.encode(responseCache, forKey: .responseCache)
    }
}

extension TierRole: Codable {
    /// Tiers in a configuration: the API first, as the model builds them.
    var order: Int { self == .api ? 0 : 1 }
}
