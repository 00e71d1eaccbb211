import Common

/// Whether an identity is logged in, read from the credential cache alone (no network, no
/// prompt): `ekspipe auth list` shows it for every identity, `auth whoami` starts from it. An
/// identity is logged in while its own cache entry (the one `auth login` and eks-presign use)
/// holds credentials that have not expired; aws/ambient identities have no login (their
/// credentials come from the environment or the SDK chain on each use).
enum LoginState {
    case loggedIn(CredentialCache.Entry, until: Timestamp?)
    case expired(at: Timestamp)
    case notLoggedIn
    case ambient(CredentialCache.Entry?)

    static func of(_ identity: AuthConfig.Identity, config: AuthConfig, cache: CredentialCache = CredentialCache(),
                   now: Timestamp) -> LoginState {
        let entry = cache.read(CredentialSelection(identity: identity.name, config: config.path).cacheKey)
        if identity.kind == "aws/ambient" { return .ambient(entry.flatMap { $0.credentials.expired(at: now) == nil ? $0 : nil }) }
        guard let entry else { return .notLoggedIn }
        if let at = entry.credentials.expired(at: now) { return .expired(at: at) }
        return .loggedIn(entry, until: entry.credentials.expiration)
    }

    /// The word `auth list` shows and its JSON `status`.
    var status: String {
        switch self {
        case .loggedIn: return "logged-in"
        case .expired: return "expired"
        case .notLoggedIn: return "not-logged-in"
        case .ambient: return "ambient"
        }
    }

    var expiration: Timestamp? {
        switch self {
        case .loggedIn(_, let until): return until
        case .expired(let at): return at
        case .ambient(let e): return e?.credentials.expiration
        case .notLoggedIn: return nil
        }
    }

    /// "2026-12-01T20:13:00Z (in 59m)", "2026-12-01T18:00:00Z (expired)"; "-" without an expiry.
    static func describe(_ t: Timestamp?, now: Timestamp) -> String {
        guard let t else { return "-" }
        let left = t.seconds - now.seconds
        guard left > 0 else { return "\(t.iso8601) (expired)" }
        let m = (left + 59) / 60
        let span = m < 60 ? "\(m)m" : m < 48 * 60 ? "\(m / 60)h\(m % 60 < 10 ? "0" : "")\(m % 60)m" : "\(m / 1440)d"
        return "\(t.iso8601) (in \(span))"
    }
}

/// `auth whoami` for an identity that is not logged in: exit 1 and the command that logs in.
struct LoginStateError: ToolError, Equatable {
    enum Problem: Equatable {
        case notLoggedIn
        case expired(at: String)
    }

    let identity: String
    let problem: Problem
    /// "ekspipe auth login NAME [--config FILE]".
    let hint: String

    var exitCode: ExitCode { .runtime }

    var message: String {
        switch problem {
        case .notLoggedIn: return "not logged in as \(identity); run: \(hint)"
        case .expired(let at): return "the credentials of \(identity) expired at \(at); run: \(hint)"
        }
    }
}
