/// Reading the parts of `auth:`: each section's keys are checked first (AuthConfigKeys), so a
/// misspelled key is reported as such rather than as the setting it was meant to be "missing".
/// Messages name the key path and what is expected, never the value found (YAMLField).
extension AuthConfig {
    static func kind(_ f: YAMLField, allowed: [String]) throws -> String {
        let k = try f.requireText("kind")
        guard allowed.contains(k) else {
            let hint = KeySuggestion.nearest(k, in: allowed, maxEdits: 1).map { "did you mean \($0)? " } ?? ""
            throw try f.require("kind").error("unknown kind (\(hint)expected one of: \(allowed.joined(separator: ", ")))")
        }
        return k
    }

    static func region(_ f: YAMLField?) throws -> String? {
        guard let f else { return nil }
        let r = try f.text()
        guard Partition.looksLikeAWSRegion(r) else { throw f.error("not an AWS region name (like us-east-2)") }
        return r
    }

    static func readProvider(_ name: String, _ f: YAMLField) throws -> Provider {
        try AuthConfigKeys.check(f, AuthConfigKeys.provider)
        let kind = try kind(f, allowed: providerKinds)
        var p = Provider(name: name, kind: kind, location: f.location)
        p.region = try region(f.child("region"))
        if kind == "aws/iam-identity-center" {
            p.startURL = try f.requireText("start_url")
            guard p.startURL!.hasPrefix("https://") else { throw try f.require("start_url").error("must be an https:// URL") }
            if p.region == nil { throw f.error("missing \"region\" (the Identity Center region)") }
        }
        if let spec = f.child("spec") {
            try AuthConfigKeys.check(spec, AuthConfigKeys.providerSpec(kind))
            p.audience = try spec.optionalText("audience")
        }
        if let session = f.child("session") {
            try AuthConfigKeys.check(session, AuthConfigKeys.session)
            p.sessionDurationSeconds = try session.child("duration")?.durationSeconds()
        }
        if let console = f.child("console") { try AuthConfigKeys.check(console, AuthConfigKeys.providerConsole) }
        return p
    }

    static func readIdentity(_ name: String, _ f: YAMLField) throws -> Identity {
        let declared = f.node["kind"]?.scalar ?? ""
        try AuthConfigKeys.check(f, AuthConfigKeys.identity, elsewhere: [
            ("principal", AuthConfigKeys.principal(declared)), ("credentials", AuthConfigKeys.credentials(declared)),
            ("via", AuthConfigKeys.via), ("session", AuthConfigKeys.session),
        ])
        let kind = try kind(f, allowed: identityKinds)
        var i = Identity(name: name, kind: kind, location: f.location)
        if let via = f.child("via") {
            try AuthConfigKeys.check(via, AuthConfigKeys.via)
            i.viaProvider = try via.optionalText("provider")
            i.viaIdentity = try via.optionalText("identity")
            if i.viaProvider != nil && i.viaIdentity != nil { throw via.error("give either provider or identity, not both") }
            if i.viaProvider == nil && i.viaIdentity == nil { throw via.error("needs provider or identity") }
        }
        if let d = f.child("default") {
            i.isDefault = try d.bool()
            i.defaultAt = d.location
        }
        let principal = f.child("principal")
        if let principal { try AuthConfigKeys.check(principal, AuthConfigKeys.principal(kind)) }
        if let c = f.child("credentials") { try AuthConfigKeys.check(c, AuthConfigKeys.credentials(kind)) }
        if let spec = f.child("spec") { try AuthConfigKeys.check(spec, AuthConfigKeys.identitySpec) }
        if let session = f.child("session") {
            try AuthConfigKeys.check(session, AuthConfigKeys.session)
            i.durationSeconds = try session.child("duration")?.durationSeconds()
        }
        switch kind {
        case "aws/permission-set":
            guard i.viaProvider != nil else { throw f.error("an aws/permission-set identity needs via.provider (an aws/iam-identity-center provider)") }
            guard let principal else { throw f.error("missing \"principal\" (name and account)") }
            i.permissionSet = try principal.requireText("name")
            let account = try principal.require("account")
            if account.node.scalar != nil {
                i.accountName = try account.text()
            } else {
                try AuthConfigKeys.check(account, AuthConfigKeys.account)
                i.accountName = try account.optionalText("name")
                i.accountId = try account.optionalText("id")
                if i.accountName == nil && i.accountId == nil { throw account.error("needs name or id") }
            }
        case "aws/assume-role":
            guard i.viaProvider != nil || i.viaIdentity != nil else {
                throw f.error("an aws/assume-role identity needs via.identity or via.provider (the credentials that assume the role)")
            }
            guard let principal else { throw f.error("missing \"principal\" with assume_role") }
            let arnField = try principal.require("assume_role")
            let arn = try arnField.text()
            guard arn.hasPrefix("arn:"), arn.contains(":role/") else {
                throw arnField.error("not an IAM role ARN (like arn:aws:iam::123456789012:role/name)")
            }
            i.roleArn = arn
            i.externalId = try principal.optionalText("external_id")
            i.sessionName = try principal.optionalText("session_name")
            if let d = principal.child("duration") { i.durationSeconds = try d.durationSeconds() }
        case "aws/user":
            if i.viaProvider != nil || i.viaIdentity != nil { throw try f.require("via").error("an aws/user identity has no via") }
            if let c = f.child("credentials") {
                i.accessKeyId = try c.optionalText("access_key_id")
                i.secretAccessKey = try c.optionalText("secret_access_key")
                if (i.accessKeyId == nil) != (i.secretAccessKey == nil) {
                    throw c.error("give both access_key_id and secret_access_key, or neither (then the environment's)")
                }
                i.mfaArn = try c.optionalText("mfa_arn")
                i.region = try region(c.child("region"))
            }
        default:  // aws/ambient: the SDK default chain, optionally on a named profile.
            break
        }
        if i.region == nil { i.region = try region(f.child("region") ?? principal?.child("region")) }
        return i
    }

