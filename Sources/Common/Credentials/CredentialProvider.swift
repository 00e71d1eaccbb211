/// One source of AWS credentials (the environment's keys, a profile's static keys, an STS
/// call, an SSO portal, the cache, …). A provider holds what it needs as values (the
/// environment, the clock, the files, a transport in Network) and never calls back into a
/// resolver, so each one is tested alone; composers (the SDK default chain, an identity's
/// chain, eks-presign's local chain) are lists of providers.
public protocol CredentialProvider {
    /// The credentials, or nil when this source is not configured here and the chain goes on.
    /// A source that is configured but fails throws: the user meant it.
    func resolve() throws -> ResolvedCredentials?
}

/// A provider made of a closure, for a step of a composer that needs no type of its own.
public struct ClosureProvider: CredentialProvider {
    let body: () throws -> ResolvedCredentials?

    public init(_ body: @escaping () throws -> ResolvedCredentials?) { self.body = body }

    public func resolve() throws -> ResolvedCredentials? { try body() }
}

extension Array where Element == any CredentialProvider {
    /// The first provider's answer that is not nil, trying them in order.
    public func firstResolved() throws -> ResolvedCredentials? {
        for p in self { if let r = try p.resolve() { return r } }
        return nil
    }
}
