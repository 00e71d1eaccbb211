/// The keys each section of `auth:` may hold. A key outside its list is an error naming
/// file:line:column, the key path and the nearest valid key, never a setting silently ignored:
/// a misspelled `mfa_arn` would turn MFA off, a misspelled `external_id` would leave it out of
/// AssumeRole.
///
/// Each list is what ekspipe reads plus what Atmos documents for the same place (its
/// `pkg/schema/schema_auth.go` and configuration reference), so one atmos.yaml serves both; keys
/// that only Atmos uses (`default`, `tags`, `console`, `env`, …) are accepted and ignored, and
/// what is inside them is Atmos's to check.
public enum AuthConfigKeys {
    public static let auth = ["providers", "identities", "integrations", "logs", "keyring", "realm", "console"]

    public static let provider = [
        "kind", "region", "start_url", "session", "spec", "default", "auto_provision_identities", "console", "tags",
        "url", "username", "password", "driver", "provider_type", "download_browser_driver", "browser_type",
        "browser_executable_path",
    ]

    /// A provider's `spec`, by kind (`files` and `aws` are Atmos's file location and legacy
    /// endpoint resolver).
    public static func providerSpec(_ kind: String) -> [String] {
        kind == "github/oidc" ? ["audience", "endpoint_url", "files", "aws"] : ["endpoint_url", "files", "aws"]
    }

    public static let session = ["duration"]
    public static let providerConsole = ["session_duration"]

    /// An identity of any kind (`region` is ekspipe's; the rest is Atmos's Identity).
    public static let identity = [
        "kind", "via", "principal", "credentials", "session", "region", "default", "required", "provider", "spec",
        "alias", "env", "emulator", "tags",
    ]
    public static let via = ["provider", "identity"]
    public static let identitySpec = ["endpoint_url"]

    /// An identity's `principal`, by kind.
    public static func principal(_ kind: String) -> [String] {
        switch kind {
        case "aws/permission-set": return ["name", "account", "region"]
        case "aws/assume-role": return ["assume_role", "external_id", "session_name", "duration", "region"]
        default: return ["region"]
        }
    }

    public static let account = ["name", "id"]

    /// An identity's `credentials`, by kind: keys only for aws/user (`aws` is Atmos's legacy
    /// endpoint resolver, read for every kind).
    public static func credentials(_ kind: String) -> [String] {
        kind == "aws/user" ? ["access_key_id", "secret_access_key", "mfa_arn", "region", "webflow_enabled", "aws"] : ["aws"]
    }

    public static let integration = ["kind", "via", "spec"]
    public static let integrationSpec = ["auto_provision", "cluster"]
    public static let cluster = ["name", "region", "alias", "kubeconfig"]
    public static let kubeconfig = ["path", "mode", "update"]

    /// Reports every key of `f` (a mapping) that is not in `known` (strict readers stop at the
    /// first). `elsewhere` names the sub-sections whose keys are often written one level too
    /// high (`mfa_arn` beside `kind` rather than under `credentials`), to say where the key belongs.
    public static func check(_ f: YAMLField, _ known: [String], elsewhere: [(String, [String])] = [],
                             problems: AuthConfigProblems = AuthConfigProblems()) throws {
        guard let pairs = f.node.pairs else { return try problems.report(f.error("expected a mapping")) }
        for p in pairs {
            guard let key = p.key.scalar else {
                try problems.report(YAMLContentError(source: f.source, mark: p.key.mark, keyPath: f.path, problem: "keys must be strings"))
                continue
            }
            if known.contains(key) { continue }
            var what = "unknown key"
            if let (section, _) = elsewhere.first(where: { $0.1.contains(key) }) {
                what = "unknown key here; it belongs under `\(section):`"
            } else if let near = KeySuggestion.nearest(key, in: known) {
                what = "unknown key; did you mean `\(near)`?"
            }
            try problems.report(f.keyError(key, "\(what) (valid here: \(known.joined(separator: ", ")))"))
        }
    }
}
