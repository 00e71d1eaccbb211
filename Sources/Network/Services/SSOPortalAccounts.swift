import Common

/// The portal calls besides GetRoleCredentials: the accounts a token may use (to turn a
/// permission set's `account.name` into an id) and Logout (signing the token out server-side).
extension SSOPortalClient {
    public struct Account: Sendable, Equatable {
        public var id: String
        public var name: String
    }

    /// Every account of the token, following `nextToken` pages.
    public func listAccounts(accessToken: String) throws -> [Account] {
        var out: [Account] = []
        var next: String? = nil
        repeat {
            var query = [("max_result", "100")]
            if let next { query.append(("next_token", next)) }
            let request = AWSRequest.make("GET", endpoint: endpoint, service: .sso, path: "/assignment/accounts", query: query,
                                          headers: [("x-amz-sso_bearer_token", accessToken), ("Accept", "application/json")])
            let response = try http.send(request, service: "SSO")
            let doc = try JSON.parse(response.body, source: "SSO ListAccounts answer")
            for a in doc["accountList"]?.array ?? [] {
                let at = "SSO ListAccounts.accountList"
                out.append(Account(id: try a.requireString("accountId", at: at), name: try a.optionalString("accountName", at: at) ?? ""))
            }
            next = doc["nextToken"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        } while next != nil
        return out
    }

    public func logout(accessToken: String) throws {
        let request = AWSRequest.make("POST", endpoint: endpoint, service: .sso, path: "/logout",
                                      headers: [("x-amz-sso_bearer_token", accessToken)])
        _ = try http.send(request, service: "SSO")
    }
}
