import Common

extension SSOToken {
    /// A token is refreshed when it has less than this left, as botocore does.
    public static let refreshWindow: Int64 = 15 * 60

    /// CreateToken with the refresh token, the file rewritten in place with the new access
    /// token, its end (`expiry(expiresIn)`) and any new refresh token, other fields kept (so the
    /// AWS CLI sees a refreshed session of its own file too). Why one place: the SSO profiles of
    /// the shared config and ekspipe's Identity Center providers refresh the same way.
    public func refreshed(with oidc: SSOOIDCClient, expiry: (_ expiresIn: Int64) -> Timestamp) throws -> SSOToken {
        let fresh = try oidc.refresh(clientId: clientId!, clientSecret: clientSecret!, refreshToken: refreshToken!)
        var updated = self
        updated.document["accessToken"] = .string(fresh.accessToken)
        updated.document["expiresAt"] = .string(expiry(fresh.expiresIn).iso8601)
        if let r = fresh.refreshToken { updated.document["refreshToken"] = .string(r) }
        try SSOTokenCache.write(updated)
        return updated
    }
}
