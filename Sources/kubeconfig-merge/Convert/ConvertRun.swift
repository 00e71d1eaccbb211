import Common
import Glibc

/// `kubeconfig-merge --convert` (`ekspipe kubeconfig convert`): in the files kubectl reads
/// (or `--kubeconfig`), the users whose exec plugin runs `aws eks get-token` or
/// `aws-iam-authenticator token` are rewritten to run eks-presign, meaning the same
/// (Kubeconfig.convertTokenCommands). Every file is locked, read and converted before any is
/// written, with the same lock, trust checks and atomic rename as a merge; a broken file
/// changes nothing anywhere. With --dry-run, a unified diff per file instead of writing.
///
/// Exit status: 0 when every candidate was converted (or there was nothing to convert);
/// 3 when some entry was left as it is (each named in a ⚠ line), the others converted.
struct ConvertRun {
    let settings: Settings

    func run() throws -> ExitCode {
        let paths = try files()
        guard !paths.isEmpty else {
            Output.stderr("nothing to convert: no kubeconfig file (\(DanglingContexts.kubectlFiles().map { Path.tilde($0) }.joined(separator: ", ")))")
            return settings.dryRun ? .ok : try report([], [])
        }
        let jobs = paths.map { FileJob(path: $0) }
        let presign = try MergeRun.presignCommand()
        defer { for j in jobs { j.unlock() } }
        if !settings.dryRun {
            // One global order, as every merge takes them: parallel runs cannot deadlock.
            for j in jobs.sorted(by: { $0.path < $1.path }) { try j.lock(timeout: settings.lockTimeout) }
        }
        for j in jobs { try j.load() }
        let only = try selectedUsers(jobs)
        let results = jobs.map { $0.convert(presign: presign, only: only) }

        var diff = ""
        var changed: [Bool] = []
        for j in jobs {
            if settings.dryRun {
                diff += UnifiedDiff.render(old: j.original, new: try j.render(), label: j.path, shown: mask)
                changed.append(j.changed)
            } else {
                changed.append(try j.commit())
                j.unlock()
            }
        }
        var skipped = 0, converted = 0
        for (j, list) in zip(jobs, results) {
            for c in list {
                if let reason = c.skipped {
                    skipped += 1
                    Output.stderr("⚠ user \(c.user) (\(Path.tilde(j.path))) left as it is: \(reason)")
                } else {
                    converted += 1
                    Output.progress("✓ user \(c.user): \(c.from?.rawValue ?? "?") → eks-presign (\(Path.tilde(j.path)))")
                }
            }
        }
        if converted == 0 && skipped == 0 {
            Output.stderr("nothing to convert in \(paths.map { Path.tilde($0) }.joined(separator: ", "))")
        } else if settings.dryRun && converted > 0 {
            Output.stderr("dry run: nothing written")
        }
        if settings.dryRun {
            // Output.stdout ends the text with its own newline.
            if diff.hasSuffix("\n") { diff.removeLast() }
            if !diff.isEmpty { try Output.stdout(diff) }
        } else {
            _ = try report(Array(zip(jobs.map(\.path), changed)), results)
        }
        return skipped > 0 ? .partial : .ok
    }

    /// `--kubeconfig PATH` (it must exist), else the files kubectl reads that exist, each once
    /// (a link and its target are one file: locking it twice would wait for itself).
    private func files() throws -> [String] {
        if let k = settings.kubeconfig {
            guard try Sys.fileInfo(k) != nil else { throw ConvertError.noFile(k) }
            return [k]
        }
        var seen: Set<String> = []
        return try DanglingContexts.kubectlFiles().filter { p in
            guard try Sys.fileInfo(p) != nil else { return false }
            return seen.insert((try? AtomicFile.resolveLinks(p)) ?? p).inserted
        }
    }

    /// The users `--context`s name (nil: every user). A context is looked up as kubectl does,
    /// the first file that has it wins; one found nowhere is bad input (nothing is written).
    private func selectedUsers(_ jobs: [FileJob]) throws -> Set<String>? {
        guard !settings.contexts.isEmpty else { return nil }
        var users: Set<String> = []
        var missing = settings.contexts
        for j in jobs {
            guard let cfg = j.config else { continue }
            let found = cfg.users(ofContexts: missing)
            users.formUnion(found.users)
            missing = found.missing
        }
        if !missing.isEmpty { throw ConvertError.noSuchContexts(missing, files: jobs.map(\.path)) }
        return users
    }

    /// On a terminal (without --reveal), the values of a kubeconfig's secret fields in the
    /// diff's lines are masked: its context lines may show a neighbouring entry's token.
    private func mask(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard Output.stdoutIsTerminal && !settings.reveal else { return line }
        let text = String(decoding: line, as: UTF8.self)
        var body = Substring(text).drop { $0 == " " }
        if body.hasPrefix("- ") { body = body.dropFirst(2) }
        for key in ["token:", "client-key-data:", "password:", "id-token:", "refresh-token:", "client-secret:"] where body.hasPrefix(key) {
            let keep = text.count - body.count + key.count
            return ArraySlice(Array((String(text.prefix(keep)) + " ******\n").utf8))
        }
        return line
    }

    /// stdout: per file, whether it changed, the users converted and those left with why.
    private func report(_ files: [(String, Bool)], _ results: [[Kubeconfig.Conversion]]) throws -> ExitCode {
        let list: [JSON] = zip(files, results).map { file, conversions in
            .object(JSONObject([
                ("path", .string(file.0)), ("changed", .bool(file.1)),
                ("converted", .array(conversions.filter { $0.skipped == nil }.map { .string($0.user) })),
                ("skipped", .array(conversions.compactMap { c in
                    c.skipped.map { .object(JSONObject([("user", .string(c.user)), ("reason", .string($0))])) }
                })),
            ]))
        }
        try Output.json(.object(JSONObject([("files", .array(list))])))
        return .ok
    }
}
