/// The references between the parts of `auth:`: `via` names that resolve, kinds that fit, and
/// no identity chain that loops. A name that resolves nowhere is not repeated (it is a value);
/// the known names and the nearest are. Names are checked against every entry the file
/// declares, so an entry left out for its own problems (while collecting) is not reported
/// again by each reference to it.
extension AuthConfig {
    func checkReferences(_ auth: YAMLField, _ problems: AuthConfigProblems) throws {
        func declared(_ key: String) -> [String] { (auth.child(key)?.node.pairs ?? []).compactMap { $0.key.scalar } }
        func unknown(_ what: String, _ name: String, _ known: [String]) -> String {
            let hint = KeySuggestion.nearest(name, in: known).map { "did you mean \($0)? " } ?? ""
            return "names no \(what) (\(hint)known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        }
        let providerNames = declared("providers"), identityNames = declared("identities")
        for i in identities {
            let f = auth.child("identities")!.child(i.name)!
            if let p = i.viaProvider {
                let at = try f.require("via").require("provider")
                if !providerNames.contains(p) {
                    try problems.report(at.error(unknown("provider", p, providerNames)))
                } else if let prov = provider(p), i.kind == "aws/permission-set", prov.kind != "aws/iam-identity-center" {
                    try problems.report(at.error("an aws/permission-set identity needs an aws/iam-identity-center provider, provider \(p) is \(prov.kind)"))
                }
            }
            if let v = i.viaIdentity, !identityNames.contains(v) {
                try problems.report(try f.require("via").require("identity").error(unknown("identity", v, identityNames)))
            }
        }
        for i in identities {
            var seen = [i.name]
            var next = i.viaIdentity
            while let n = next {
                if let start = seen.firstIndex(of: n) {
                    // Named once, at the first identity (in file order) whose chain reaches the loop.
                    if problems.reportedCycles.insert(Array(seen[start...]).sorted()).inserted {
                        let f = auth.child("identities")!.child(i.name)!
                        try problems.report(try f.require("via").error("identities form a cycle: \((seen + [n]).joined(separator: " → "))"))
                    }
                    break
                }
                seen.append(n)
                next = identities.first { $0.name == n }?.viaIdentity
            }
        }
        // Every integration written, also one left out for its own problems (while collecting).
        for (_, g) in (try? auth.child("integrations")?.entries()) ?? [] {
            guard let f = g.child("via")?.child("identity"), let name = f.node.scalar, f.node.tag != "!env",
                  !identityNames.contains(name) else { continue }
            try problems.report(f.error(unknown("identity", name, identityNames)))
        }
    }
}
