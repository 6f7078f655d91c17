import ArgumentParser
import Foundation
import Platform
import Reports

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
            let text: String
            switch output.format {
            case .table: text = listing.table()
            case .json: text = listing.json().serialized() + "\n"
            case .markdown: text = listing.markdown()
            case .csv: text = listing.csv()
            }
            try output.destination.write(text)
        }
    }
}
