import Common

/// `--list`: the contexts ekspipe wrote for the envelope's identity (matched as `--remove`
/// matches them) in the files its clusters use, each with its file and integration, in file
/// order. Nothing is locked, created or written. The flows ask it which integrations of an
/// identity already have entries, and which context a session of the identity starts in: it
/// reads the files with the real kubeconfig parser, so the shell never parses YAML.
extension MergeRun {
    func list(_ jobs: [FileJob], matcher: (KubeconfigMarker) -> Bool) throws -> ExitCode {
        var contexts: [KubeconfigResult.Context] = []
        for j in jobs {
            try j.load()
            guard let cfg = j.config else { continue }
            for entry in cfg.entries(.contexts) {
                guard let name = entry["name"]?.scalar, let m = KubeconfigMarker.read(from: entry["context"]), matcher(m) else { continue }
                contexts.append(.init(path: j.path, name: name, integration: m.integration))
            }
        }
        var out = envelope
        out.set(.kubeconfig, KubeconfigResult(contexts: contexts))
        try out.write(reveal: settings.reveal)
        return .ok
    }
}
