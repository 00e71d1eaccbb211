import Common

/// `--list`: the contexts ekspipe wrote for the envelope's identity (matched as `--remove`
/// matches them) in the files its clusters use, each with its file and integration, in file
/// order. Nothing is locked, created or written. The flows ask it which integrations of an
/// identity already have entries, and which context a session of the identity starts in: it
/// reads the files with the real kubeconfig parser, so the shell never parses YAML.
extension MergeRun {
    func list(_ jobs: [FileJob], matcher: (KubeconfigMarker) -> Bool) throws -> ExitCode {
        var contexts: [JSON] = []
        for j in jobs {
            try j.load()
            guard let cfg = j.config else { continue }
            for entry in cfg.entries(.contexts) {
                guard let name = entry["name"]?.scalar, let m = KubeconfigMarker.read(from: entry["context"]), matcher(m) else { continue }
                var o = JSONObject()
                o["path"] = .string(j.path)
                o["name"] = .string(name)
                if let i = m.integration { o["integration"] = .string(i) }
                contexts.append(.object(o))
            }
        }
        var out = envelope
        out["kubeconfig"] = .object(JSONObject([("contexts", .array(contexts))]))
        let doc = JSON.object(out)
        try Output.json(Output.stdoutIsTerminal && !settings.reveal ? Secrets.masked(doc) : doc)
        return .ok
    }
}
