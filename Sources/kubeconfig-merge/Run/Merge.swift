import Common
import Glibc

/// One run: read the clusters, group them by file, then lock, read, edit and write each file
/// (or print it with --dry-run), and report in the envelope.
struct MergeRun {
    let settings: Settings
    let envelope: Envelope

    func run() throws -> ExitCode {
        let requests = try clusterRequests()
        if settings.list { return try list(removeJobs(requests), matcher: try removalMatcher(requests)) }
        if settings.progress, let done = try nothingToWrite(requests) { return done }
        let jobs = settings.remove ? try removeJobs(requests) : try mergeJobs(requests)
        // Checked before any lock: taking one creates the file's directory, and bad input
        // must change nothing on disk.
        let matcher = settings.remove ? try removalMatcher(requests) : nil
        if settings.dryRun { return try dryRun(jobs, matcher: matcher) }

        // Lock every file first, in one global order so parallel runs cannot deadlock; then
        // compute every result before writing any, so bad input changes nothing.
        defer { for j in jobs { j.unlock() } }
        for j in jobs { try j.lock(timeout: settings.lockTimeout) }
        for j in jobs { try j.load() }
        let currentBefore = jobs.map { $0.config?.currentContext }
        for j in jobs {
            if let matcher { j.remove(matching: matcher) } else { try j.merge(policy: settings.currentContext) }
        }
        var files: [KubeconfigResult.File] = []
        for j in jobs {
            let changed = try j.commit()
            j.unlock()
            files.append(.init(path: j.path, changed: changed, contexts: j.contexts, deleted: j.deleteFile))
            if settings.format == .awsCLI { continue }
            for c in j.contexts {
                Output.progress(settings.remove ? "✓ EKS kubeconfig removed: \(c) from \(Path.tilde(j.path))"
                                              : "✓ EKS kubeconfig: \(c) → \(Path.tilde(j.path))")
            }
        }
        if settings.remove {
            DanglingContexts(edited: zip(jobs, currentBefore).map { .init(path: $0.path, currentBefore: $1, after: $0.deleteFile ? nil : $0.config) },
                             removed: Set(jobs.flatMap(\.contexts))).warn()
        }
        if settings.loginSummary { loginSummary(requests) }
        // The process exits after this report: freeing each file's parsed tree (tens of
        // thousands of nodes in a big kubeconfig, a tenth of a merge's work) would only cost
        // time. Their locks are released above; on an error they are freed (and unlocked) as usual.
        for j in jobs { _ = Unmanaged.passRetained(j) }
        if settings.format == .awsCLI { return try awsCLIReport(jobs) }
        return try report(files)
    }

    /// The envelope with `kubeconfig.files` added, on stdout.
    func report(_ files: [KubeconfigResult.File]) throws -> ExitCode {
        var out = envelope
        out.set(.kubeconfig, KubeconfigResult(files: files))
        try out.write(reveal: settings.reveal)
        return .ok
    }

    private func clusterRequests() throws -> [ClusterRequest] {
        guard let items = try envelope.get(.clusters) else { return [] }
        let region = try envelope.get(.region)
        return try items.enumerated().map {
            try ClusterRequest($1, index: $0, settings: settings, envelopeRegion: region, requireDescribe: !settings.remove && !settings.list)
        }
    }

    /// Jobs sorted by path: the lock order every run agrees on.
    private func group(_ pairs: [(String, ClusterRequest?)]) -> [FileJob] {
        var byPath: [String: FileJob] = [:]
        for (path, _) in pairs where byPath[path] == nil { byPath[path] = FileJob(path: path) }
        return byPath.keys.sorted().map { byPath[$0]! }
    }

