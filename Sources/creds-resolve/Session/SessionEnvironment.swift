import Common

/// The environment of an `ekspipe auth exec / shell / env` session, as text for sh (`export`),
/// for fish (`fish`), a JSON object or dotenv lines (the choices are explained in
/// scripts/SESSIONS.md). `exec` and `shell` eval the export text in the process that then
/// becomes the command; `env` prints it.
struct SessionEnvironment {
    /// The variables through which AWS SDKs find credentials before (or instead of) the profile
    /// the session selects: botocore's chain (credentials.py: EnvProvider with AWS_SECURITY_TOKEN
    /// and AWS_CREDENTIAL_EXPIRATION, AssumeRoleWithWebIdentityProvider on AWS_ROLE_ARN /
    /// AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_SESSION_NAME, ahead of the profile; the container
    /// provider after it, which other SDKs and tools reach without one), the Java and Go SDKs'
    /// older AWS_ACCESS_KEY / AWS_SECRET_KEY, and AWS_DEFAULT_PROFILE (which AWS CLI v1 prefers
    /// to AWS_PROFILE). A session clears them all: its commands run as the identity only.
    static let cleared = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                          "AWS_CREDENTIAL_EXPIRATION", "AWS_ACCOUNT_ID", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_ROLE_ARN",
                          "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                          "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_DEFAULT_PROFILE"]
    /// Everything a session changes: recorded for aws/ambient identities (AmbientIdentity.swift).
    static let ambient = ["AWS_CONFIG_FILE", "AWS_PROFILE"] + cleared
    /// Keys and tokens among them: never printed, so json and dotenv cannot record them.
    static let keys: Set<String> = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                                    "AWS_CREDENTIAL_EXPIRATION", "AWS_ACCOUNT_ID", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
                                    "AWS_CONTAINER_AUTHORIZATION_TOKEN"]

    /// The variables the session sets, in order.
    var set: [(String, String)]
    /// The caller's environment as it was before anything in this process changed it (an
    /// ambient identity's resolution restores its record into this process).
    var caller: [String: String]

    /// `export`: for `eval`. The caller's values are recorded by reference, in the evaluating
    /// shell, before they change (once per chain of sessions: an inner one keeps the outer
    /// record); then the session's variables, then the credential variables unset.
    var export: String {
        let names = Self.ambient.joined(separator: " ")
        var out = "if [ -z \"${EKSPIPE_AMBIENT+x}\" ]; then\n"
        for v in Self.ambient {
            out += "  unset EKSPIPE_AMBIENT_\(v); [ -z \"${\(v)+x}\" ] || export EKSPIPE_AMBIENT_\(v)=\"$\(v)\"\n"
        }
        out += "  export EKSPIPE_AMBIENT='\(names)'\nfi\n"
        for (k, v) in set { out += "export \(k)=\(EnvFormat.quote(v))\n" }
        return out + "unset \(Self.cleared.joined(separator: " "))\n"
    }

    /// json and dotenv hold values only: the credential variables set here are cleared as
    /// empty, and recorded unless they are keys or tokens (never printed).
    var values: [(String, String)] {
        var out = set
        for v in Self.cleared where caller[v] != nil { out.append((v, "")) }
        if caller["EKSPIPE_AMBIENT"] == nil {
            let recorded = Self.ambient.filter { !Self.keys.contains($0) }
            for v in recorded { if let value = caller[v] { out.append(("EKSPIPE_AMBIENT_" + v, value)) } }
            out.append(("EKSPIPE_AMBIENT", recorded.joined(separator: " ")))
        }
        return out
    }

    var json: String {
        "{" + values.map { "\n  \(JSON.string($0.0).render(pretty: false)): \(JSON.string($0.1).render(pretty: false))" }.joined(separator: ",") + "\n}\n"
    }

    /// `KEY='value'`, a quote inside written `\'` (as dotenv readers take it).
    var dotenv: String {
        values.map { "\($0.0)='\($0.1.replacingAll("'", with: "\\'"))'\n" }.joined()
    }

    func render(_ format: String) -> String {
        switch format {
        case "json": return json
        case "dotenv": return dotenv
        case "fish": return fish
        default: return export
        }
    }
}
