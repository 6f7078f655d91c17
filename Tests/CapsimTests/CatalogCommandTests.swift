import Foundation
import XCTest

/// `capsim catalog` lists the DigitalOcean sizes and plans the scenarios may name.
final class CatalogCommandTests: XCTestCase {
    func testTableListsDropletSizesAndDatabasePlans() throws {
        let outcome = try CLI.run(["catalog"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("s-2vcpu-4gb"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("db-s-4vcpu-8gb"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("Droplet sizes"), outcome.summary)
    }

    func testJSONFormatParsesAndListsSlugs() throws {
        let outcome = try CLI.run(["catalog", "--format", "json"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let json = try JSONAccess(text: outcome.stdout)
        XCTAssertEqual(json.string("schema"), "capsim.catalog/v1")
        let droplets = (json.array("dropletSizes") ?? []).compactMap { ($0 as? [String: Any])?["slug"] as? String }
        let plans = (json.array("databasePlans") ?? []).compactMap { ($0 as? [String: Any])?["slug"] as? String }
        XCTAssertTrue(droplets.contains("s-2vcpu-4gb"), "\(droplets)")
        XCTAssertTrue(plans.contains("db-s-4vcpu-8gb"), "\(plans)")
        XCTAssertEqual(json.integer("databasePlans.0.backendConnections"), 22, "db-s-1vcpu-1gb: 25 per GiB minus 3")
    }

    func testMissingCatalogFileIsBadInput() throws {
        let outcome = try CLI.run(["catalog", "--catalog", "/nonexistent-dir/catalog.yaml"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
    }
}