    private func mergeJobs(_ requests: [ClusterRequest]) throws -> [FileJob] {
        guard !requests.isEmpty else {
            throw EnvelopeError(envelope.path, .invalid("the envelope has no clusters (run creds-resolve and eks-describe first)"))
        }
        // In a flow, eks-describe --progress has warned about each of them already.
        for r in requests where r.error != nil && !settings.progress {
            Notices.post(.info("skipping cluster \(r.name): \(r.error!)"))
        }
        let good = requests.filter { $0.error == nil }
        guard !good.isEmpty else {
            throw MergeError.everyClusterFailed(requests.count)
        }
        if good.count > 1 && (settings.alias != nil || settings.userAlias != nil) {
            throw UsageError("--alias and --user-alias name one cluster, but the envelope has \(good.count)")
        }
        let presign = try Self.presignCommand()
        let (identity, config, profile) = try envelope.owner().parts

        let jobs = group(good.map { ($0.path, $0) })
        var seen: [String: Int] = [:]
        for r in good {
            let job = jobs.first { $0.path == r.path }!
            let arn = r.arn!
            let context = settings.alias ?? r.alias ?? arn
            if let other = seen[r.path + "\n" + context] {
                throw EnvelopeError(r.at, .invalid("context \"\(context)\" is also written for clusters[\(other)] in \(r.path)"))
            }
            seen[r.path + "\n" + context] = r.index
            job.entries.append(KubeconfigEKSEntry(
                clusterName: r.name, region: r.region!, arn: arn, endpoint: r.endpoint!,
                certificateAuthorityData: r.certificateAuthorityData!, contextName: context,
                userName: settings.userAlias ?? KubeconfigEKSEntry.defaultUserName(arn: arn, identity: identity, config: config, profile: profile,
                                                                                  roleArn: settings.roleArn),
                presignCommand: presign, execAPIVersion: settings.execAPIVersion,
                identity: identity, config: config, profile: profile, integration: r.integration, roleArn: settings.roleArn,
                proxyURL: settings.proxyURL, clusterId: r.clusterId))
            job.updates.append(r.update)
            if job.mode == nil { job.mode = r.mode }
        }
        return jobs
    }

    func removeJobs(_ requests: [ClusterRequest]) throws -> [FileJob] {
        var paths = requests.map { $0.path }
        if paths.isEmpty || settings.kubeconfig != nil || settings.logout { paths.append(settings.defaultPath) }
        // A logout also clears what `ekspipe aws eks update-kubeconfig --name` wrote for the
        // identity where the AWS CLI writes; only a file holding such an entry is locked and
        // edited (a user's ~/.kube that ekspipe never wrote to is not even checked).
        if settings.logout && settings.kubeconfig == nil, let owns = try? removalMatcher(requests) {
            paths += AWSCLIKubeconfig.candidates().filter { path in
                DanglingContexts.read(path)?.entries(.contexts).contains { KubeconfigMarker.read(from: $0["context"]).map(owns) ?? false } ?? false
            }
        }
        let jobs = group(paths.map { ($0, nil) })
        for r in requests where r.mode != nil { jobs.first { $0.path == r.path }?.mode = r.mode }
        // Nothing to remove from a file that is not there: it is neither created nor locked.
        return jobs.filter { (try? Sys.fileInfo($0.path)) != nil }
    }

    /// Which marked entries --remove deletes (and --list names): those of the envelope's
    /// identity in its config (else of its source profile), limited to its clusters'
    /// integrations when the clusters name any (not with --logout: every entry of the identity,
    /// also those of integrations since removed from the config). An entry marked before markers named the
    /// config matches the identity in any config.
    private func removalMatcher(_ requests: [ClusterRequest]) throws -> (KubeconfigMarker) -> Bool {
        let (identity, config, profile) = try envelope.owner().parts
        let owner = KubeconfigOwner(identity: identity, config: config, profile: profile,
                                    integrations: settings.logout ? [] : Set(requests.compactMap { $0.integration }))
        guard !owner.isEmpty else {
            throw EnvelopeError(envelope.path, .invalid("nothing says which entries to remove: the envelope has no identity, source.profile or cluster integration"))
        }
        return owner.owns
    }

    /// The eks-presign kubectl will run: `$EKSPIPE_PRESIGN`, else the one next to this program.
    static func presignCommand() throws -> String {
        if let p = Env.nonEmpty("EKSPIPE_PRESIGN") { return Path.absolute(p) }
        guard let me = Sys.executablePath() else { throw MergeError.noOwnPath }
        return Path.join(Path.dirname(me), "eks-presign")
    }

    /// --dry-run: the resulting YAML of each file on stdout (a `# path` line before each when
    /// there are several), nothing locked or written; with --remove, a line on stderr per
    /// context and file that would be removed.
    private func dryRun(_ jobs: [FileJob], matcher: ((KubeconfigMarker) -> Bool)?) throws -> ExitCode {
        var text = ""
        for (i, j) in jobs.enumerated() {
            try j.load()
            if let matcher {
                j.remove(matching: matcher)
                // What `ekspipe auth logout --dry-run` shows: each entry and file that would go.
                for c in j.contexts { Output.stderr("Would remove EKS kubeconfig context \(c) from \(Path.tilde(j.path))") }
                if j.deleteFile { Output.stderr("Would delete \(Path.tilde(j.path)) (nothing else left in it)") }
            } else { try j.merge(policy: settings.currentContext) }
            if jobs.count > 1 { text += (i > 0 ? "---\n" : "") + "# \(j.path)\n" }
            text += j.deleteFile ? "# (file would be deleted)\n" : String(decoding: try j.render(), as: UTF8.self)
        }
        if text.hasSuffix("\n") { text.removeLast() }
        try Output.stdout(text)
        return .ok
    }
}
