/// How ekspipe recognises its own kubeconfig entries: a named extension
/// `{name: ekspipe, extension: {identity, config, integration, profile}}` in the entry's
/// `extensions` list (kubeconfig's own mechanism for tool data; kubectl keeps it and ignores it).
/// Logout removes exactly the entries whose marker matches, so nothing a person wrote is ever
/// deleted. `config` (the auth config's absolute path) tells apart identities of the same name
/// in two configs; markers written before it existed have none and match any config.
/// A file ekspipe created carries `{name: ekspipe, extension: {createdBy: ekspipe}}` at the top
/// level, so logout may delete the file once it is empty again.
public struct KubeconfigMarker: Equatable, Sendable {
    public static let extensionName = "ekspipe"

    public var identity: String?
    public var config: String?
    public var integration: String?
    public var profile: String?

    public init(identity: String? = nil, config: String? = nil, integration: String? = nil, profile: String? = nil) {
        self.identity = identity
        self.config = config
        self.integration = integration
        self.profile = profile
    }

    /// The `{name: ekspipe, extension: {...}}` list item.
    public var node: YAMLNode {
        var fields: [(String, YAMLNode)] = []
        if let identity { fields.append(("identity", .string(identity))) }
        if let config { fields.append(("config", .string(config))) }
        if let integration { fields.append(("integration", .string(integration))) }
        if let profile { fields.append(("profile", .string(profile))) }
        if fields.isEmpty { fields.append(("managedBy", .string("ekspipe"))) }
        return .mapping([("name", .string(Self.extensionName)), ("extension", .mapping(fields))])
    }

    /// The top-level item marking a file ekspipe created.
    public static var fileNode: YAMLNode {
        .mapping([("name", .string(extensionName)), ("extension", .mapping([("createdBy", .string("ekspipe"))]))])
    }

    /// The ekspipe extension item in an `extensions` list, if any.
    static func item(in extensions: YAMLNode?) -> YAMLNode? {
        extensions?.items?.first { $0["name"]?.scalar == extensionName }
    }

    /// The marker of an entry's inner mapping (`cluster:`, `context:` or `user:`), if ekspipe wrote it.
    public static func read(from inner: YAMLNode?) -> KubeconfigMarker? {
        guard let item = item(in: inner?["extensions"]), let ext = item["extension"], ext.isMapping else { return nil }
        return KubeconfigMarker(identity: ext["identity"]?.scalar, config: ext["config"]?.scalar,
                                integration: ext["integration"]?.scalar, profile: ext["profile"]?.scalar)
    }

    /// Whether a file's top-level extensions say ekspipe created it.
    public static func fileWasCreatedByEkspipe(_ root: YAMLNode) -> Bool {
        item(in: root["extensions"])?["extension"]?["createdBy"]?.scalar == extensionName
    }

    /// `extensions` with ekspipe's item replaced by `marker` (or removed when nil), keeping every
    /// other tool's extensions in order. Nil when nothing is left.
    static func replacing(in extensions: YAMLNode?, with marker: YAMLNode?) -> YAMLNode? {
        var items = (extensions?.items ?? []).filter { $0["name"]?.scalar != extensionName }
        if let marker { items.append(marker) }
        if items.isEmpty { return nil }
        var out = extensions ?? .sequence([])
        if out.items == nil { out = .sequence([]) }
        out.kind = .sequence(items)
        return out
    }
}
