import YAMLSupport
import Yams

public enum PoolMode: String, Sendable, CaseIterable, Codable {
    /// A client holds a server connection for as long as it stays connected.
    case session
    /// A client holds a server connection for one transaction.
    case transaction
    /// Like transaction, per statement; capsim's round trips are single statements.
    case statement
}

/// PgBouncer's pool, with its own defaults (pgbouncer doc/config.md).
public struct PgBouncerSettings: Sendable, Equatable {
    public var mode: PoolMode
    public var poolSize: Int
    public var reservePoolSize: Int
    public var reservePoolTimeout: Double
    /// A client not given a server connection in this time gets an error; 0 waits forever.
    public var queryWaitTimeout: Double
    public var maxClientConnections: Int

    public init(mode: PoolMode, poolSize: Int, reservePoolSize: Int, reservePoolTimeout: Double, queryWaitTimeout: Double, maxClientConnections: Int) {
        self.mode = mode
        self.poolSize = poolSize
        self.reservePoolSize = reservePoolSize
        self.reservePoolTimeout = reservePoolTimeout
        self.queryWaitTimeout = queryWaitTimeout
        self.maxClientConnections = maxClientConnections
    }
}
