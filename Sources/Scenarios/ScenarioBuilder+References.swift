import Autoscaling
import DigitalOceanCatalog
import SimCore
import YAMLSupport
import Yams

/// Checks that need the whole file: names used in mixes, page calls and SLO scopes, read
/// after every section so that a mistake inside a definition is reported once.
extension ScenarioBuilder {
    // MARK: Cross-references

    /// The node at a dotted path, for locating problems found after reading.
    package static func locate(_ path: String, in root: Node) -> Node? { root.node(atDottedPath: path) }

    /// The names a section declares, whether or not their definitions were valid: a mistake
    /// inside a definition is reported once, not again as an unknown name wherever it is used.
    package static func declaredNames(_ section: String, in root: Node) -> [String] {
        guard case let .mapping(mapping)? = locate(section, in: root).flatMap({ node -> Node? in
            if case let .mapping(top) = root, top.contains(where: { $0.key.string == section }) { return node }
            return nil
        }) else { return [] }
        return mapping.compactMap { $0.key.string }
    }

    package func checkReferences(root: Node, top: MappingFields, pages: [WebPage], tiers: [ServiceTier],
                         objectives: ServiceLevelObjectives) {
        let operationNames = Self.declaredNames("operations", in: root)
        let pageNames = Self.declaredNames("pages", in: root)
        let groupNames = Self.declaredNames("tenant_groups", in: root)
        for name in Set(operationNames).intersection(pageNames).sorted() {
            reader.report("\"\(name)\" names both an operation and a page; mixes need unique names", at: Self.locate("pages.\(name)", in: root), path: "pages.\(name)")
        }
        let targets = operationNames + pageNames
        // Sets and one walk over the groups: validation stays linear in the number of
        // groups (a generated file can hold tens of thousands).
        let operationSet = Set(operationNames), pageSet = Set(pageNames)
        var needsWebTier = false
        let pageRendering = Dictionary(pages.map { ($0.name, $0.rendering) }, uniquingKeysWith: { first, _ in first })
        if case let .mapping(groups)? = Self.locate("tenant_groups", in: root), top["tenant_groups"] != nil {
            for (groupKey, groupValue) in groups {
                guard let groupName = groupKey.string, case let .mapping(fields) = groupValue,
                      case let .mapping(mix)? = fields.first(where: { $0.key.string == "mix" })?.value else { continue }
                for (keyNode, _) in mix {
                    guard let target = keyNode.string else { continue }
                    if pageSet.contains(target) {
                        if let rendering = pageRendering[target], rendering != .staticGeneration { needsWebTier = true }
                    } else if !operationSet.contains(target) {
                        reader.report("unknown operation or page \"\(target)\"\(NameSuggestion.hint(for: target, among: targets))",
                                      at: keyNode, path: "tenant_groups.\(groupName).mix.\(target)")
                    }
                }
            }
        }
        for page in pages {
            for (index, call) in page.calls.enumerated() where !operationNames.contains(call) {
                reader.report("unknown operation \"\(call)\"\(NameSuggestion.hint(for: call, among: operationNames))",
                              at: Self.locate("pages.\(page.name).calls.\(index)", in: root), path: "pages.\(page.name).calls.\(index)")
            }
        }
        if needsWebTier && !tiers.contains(where: { $0.role == .web }) && top["tiers"] != nil {
            reader.report("the mix sends requests to ISR or SSR pages, so a web tier is required", at: top["tiers"], path: "tiers.web")
        }
        let groupSet = Set(groupNames)
        for (index, objective) in objectives.latency.enumerated() {
            switch objective.scope {
            case .overall: break
            case let .group(name) where !groupSet.contains(name):
                reader.report("unknown tenant group \"\(name)\"\(NameSuggestion.hint(for: name, among: groupNames))",
                              at: Self.locate("slos.latency.\(index).group", in: root), path: "slos.latency.\(index).group")
            case let .operation(name) where !targets.contains(name):
                reader.report("unknown operation or page \"\(name)\"\(NameSuggestion.hint(for: name, among: targets))",
                              at: Self.locate("slos.latency.\(index).operation", in: root), path: "slos.latency.\(index).operation")
            default: break
            }
        }
    }
}
