/// A kubeconfig file as a YAML tree that is edited in place: entries are upserted by name
/// where they stand, and every key, entry and field ekspipe does not own stays as it was, in
/// order (comments are the only thing a rewrite loses). Edits record whether anything really
/// changed, so an unchanged file is never rewritten.
public struct Kubeconfig: Sendable {
    /// The three named lists and the key of each entry's inner mapping.
    public enum Section: String, CaseIterable, Sendable {
        case clusters, contexts, users
        public var innerKey: String {
            switch self {
            case .clusters: return "cluster"
            case .contexts: return "context"
            case .users: return "user"
            }
        }
    }

    public enum UpsertOutcome: Equatable, Sendable { case added, replaced, unchanged }

    public private(set) var root: YAMLNode
    /// Whether any edit changed the data since parsing.
    public private(set) var modified = false
    public let source: String
    private var explicitStart = false
    /// The file as read, for rewriting only what changed (KubeconfigTextEdit); nil for new
    /// files and layouts that cannot be edited line by line.
    /// `plainLines`: the text is known to hold only printable ASCII and `\n`.
    private var original: (bytes: [UInt8], root: YAMLNode, plainLines: Bool)?
    /// Entries upserted (by section and name) and top-level keys set since parsing.
    private var changedEntries: [Section: Set<String>] = [:]
    private var changedKeys: Set<String> = []

    /// A new, empty kubeconfig (apiVersion v1, kind Config). `markCreated` adds the top-level
    /// marker saying ekspipe created the file.
    public init(source: String, markCreated: Bool) {
        self.source = source
        var pairs: [(String, YAMLNode)] = [
            ("apiVersion", .string("v1")), ("kind", .string("Config")),
            ("clusters", .sequence([])), ("contexts", .sequence([])), ("users", .sequence([])), ("preferences", .mapping([])),
        ]
        if markCreated { pairs.append(("extensions", .sequence([KubeconfigMarker.fileNode]))) }
        root = .mapping(pairs)
        modified = true
    }

    /// Parses an existing file. Empty text (or only comments) is an empty kubeconfig. A file
    /// that is not one YAML mapping with lists of named entries is refused with its position.
    public init(parsing bytes: [UInt8], source: String) throws {
        self.init(source: source, markCreated: false)
        modified = false
        let (docs, hasAliases, plainLines) = try YAML.parseStream(bytes, source: source, blockSubset: true)
        if docs.count > 1 { throw KubeconfigError(source: source, mark: nil, .multipleDocuments(docs.count)) }
        explicitStart = docs.first?.explicitStart ?? false
        guard var node = docs.first?.root, !node.isNull else { return }
        guard node.isMapping else { throw KubeconfigError(source: source, mark: node.mark, .notAMapping) }
        // Aliases are expanded once so entries can be replaced or removed without leaving an
        // alias that points at nothing; the data stays the same.
        if hasAliases { node = node.expandingAliases() }
        root = node
        if !hasAliases && !(docs.first?.explicitEnd ?? false) { original = (bytes, node, plainLines) }
        for section in Section.allCases { try validate(section) }
        if let cc = root["current-context"], cc.scalar == nil {
            throw KubeconfigError(source: source, mark: cc.mark, .currentContextNotAString)
        }
    }

    private func validate(_ section: Section) throws {
        guard let list = root[section.rawValue], !list.isNull else { return }
        guard let items = list.items else { throw KubeconfigError(source: source, mark: list.mark, .sectionNotAList(section.rawValue)) }
        for (i, item) in items.enumerated() {
            guard item.isMapping else { throw KubeconfigError(source: source, mark: item.mark, .entryNotAMapping(section: section.rawValue, index: i)) }
            guard let name = item["name"], name.scalar != nil else {
                throw KubeconfigError(source: source, mark: item.mark, .entryWithoutName(section: section.rawValue, index: i))
            }
            if let inner = item[section.innerKey], !inner.isNull, !inner.isMapping {
                throw KubeconfigError(source: source, mark: inner.mark, .innerNotAMapping(section: section.rawValue, index: i, key: section.innerKey))
            }
        }
    }

    // MARK: reading

    public func entries(_ section: Section) -> [YAMLNode] { root[section.rawValue]?.items ?? [] }

    public func names(_ section: Section) -> [String] { entries(section).compactMap { $0["name"]?.scalar } }

    /// The inner mapping of the entry named `name` (`cluster:` of a cluster entry, …).
    public func entry(_ section: Section, named name: String) -> YAMLNode? {
        entries(section).first { $0["name"]?.scalar == name }?[section.innerKey]
    }

    public var currentContext: String? {
        guard let s = root["current-context"]?.scalar, !s.isEmpty else { return nil }
        return s
    }

    public var createdByEkspipe: Bool { KubeconfigMarker.fileWasCreatedByEkspipe(root) }

    /// Whether nothing is left but the skeleton ekspipe itself writes (no entries, no current
    /// context, no preferences or other keys with data in them).
    public var isEmptySkeleton: Bool {
        guard let pairs = root.pairs else { return true }
        for p in pairs {
            switch p.key.scalar ?? "" {
            case "apiVersion", "kind": continue
            case "clusters", "contexts", "users", "preferences", "current-context":
                if p.value.isNull || p.value.scalar == "" || (p.value.items?.isEmpty ?? false) || (p.value.pairs?.isEmpty ?? false) { continue }
                return false
            case "extensions":
                if (p.value.items ?? []).allSatisfy({ $0["name"]?.scalar == KubeconfigMarker.extensionName }) { continue }
                return false
            default:
                return false
            }
        }
        return true
    }

