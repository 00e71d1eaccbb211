import Glibc

/// The environment a credential provider reads, injected rather than read through `Env` here
/// and there, so that a provider is tested with exactly the variables a test gives it.
/// `.process` reads the live environment at each lookup (an ambient identity puts the caller's
/// variables back with setenv before its chain runs); `init(_:)` is a fixed set.
public struct Environment: Sendable {
    private let fixed: [String: String]?

    /// The process environment, read when asked.
    public static let process = Environment(fixed: nil)

    /// Exactly these variables and no others.
    public init(_ values: [String: String]) { fixed = values }

    private init(fixed: [String: String]?) { self.fixed = fixed }

    /// True for `.process` (the live environment, which setenv changes).
    public var isProcess: Bool { fixed == nil }

    public func get(_ name: String) -> String? {
        guard let fixed else { return Env.get(name) }
        return fixed[name]
    }

    /// The value when set and not empty (the AWS SDKs treat an empty variable as unset).
    public func nonEmpty(_ name: String) -> String? {
        guard let v = get(name), !v.isEmpty else { return nil }
        return v
    }

    /// "true", "1" or "yes", in any case.
    public func flag(_ name: String) -> Bool {
        guard let v = nonEmpty(name)?.lowercased() else { return false }
        return v == "true" || v == "1" || v == "yes"
    }
}
