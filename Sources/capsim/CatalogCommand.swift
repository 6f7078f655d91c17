import ArgumentParser
import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Model
import Reports
import Results
import Scenarios
import SimCore
import YAMLSupport

extension Capsim {
    struct CatalogCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "List DigitalOcean droplet sizes, database plans and prices, with their sources.")

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let path = try catalog.locate(near: nil)
            let listing = CatalogListing(catalog: try Catalog.load(from: path), path: path)
            try OutputFiles([("--out", output.out)], inputs: [path]).write([output.render(listing)])
        }
    }
}