    // MARK: editing

    /// Upserts the entry `name` with inner mapping `inner`. An existing entry keeps its
    /// position and its other keys; `keepForeignFields` also keeps fields of its inner mapping
    /// that `inner` does not set (a context's `namespace`). Other tools' extensions are kept.
    /// Returns what happened and, for `.replaced`, the entry as it was.
    @discardableResult
    public mutating func upsert(_ section: Section, name: String, inner: YAMLNode, keepForeignFields: Bool = false,
                                dryRun: Bool = false) -> (outcome: UpsertOutcome, previous: YAMLNode?) {
        var list = root[section.rawValue] ?? .sequence([])
        if list.isNull { list = .sequence([]) }
        var items = list.items ?? []
        guard let i = items.firstIndex(where: { $0["name"]?.scalar == name }) else {
            if dryRun { return (.added, nil) }
            items.append(.mapping([(section.innerKey, inner), ("name", .string(name))]))
            list.kind = .sequence(items)
            root[section.rawValue] = list
            changedEntries[section, default: []].insert(name)
            modified = true
            return (.added, nil)
        }
        let old = items[i][section.innerKey]
        var merged = inner
        if let oldPairs = old?.pairs, var newPairs = merged.pairs {
            let ownKeys = Set(newPairs.compactMap { $0.key.scalar })
            if keepForeignFields {
                for p in oldPairs where p.key.scalar != "extensions" && !ownKeys.contains(p.key.scalar ?? "") { newPairs.append(p) }
            }
            // Other tools' extensions stay, ekspipe's marker is the one in `inner`.
            let ours = KubeconfigMarker.item(in: inner["extensions"])
            if let ext = KubeconfigMarker.replacing(in: old?["extensions"], with: ours) {
                if let j = newPairs.firstIndex(where: { $0.key.scalar == "extensions" }) { newPairs[j].value = ext } else {
                    newPairs.append(YAMLPair(key: .string("extensions"), value: ext))
                }
            }
            merged.kind = .mapping(newPairs)
        }
        if let old, old.sameContent(as: merged) { return (.unchanged, old) }
        if dryRun { return (.replaced, old) }
        items[i][section.innerKey] = merged
        list.kind = .sequence(items)
        root[section.rawValue] = list
        changedEntries[section, default: []].insert(name)
        modified = true
        return (.replaced, old)
    }

    /// Removes the entries whose inner mapping satisfies `match`; returns their names.
    @discardableResult
    public mutating func remove(_ section: Section, where match: (YAMLNode) -> Bool) -> [String] {
        remove(section, whereNamed: { _, inner in match(inner) })
    }

    /// Removes the entries for which `match(name, inner mapping)` holds; returns their names.
    @discardableResult
    public mutating func remove(_ section: Section, whereNamed match: (String, YAMLNode) -> Bool) -> [String] {
        guard var list = root[section.rawValue], let items = list.items else { return [] }
        var kept: [YAMLNode] = []
        var removed: [String] = []
        for item in items {
            if let inner = item[section.innerKey], match(item["name"]?.scalar ?? "", inner) {
                removed.append(item["name"]?.scalar ?? "")
            } else {
                kept.append(item)
            }
        }
        guard !removed.isEmpty else { return [] }
        list.kind = .sequence(kept)
        root[section.rawValue] = list
        modified = true
        return removed
    }

    /// Sets (or, with nil, removes) `current-context`.
    public mutating func setCurrentContext(_ name: String?) {
        guard name != currentContext else { return }
        if let name {
            let node = YAMLNode.string(name)
            if root["current-context"] == nil, original == nil, case .mapping(var pairs) = root.kind,
               let users = pairs.firstIndex(where: { $0.key.scalar == Section.users.rawValue }) {
                // A file ekspipe writes whole reads top-down: the lists, then the current context.
                pairs.insert(YAMLPair(key: .string("current-context"), value: node), at: users + 1)
                root.kind = .mapping(pairs)
            } else {
                root["current-context"] = node
            }
        } else {
            root["current-context"] = nil
        }
        changedKeys.insert("current-context")
        modified = true
    }

    /// The file's text. An existing file keeps its text (comments, quoting, layout) except for
    /// the entries and keys that changed, when its layout allows editing it line by line;
    /// otherwise (or with `preservingLayout: false`) the whole tree is written anew.
    public func render(preservingLayout: Bool = true) throws -> [UInt8] {
        if preservingLayout, let original,
           let text = try KubeconfigTextEdit.splice(original.bytes, old: original.root, new: root,
                                                    changedEntries: Dictionary(uniqueKeysWithValues: changedEntries.map { ($0.key.rawValue, $0.value) }),
                                                    lists: Set(Section.allCases.map(\.rawValue)), changedKeys: changedKeys,
                                                    plainLines: original.plainLines) {
            return text
        }
        return try YAML.emit([YAMLDocument(root: root, explicitStart: explicitStart)])
    }
}
