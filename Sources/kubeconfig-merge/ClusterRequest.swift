import Common
import Glibc

/// One entry of the envelope's `clusters`, checked, with its kubeconfig settings resolved
/// against the flags (the envelope's per-cluster settings win).
struct ClusterRequest {
    var index: Int
    var name: String
    /// The describe error, for clusters to skip (`CODE: message`).
    var error: String?
    var region: String?
    var arn: String?
    var endpoint: String?
    var certificateAuthorityData: String?
    var alias: String?
    var integration: String?
    var path: String
    var mode: mode_t?
    var update: UpdateMode

    /// Reads `clusters[index]`. Describe fields are only required of clusters that will be written.
    init(_ value: JSON, index: Int, settings: Settings, envelopeRegion: String?, requireDescribe: Bool) throws {
        let at = "stdin: clusters[\(index)]"
        guard value.object != nil else { throw InputError("\(at): expected an object, found \(value.typeName)") }
        self.index = index
        name = try value.requireString("name", at: at)
        if let e = value["error"], !e.isNull {
            let code = e["code"]?.string ?? "error"
            let message = e["message"]?.string ?? e.string ?? ""
            error = message.isEmpty ? code : "\(code): \(message)"
        }
        arn = try value.optionalString("arn", at: at)
        region = try value.optionalString("region", at: at) ?? envelopeRegion ?? arn.flatMap(ClusterRequest.regionFromARN)
        endpoint = try value.optionalString("endpoint", at: at)
        certificateAuthorityData = try value.optionalString("certificateAuthorityData", at: at)
        alias = try value.optionalString("alias", at: at)
        integration = try value.optionalString("integration", at: at)
        if alias == "" { alias = nil }

        path = settings.defaultPath
        mode = settings.mode
        update = settings.update ?? .merge
        if let k = value["kubeconfig"], !k.isNull {
            let kat = "\(at).kubeconfig"
            guard k.object != nil else { throw InputError("\(kat): expected an object, found \(k.typeName)") }
            if let p = try k.optionalString("path", at: kat), !p.isEmpty { path = Path.absolute(p) }
            if let m = k["mode"], !m.isNull {
                // "0600" as a string; a number is read as the octal digits it shows (600 → 0600).
                let text = m.string ?? m.int.map { String($0) }
                guard let text, let v = Settings.parseMode(text) else {
                    throw InputError("\(kat).mode: expected an octal file mode such as \"0600\"")
                }
                mode = v
            }
            if let u = try k.optionalString("update", at: kat), !u.isEmpty { update = try UpdateMode.parse(u, at: "\(kat).update") }
        }
        guard requireDescribe && error == nil else { return }
        for (field, v) in [("arn", arn), ("endpoint", endpoint), ("certificateAuthorityData", certificateAuthorityData), ("region", region)]
        where v == nil || v == "" {
            throw InputError("\(at): missing field \"\(field)\" (run eks-describe first)")
        }
    }

    /// `arn:aws:eks:REGION:ACCOUNT:cluster/NAME` → REGION.
    static func regionFromARN(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }
}
