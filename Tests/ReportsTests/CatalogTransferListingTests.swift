import Foundation
import XCTest
import DigitalOceanCatalog
@testable import Reports

/// `capsim catalog` shows each size's transfer allowance, the backup shares and whether
/// DigitalOcean's documentation confirms them.
final class CatalogTransferListingTests: XCTestCase {
    static let catalog: Catalog = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets/digitalocean-catalog.yaml").path
        return try! Catalog.parse(String(contentsOfFile: path, encoding: .utf8), path: path)
    }()

    func testTableShowsAllowancesBackupsAndVerification() {
        let table = CatalogListing(catalog: Self.catalog, path: "catalog.yaml").table()
        XCTAssertTrue(table.contains("transfer GiB/month"), table)
        let row = table.split(separator: "\n").first { $0.hasPrefix("  s-2vcpu-4gb ") }.map(String.init) ?? ""
        XCTAssertTrue(row.hasSuffix("4000 (unverified)"), row)
        let dedicated = table.split(separator: "\n").first { $0.hasPrefix("  g-2vcpu-8gb ") }.map(String.init) ?? ""
        XCTAssertTrue(dedicated.hasSuffix("—"), dedicated)
        XCTAssertTrue(table.contains("Droplet backups: weekly 20%, daily 30% of the droplet charge\n"), table)
        XCTAssertTrue(table.contains("Outbound transfer: $0.01/GiB over the allowance, pooled"), table)
    }

    func testCSVAndJSONCarryTheAllowance() throws {
        let listing = CatalogListing(catalog: Self.catalog, path: "catalog.yaml")
        let csv = listing.csv()
        XCTAssertTrue(csv.hasPrefix("kind,slug,family,vcpus,memory_gib,disk_gb,monthly_usd,connections,price_verified,source,transfer_gib,transfer_verified\n"))
        let line = csv.split(separator: "\n").first { $0.hasPrefix("droplet,s-1vcpu-512mb-10gb,") }.map(String.init) ?? ""
        XCTAssertTrue(line.hasSuffix(",500.0,false"), line)
        let json = listing.json().serialized(pretty: false)
        XCTAssertTrue(json.contains("\"dropletBackups\":{\"weeklyShare\":0.2,\"dailyShare\":0.3,\"priceVerified\":true"), json)
    }
}
