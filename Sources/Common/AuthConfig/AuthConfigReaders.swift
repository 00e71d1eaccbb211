/// Reading the parts of `auth:`: each section's keys are checked first (AuthConfigKeys), so a
/// misspelled key is reported as such rather than as the setting it was meant to be "missing".
/// Messages name the key path and what is expected, never the value found (YAMLField). Every
/// problem goes to `problems` (AuthConfigProblems): strict, the first is thrown; collecting,
/// reading goes on with the next independent part, and an entry whose kind or required fields
/// cannot be read is left out (nil).
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

    static func readProvider(_ name: String, _ f: YAMLField, _ problems: AuthConfigProblems) throws -> Provider? {
        try AuthConfigKeys.check(f, AuthConfigKeys.provider, problems: problems)
        guard let kind = try problems.attempt({ try Self.kind(f, allowed: providerKinds) }) else { return nil }
        var p = Provider(name: name, kind: kind, location: f.location)
        p.region = try problems.attempt { try region(f.child("region")) } ?? nil
        if kind == "aws/iam-identity-center" {
            try problems.attempt {
                p.startURL = try f.requireText("start_url")
                guard p.startURL!.hasPrefix("https://") else { throw try f.require("start_url").error("must be an https:// URL") }
            }
            if f.child("region") == nil { try problems.report(f.error("missing \"region\" (the Identity Center region)")) }
        }
        if let spec = f.child("spec") {
            try AuthConfigKeys.check(spec, AuthConfigKeys.providerSpec(kind), problems: problems)
            p.audience = try problems.attempt { try spec.optionalText("audience") } ?? nil
        }
        if let session = f.child("session") {
            try AuthConfigKeys.check(session, AuthConfigKeys.session, problems: problems)
            p.sessionDurationSeconds = try problems.attempt { try session.child("duration")?.durationSeconds() } ?? nil
        }
        if let console = f.child("console") { try AuthConfigKeys.check(console, AuthConfigKeys.providerConsole, problems: problems) }
        return p
    }

    static func readIdentity(_ name: String, _ f: YAMLField, _ problems: AuthConfigProblems) throws -> Identity? {
        let declared = f.node["kind"]?.scalar ?? ""
        try AuthConfigKeys.check(f, AuthConfigKeys.identity, elsewhere: [
            ("principal", AuthConfigKeys.principal(declared)), ("credentials", AuthConfigKeys.credentials(declared)),
            ("via", AuthConfigKeys.via), ("session", AuthConfigKeys.session),
        ], problems: problems)
        guard let kind = try problems.attempt({ try Self.kind(f, allowed: identityKinds) }) else { return nil }
        var i = Identity(name: name, kind: kind, location: f.location)
        if let d = f.child("default") {
            i.isDefault = try problems.attempt { try d.bool() } ?? false
            i.defaultAt = d.location
        }
        var viaRead = true
        if let via = f.child("via") {
            try AuthConfigKeys.check(via, AuthConfigKeys.via, problems: problems)
            viaRead = try problems.attempt { () throws -> Void in
                i.viaProvider = try via.optionalText("provider")
                i.viaIdentity = try via.optionalText("identity")
                if i.viaProvider != nil && i.viaIdentity != nil { throw via.error("give either provider or identity, not both") }
                if i.viaProvider == nil && i.viaIdentity == nil { throw via.error("needs provider or identity") }
            } != nil
        }
        let principal = f.child("principal")
        if let principal { try AuthConfigKeys.check(principal, AuthConfigKeys.principal(kind), problems: problems) }
        if let c = f.child("credentials") { try AuthConfigKeys.check(c, AuthConfigKeys.credentials(kind), problems: problems) }
        if let spec = f.child("spec") { try AuthConfigKeys.check(spec, AuthConfigKeys.identitySpec, problems: problems) }
        if let session = f.child("session") {
            try AuthConfigKeys.check(session, AuthConfigKeys.session, problems: problems)
            i.durationSeconds = try problems.attempt { try session.child("duration")?.durationSeconds() } ?? nil
        }
        try problems.attempt { try readPrincipal(&i, f, principal, viaRead: viaRead, problems) }
        if i.region == nil { i.region = try problems.attempt { try region(f.child("region") ?? principal?.child("region")) } ?? nil }
        return i
    }

    /// The kind's own fields of an identity (principal, credentials) and the `via` it needs
    /// (unless `via` is there but could not be read: that problem is reported already).
    static func readPrincipal(_ i: inout Identity, _ f: YAMLField, _ principal: YAMLField?, viaRead: Bool,
                              _ problems: AuthConfigProblems) throws {
        switch i.kind {
        case "aws/permission-set":
            if i.viaProvider == nil, viaRead {
                try problems.report(f.error("an aws/permission-set identity needs via.provider (an aws/iam-identity-center provider)"))
            }
            guard let principal else { throw f.error("missing \"principal\" (name and account)") }
            i.permissionSet = try problems.attempt { try principal.requireText("name") } ?? nil
            let account = try principal.require("account")
            if account.node.scalar != nil {
                i.accountName = try account.text()
            } else {
                try AuthConfigKeys.check(account, AuthConfigKeys.account, problems: problems)
                i.accountName = try account.optionalText("name")
                i.accountId = try account.optionalText("id")
                if i.accountName == nil && i.accountId == nil { throw account.error("needs name or id") }
            }
        case "aws/assume-role":
            if i.viaProvider == nil && i.viaIdentity == nil && viaRead {
                try problems.report(f.error("an aws/assume-role identity needs via.identity or via.provider (the credentials that assume the role)"))
            }
            guard let principal else { throw f.error("missing \"principal\" with assume_role") }
            try problems.attempt {
                let arnField = try principal.require("assume_role")
                let arn = try arnField.text()
                guard arn.hasPrefix("arn:"), arn.contains(":role/") else {
                    throw arnField.error("not an IAM role ARN (like arn:aws:iam::123456789012:role/name)")
                }
                i.roleArn = arn
            }
            i.externalId = try problems.attempt { try principal.optionalText("external_id") } ?? nil
            i.sessionName = try problems.attempt { try principal.optionalText("session_name") } ?? nil
            if let d = principal.child("duration") { i.durationSeconds = try problems.attempt { try d.durationSeconds() } ?? i.durationSeconds }
        case "aws/user":
            if i.viaProvider != nil || i.viaIdentity != nil { try problems.report(try f.require("via").error("an aws/user identity has no via")) }
            if let c = f.child("credentials") {
                try problems.attempt {
                    i.accessKeyId = try c.optionalText("access_key_id")
                    i.secretAccessKey = try c.optionalText("secret_access_key")
                    if (i.accessKeyId == nil) != (i.secretAccessKey == nil) {
                        throw c.error("give both access_key_id and secret_access_key, or neither (then the environment's)")
                    }
                }
                i.mfaArn = try problems.attempt { try c.optionalText("mfa_arn") } ?? nil
                i.region = try problems.attempt { try region(c.child("region")) } ?? nil
            }
        default:  // aws/ambient: the SDK default chain, optionally on a named profile.
            break
        }
    }

    static let modeDigits = Set("01234567")

    static func readIntegration(_ name: String, _ f: YAMLField, _ problems: AuthConfigProblems) throws -> Integration? {
        try AuthConfigKeys.check(f, AuthConfigKeys.integration, problems: problems)
        let kind = try problems.attempt { try Self.kind(f, allowed: integrationKinds) }
        let identity = try problems.attempt { () throws -> String in
            let via = try f.require("via")
            try AuthConfigKeys.check(via, AuthConfigKeys.via, problems: problems)
            return try via.requireText("identity")
        }
        guard let spec = try problems.attempt({ try f.require("spec") }) else { return nil }
        try AuthConfigKeys.check(spec, AuthConfigKeys.integrationSpec, elsewhere: [("cluster", AuthConfigKeys.cluster)], problems: problems)
        let auto = try problems.attempt { try spec.child("auto_provision")?.bool() ?? true }
        guard let cluster = try problems.attempt({ try spec.require("cluster") }) else { return nil }
        try AuthConfigKeys.check(cluster, AuthConfigKeys.cluster, problems: problems)
        let clusterName = try problems.attempt { try cluster.requireText("name") }
        let region = try problems.attempt { try Self.region(cluster.require("region")) } ?? nil
        var extra = Integration(name: name, kind: "", identity: "", autoProvision: true, clusterName: "", region: "", location: f.location)
        try problems.attempt { try readClusterExtras(&extra, cluster, problems) }
        guard let kind, let identity, let auto, let clusterName, let region else { return nil }
        var i = Integration(name: name, kind: kind, identity: identity, autoProvision: auto, clusterName: clusterName,
                            region: region, location: f.location)
        i.alias = extra.alias
        i.kubeconfigPath = extra.kubeconfigPath
        i.kubeconfigMode = extra.kubeconfigMode
        i.kubeconfigUpdate = extra.kubeconfigUpdate
        return i
    }

    /// A cluster's optional `alias` and `kubeconfig` settings.
    static func readClusterExtras(_ i: inout Integration, _ cluster: YAMLField, _ problems: AuthConfigProblems) throws {
        i.alias = try problems.attempt { try cluster.optionalText("alias") } ?? nil
        guard let k = cluster.child("kubeconfig") else { return }
        try AuthConfigKeys.check(k, AuthConfigKeys.kubeconfig, problems: problems)
        i.kubeconfigPath = try problems.attempt { try k.optionalText("path") } ?? nil
        if let m = k.child("mode") {
            try problems.attempt {
                // `mode: 0600` unquoted reads as the number 600 (or 384 in YAML 1.1): take the digits.
                let text = try m.text()
                guard (3...4).contains(text.count), text.allSatisfy({ modeDigits.contains($0) }) else {
                    throw m.error("not an octal file mode (like \"0600\")")
                }
                i.kubeconfigMode = text.count == 3 ? "0" + text : text
            }
        }
        if let u = k.child("update") {
            try problems.attempt {
                let v = try u.text()
                guard ["merge", "replace", "error"].contains(v) else { throw u.error("must be merge, replace or error") }
                i.kubeconfigUpdate = v
            }
        }
    }
}
