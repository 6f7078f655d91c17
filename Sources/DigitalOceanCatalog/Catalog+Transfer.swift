import Foundation
import YAMLSupport
import Yams

/// What DigitalOcean charges for droplet backups: a share of the droplet's own charge.
///
/// DigitalOcean's basic backup plans add 20% (weekly) or 30% (daily) of the droplet's cost
/// per month, charged per successful backup as a share of what the droplet cost that month
/// (docs.digitalocean.com/products/backups/details/pricing/, validated 9 Mar 2026). A share
/// of the droplet line is therefore the whole price; no per-GiB figure is needed.
public struct DropletBackupPricing: Sendable, Equatable, Codable {
    /// Fraction of the droplet charge weekly backups add (0.20 at DigitalOcean).
    public var weeklyShare: Double
    /// Fraction of the droplet charge daily backups add (0.30 at DigitalOcean).
    public var dailyShare: Double
    public var priceVerified: Bool
    public var source: String

    public init(weeklyShare: Double, dailyShare: Double, priceVerified: Bool, source: String) {
        self.weeklyShare = weeklyShare
        self.dailyShare = dailyShare
        self.priceVerified = priceVerified
        self.source = source
    }

    package enum CodingKeys: String, CodingKey {
        case weeklyShare = "weekly_share"
        case dailyShare = "daily_share"
        case priceVerified = "price_verified"
        case source
    }
}

/// A droplet size's free outbound transfer per month, pooled over the team.
public struct DropletTransferAllowance: Sendable, Equatable {
    /// GiB of outbound transfer a droplet of this size brings to the pool in a full month.
    public var monthlyGiB: Double
    /// False where the figure is not confirmed by DigitalOcean's own documentation.
    public var verified: Bool

    public init(monthlyGiB: Double, verified: Bool) {
        self.monthlyGiB = monthlyGiB
        self.verified = verified
    }
}

/// The bandwidth rules beyond the per-GiB price: how the allowance accrues, and the sources.
public struct BandwidthRules: Sendable, Equatable {
    /// Whether DigitalOcean's documentation confirms the $/GiB price.
    public var priceVerified: Bool
    /// Whether the hourly accrual of the allowance (per hour a droplet exists, up to
    /// `hours_per_month` a month) is confirmed by DigitalOcean.
    public var accrualVerified: Bool
    public var source: String
    /// Where the per-size allowances come from.
    public var transferSource: String

    public init(priceVerified: Bool, accrualVerified: Bool, source: String, transferSource: String) {
        self.priceVerified = priceVerified
        self.accrualVerified = accrualVerified
        self.source = source
        self.transferSource = transferSource
    }
}

extension Catalog {
    /// The parts of the catalog file read in a second pass: per-size transfer allowances,
    /// backup shares and the bandwidth sources. A second pass keeps `DropletSize`'s layout
    /// (and everything that encodes it) unchanged.
    package struct TransferFile: Decodable {
        package struct Size: Decodable {
            package var slug: String
            package var transferGiB: Double?
            package var transferVerified: Bool?
            package enum CodingKeys: String, CodingKey {
                case slug, transferGiB = "transfer_gib", transferVerified = "transfer_verified"
            }
        }
        package struct Bandwidth: Decodable {
            package var priceVerified: Bool
            package var allowanceAccrualVerified: Bool
            package var source: String
            package var transferSource: String
            package enum CodingKeys: String, CodingKey {
                case priceVerified = "price_verified", allowanceAccrualVerified = "allowance_accrual_verified"
                case source, transferSource = "transfer_source"
            }
        }
        package var dropletSizes: [Size]
        package var bandwidth: Bandwidth
        package var dropletBackups: DropletBackupPricing
        package enum CodingKeys: String, CodingKey {
            case dropletSizes = "droplet_sizes", bandwidth, dropletBackups = "droplet_backups"
        }
    }

    /// Reads the transfer and backup parts of an already composed catalog, checking ranges.
    package static func parseTransfer(_ node: Node, path: String) throws -> TransferFile {
        let file: TransferFile
        do {
            file = try YAMLDecoder().decode(TransferFile.self, from: node)
        } catch {
            throw CatalogError(location: describe(error, tree: node, path: path))
        }
        var problems: [String] = []
        typealias Key = AnyCodingKey
        for (index, size) in file.dropletSizes.enumerated() {
            guard let gib = size.transferGiB else {
                if size.transferVerified != nil {
                    problems.append(located([Key("droplet_sizes"), Key(index), Key("transfer_verified")], in: node, path: path)
                        + ": transfer_verified without transfer_gib")
                }
                continue
            }
            if !(gib.isFinite && gib >= 0 && gib <= 1_000_000) {
                problems.append(located([Key("droplet_sizes"), Key(index), Key("transfer_gib")], in: node, path: path)
                    + ": must be at least 0 and at most 1000000 GiB, found \(Units.trim(gib))")
            }
        }
        let backups = [Key("droplet_backups")]
        for (key, share) in [("weekly_share", file.dropletBackups.weeklyShare), ("daily_share", file.dropletBackups.dailyShare)]
        where !(share.isFinite && share >= 0 && share <= 1) {
            problems.append(located(backups + [Key(key)], in: node, path: path)
                + ": must be a fraction of the droplet price, at least 0 and at most 1, found \(Units.trim(share))")
        }
        if !problems.isEmpty { throw CatalogError(location: problems.joined(separator: "\n")) }
        return file
    }

    /// The allowance of a size, or nil when the catalog records none for it.
    public func transferAllowance(_ slug: String) -> DropletTransferAllowance? { dropletTransfer[slug] }
}
