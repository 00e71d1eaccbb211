import Common

/// After `--remove` (logout): a kubeconfig whose `current-context` names a context that is gone
/// makes every later kubectl command fail ("context was not found"), far from the logout that
/// caused it. Each such file is named on stderr with the kubectl command that fixes it; nothing
/// is written, because the files kubectl reads are the user's. Checked:
/// - the files kubectl reads (`$KUBECONFIG`'s list, else `~/.kube/config`): a file whose
///   current context was removed, unless another file of the list still defines that name;
/// - the files this run edited: their current context went with the entries (cleared).
struct DanglingContexts {
    struct Edited {
        var path: String
        var currentBefore: String?
        /// The file as written (nil when it was deleted: nothing is left to point anywhere).
        var after: Kubeconfig?
    }

    var edited: [Edited]
    var removed: Set<String>

    func warn() {
        guard !removed.isEmpty else { return }
        let files = Self.kubectlFiles().map { path -> (path: String, config: Kubeconfig?) in
            // A file this run just wrote is not read again: its tree is what is on disk.
            if let e = edited.first(where: { $0.path == path }) { return (path, e.after) }
            return (path, Self.read(path))
        }
        let defined = Self.unique(files.flatMap { $0.config?.names(.contexts) ?? [] })
        // kubectl uses the first current-context of the list, and `kubectl config use-context`
        // writes to the first file that sets one: the plain command fixes that file.
        let effective = files.first { $0.config?.currentContext != nil }?.path
        var said: Set<String> = []
        for (path, config) in files {
            guard let config, let current = config.currentContext, removed.contains(current), !defined.contains(current) else { continue }
            said.insert(path)
            if path == effective {
                say(path, "current-context \"\(current)\" was removed", choices: defined, command: "kubectl config")
            } else {
                say(path, "current-context \"\(current)\" was removed", choices: config.names(.contexts),
                    command: "kubectl --kubeconfig \(Self.shellWord(path)) config")
            }
        }
        for e in edited where !said.contains(e.path) {
            guard let after = e.after, let before = e.currentBefore, removed.contains(before), after.currentContext == nil else { continue }
            say(e.path, "its current-context \"\(before)\" was removed with the entries, so it names none now",
                choices: after.names(.contexts), command: "kubectl --kubeconfig \(Self.shellWord(e.path)) config")
        }
    }

    private func say(_ path: String, _ what: String, choices: [String], command: String) {
        let fix: String
        if let first = choices.first {
            fix = "choose another: \(command) use-context \(Self.shellWord(first, isPath: false))"
                + (choices.count > 1 ? " (contexts: \(choices.joined(separator: ", ")))" : "")
        } else {
            fix = "no context is left to choose; clear it with: \(command) unset current-context"
        }
        Notices.post(.warning("\(Path.tilde(path)): \(what); \(fix)"))
    }

    /// The files kubectl reads, as it reads them: `$KUBECONFIG` split on `:` (empty parts
    /// skipped, duplicates once), else `~/.kube/config`.
    static func kubectlFiles() -> [String] {
        if let list = Env.nonEmpty("KUBECONFIG") {
            return unique(list.split(separator: ":").map { Path.absolute(String($0)) })
        }
        return [Path.join(Env.home ?? "/", ".kube", "config")]
    }

    /// A regular file's kubeconfig; nil for anything missing, unreadable, not a regular file
    /// (never block on a FIFO) or not a kubeconfig: such a file cannot name a context.
    static func read(_ path: String) -> Kubeconfig? {
        guard let st = try? Sys.fileInfo(path), Sys.isRegular(st), let bytes = try? FileJob.read(path, named: path) else { return nil }
        return try? Kubeconfig(parsing: bytes, source: path)
    }

    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// A path (shown as `~/…` under HOME) or a context name as one shell word: as it is when
    /// it has only safe characters, else single-quoted.
    static func shellWord(_ s: String, isPath: Bool = true) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,")
        let shown = isPath ? Path.tilde(s) : s
        let body = shown.hasPrefix("~/") ? shown.dropFirst() : Substring(shown)
        if !body.isEmpty && body.allSatisfy({ safe.contains($0) }) { return shown }
        return "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
