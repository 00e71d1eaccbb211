import Common

/// `--logout --provider`: signs out of the provider session an identity was built on.
public enum ProviderLogout {
    public static func logout(identity: String, config: AuthConfig, http: HTTPClient = HTTPClient()) throws -> JSON {
        var o = JSONObject()
        o["signedOut"] = false
        return .object(o)
    }
}
