/// Whose marked kubeconfig entries these are: an identity in its auth config (else a source
/// profile), limited to some integrations when any are named. One rule for everything that
/// asks: kubeconfig-merge `--remove` deletes these entries and `--list` names them, and
/// creds-resolve `--session` looks up the identity's contexts with it, so the flows and the
/// tools can never disagree about which entries are an identity's.
public struct KubeconfigOwner: Sendable {
    public var identity: String?
    /// The auth config's absolute path.
    public var config: String?
    public var profile: String?
    public var integrations: Set<String>

    public init(identity: String?, config: String?, profile: String?, integrations: Set<String> = []) {
        self.identity = identity
        self.config = config
        self.profile = profile
        self.integrations = integrations
    }

    /// Whether there is anything to match on at all.
    public var isEmpty: Bool { identity == nil && profile == nil && integrations.isEmpty }

    /// An entry marked before markers named the config matches the identity in any config.
    public func owns(_ m: KubeconfigMarker) -> Bool {
        if let identity, m.identity != identity { return false }
        if identity != nil, let config, let marked = m.config, marked != config { return false }
        if identity == nil, let profile, m.profile != profile { return false }
        if !integrations.isEmpty, !integrations.contains(m.integration ?? "") { return false }
        return true
    }

    /// The names of the contexts in `config` this owner's marker matches, in file order.
    public func contexts(in config: Kubeconfig) -> [(name: String, marker: KubeconfigMarker)] {
        config.entries(.contexts).compactMap { entry in
            guard let name = entry["name"]?.scalar, let m = KubeconfigMarker.read(from: entry["context"]), owns(m) else { return nil }
            return (name, m)
        }
    }

    /// The file ekspipe writes when neither a flag nor the integration names one.
    public static var defaultPath: String { Path.join(Env.configHome, "ekspipe", "kube", "config") }
}
