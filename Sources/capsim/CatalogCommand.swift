import ArgumentParser
import Foundation
import Platform
import Reports

extension Capsim {
    struct CatalogCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "List DigitalOcean droplet sizes, database plans and prices, with their sources.")

        @Option(help: "The catalog file (default: datasets/digitalocean-catalog.yaml of this checkout).")
        var catalog: String?

        @Option(help: "Output format: table, json, markdown or csv.")
        var format: OutputFormat = .table

        @Option(help: "Write to this file instead of standard output.")
        var out: String?

        func run() throws {
            guard let path = catalog ?? Catalog.locate(near: nil) else {
                throw CapsimFailure(description: "cannot find datasets/\(Catalog.fileName); pass --catalog PATH or set CAPSIM_CATALOG",
                                    exitCode: .badInput)
            }
            let listing = CatalogListing(catalog: try Catalog.load(from: path), path: path)
            let text: String
            switch format {
            case .table: text = listing.table()
            case .json: text = listing.json().serialized() + "\n"
            case .markdown: text = listing.markdown()
            case .csv: text = listing.csv()
            }
            try OutputDestination(path: out).write(text)
        }
    }
}
