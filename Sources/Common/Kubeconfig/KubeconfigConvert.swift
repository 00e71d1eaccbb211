/// `ekspipe kubeconfig convert`: the user entries whose exec plugin runs `aws eks get-token` or
/// `aws-iam-authenticator token` rewritten to run eks-presign with the same cluster, region,
/// role and profile. Only `command`, `args` and `interactiveMode` of the exec mapping change
/// (and an apiVersion v1alpha1, which kubectl no longer runs, becomes v1beta1);
/// its `env` (AWS_PROFILE, AWS_CONFIG_FILE, …), apiVersion and every other field stay, and so
/// does the user's name, which contexts refer to. No ekspipe marker is added: the entry is
/// still the user's, and `ekspipe auth logout` never deletes it.
extension Kubeconfig {
    public struct Conversion: Equatable, Sendable {
        public var user: String
        /// nil when converted; else why the entry was left as it is.
        public var skipped: String?
        /// What the entry ran (`aws eks get-token`, `aws-iam-authenticator`), when converted.
        public var from: KubeconfigTokenCommand.Tool?
    }

    /// Converts the users named in `only` (every user when nil). Returns one item per entry
    /// converted or left alone with a reason; entries already running eks-presign, without an
    /// exec plugin, or with a plugin unrelated to EKS are not listed.
    public mutating func convertTokenCommands(presignCommand: String, only: Set<String>?) -> [Conversion] {
        var out: [Conversion] = []
        // A name given twice: kubectl uses the first entry, and upsert edits that one.
        var seen: Set<String> = []
        for item in entries(.users) {
            guard let name = item["name"]?.scalar, seen.insert(name).inserted, only?.contains(name) ?? true,
                  let user = item[Section.users.innerKey], let exec = user["exec"], exec.isMapping,
                  let command = exec["command"]?.scalar, command != presignCommand else { continue }
            let args = exec["args"]?.items?.compactMap(\.scalar) ?? []
            guard KubeconfigTokenCommand.looksLikeEKS(command: command, args: args) else { continue }
            if let all = exec["args"], !all.isNull, all.items?.count != args.count {
                out.append(Conversion(user: name, skipped: "args is not a list of strings"))
                continue
            }
            do {
                let parsed = try KubeconfigTokenCommand.parse(command: command, args: args)
                var newExec = exec
                newExec["command"] = .string(presignCommand)
                newExec["args"] = .sequence(parsed.presignArgs.map(YAMLNode.string))
                // eks-presign never reads a terminal (kubeconfig-merge writes the same).
                newExec["interactiveMode"] = .string("Never")
                // v1alpha1 (old aws-iam-authenticator guides): kubectl 1.24+ refuses it and
                // eks-presign answers v1beta1 or v1; v1beta1 is what the entry then works with.
                if exec["apiVersion"]?.scalar == "client.authentication.k8s.io/v1alpha1" {
                    newExec["apiVersion"] = .string("client.authentication.k8s.io/v1beta1")
                }
                var newUser = user
                newUser["exec"] = newExec
                upsert(.users, name: name, inner: newUser)
                out.append(Conversion(user: name, from: parsed.tool))
            } catch {
                out.append(Conversion(user: name, skipped: error.reason))
            }
        }
        return out
    }

    /// The users the contexts `names` refer to; the names not found are returned apart.
    public func users(ofContexts names: [String]) -> (users: Set<String>, missing: [String]) {
        var users: Set<String> = []
        var missing: [String] = []
        for n in names {
            if let u = entry(.contexts, named: n)?["user"]?.scalar { users.insert(u) } else { missing.append(n) }
        }
        return (users, missing)
    }
}
