import Common

/// What kubectl tells its exec credential plugin in `KUBERNETES_EXEC_INFO`: which
/// ExecCredential apiVersion to answer with, and whether a person is there to answer prompts.
struct ExecInfo {
    static let v1beta1 = "client.authentication.k8s.io/v1beta1"
    static let v1 = "client.authentication.k8s.io/v1"

    var apiVersion = ExecInfo.v1beta1
    var interactive = false

    /// Absent: v1beta1, as `aws eks get-token` does (kubectl older than 1.20 did not set it).
    /// Present but malformed, or naming another version: bad input (exit 2), since answering in
    /// a version kubectl did not ask for would only fail later with a vaguer message.
    static func fromEnvironment() throws -> ExecInfo {
        guard let raw = Env.nonEmpty("KUBERNETES_EXEC_INFO") else { return ExecInfo() }
        let doc = try JSON.parse(raw, source: "KUBERNETES_EXEC_INFO")
        guard doc.object != nil else {
            throw PresignError(.execInfoNotObject(found: doc.typeName))
        }
        var info = ExecInfo()
        if let v = try doc.optionalString("apiVersion", at: "KUBERNETES_EXEC_INFO") {
            guard v == v1beta1 || v == v1 else {
                throw PresignError(.execInfoAPIVersion(v, supported: [v1, v1beta1]))
            }
            info.apiVersion = v
        }
        if let spec = doc["spec"], let interactive = spec["interactive"]?.bool {
            info.interactive = interactive
        }
        return info
    }
}