    static let modeDigits = Set("01234567")

    static func readIntegration(_ name: String, _ f: YAMLField) throws -> Integration {
        try AuthConfigKeys.check(f, AuthConfigKeys.integration)
        let kind = try kind(f, allowed: integrationKinds)
        let via = try f.require("via")
        try AuthConfigKeys.check(via, AuthConfigKeys.via)
        let identity = try via.requireText("identity")
        let spec = try f.require("spec")
        try AuthConfigKeys.check(spec, AuthConfigKeys.integrationSpec, elsewhere: [("cluster", AuthConfigKeys.cluster)])
        var auto = true
        if let a = spec.child("auto_provision") { auto = try a.bool() }
        let cluster = try spec.require("cluster")
        try AuthConfigKeys.check(cluster, AuthConfigKeys.cluster)
        let clusterName = try cluster.requireText("name")
        guard let region = try region(cluster.require("region")) else { throw cluster.error("missing \"region\"") }
        var i = Integration(name: name, kind: kind, identity: identity, autoProvision: auto, clusterName: clusterName,
                            region: region, location: f.location)
        i.alias = try cluster.optionalText("alias")
        if let k = cluster.child("kubeconfig") {
            try AuthConfigKeys.check(k, AuthConfigKeys.kubeconfig)
            i.kubeconfigPath = try k.optionalText("path")
            if let m = k.child("mode") {
                // `mode: 0600` unquoted reads as the number 600 (or 384 in YAML 1.1): take the digits.
                let text = try m.text()
                guard (3...4).contains(text.count), text.allSatisfy({ modeDigits.contains($0) }) else {
                    throw m.error("not an octal file mode (like \"0600\")")
                }
                i.kubeconfigMode = text.count == 3 ? "0" + text : text
            }
            if let u = k.child("update") {
                let v = try u.text()
                guard ["merge", "replace", "error"].contains(v) else { throw u.error("must be merge, replace or error") }
                i.kubeconfigUpdate = v
            }
        }
        return i
    }

    /// `via` names that resolve, kinds that fit, and no identity chain that loops. A name that
    /// resolves nowhere is not repeated (it is a value); the known names and the nearest are.
    func checkReferences(_ auth: YAMLField) throws {
        func unknown(_ what: String, _ name: String, _ known: [String]) -> String {
            let hint = KeySuggestion.nearest(name, in: known).map { "did you mean \($0)? " } ?? ""
            return "names no \(what) (\(hint)known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        }
        for i in identities {
            let f = auth.child("identities")!.child(i.name)!
            if let p = i.viaProvider {
                guard let prov = provider(p) else {
                    throw try f.require("via").require("provider").error(unknown("provider", p, providers.map(\.name)))
                }
                if i.kind == "aws/permission-set" && prov.kind != "aws/iam-identity-center" {
                    throw try f.require("via").require("provider").error("an aws/permission-set identity needs an aws/iam-identity-center provider, provider \(p) is \(prov.kind)")
                }
            }
            if let v = i.viaIdentity, !identities.contains(where: { $0.name == v }) {
                throw try f.require("via").require("identity").error(unknown("identity", v, identities.map(\.name)))
            }
        }
        for i in identities {
            var seen = [i.name]
            var next = i.viaIdentity
            while let n = next {
                if seen.contains(n) {
                    let f = auth.child("identities")!.child(i.name)!
                    throw try f.require("via").error("identities form a cycle: \((seen + [n]).joined(separator: " → "))")
                }
                seen.append(n)
                next = identities.first { $0.name == n }?.viaIdentity
            }
        }
        for g in integrations where !identities.contains(where: { $0.name == g.identity }) {
            let f = try auth.child("integrations")!.child(g.name)!.require("via").require("identity")
            throw f.error(unknown("identity", g.identity, identities.map(\.name)))
        }
    }
}
