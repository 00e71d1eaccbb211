import Common

/// Where eks-presign gets credentials, cheapest first, so that the common case (kubectl
/// calling with credentials cached by `ekspipe auth login`) makes no network call:
/// 1. `--stdin` (an envelope or a bare credential_process document);
/// 2. the environment (`AWS_ACCESS_KEY_ID` …), unless `--profile`/`--identity` was given
///    (an explicit profile negates environment keys, as in botocore);
/// 3. static keys of the selected profile in the shared config/credentials files;
/// 4. the credential cache creds-resolve writes, while fresh;
/// 5. `creds-resolve --non-interactive`, run as a child: only it talks to the network. It gets
///    what is left of the deadline (`--timeout`), and is killed with whatever it started if it
///    runs past it;
/// 6. when that fails (a refresh needs a person, or the network did not answer in time), the
///    cached credentials for as long as they really last, with one warning that says how long
///    and what to run: kubectl keeps working until they expire, since the token's own expiry
///    is capped by theirs.
struct CredentialChain {
    var selection: CredentialSelection
    var explicitSelection: Bool
    var useStdin: Bool
    var now: Timestamp
    var deadline: Deadline
    /// The shared AWS files, read once per run by the entry point (it needs them for the token's
    /// endpoint settings too).
    var files: AWSConfigFiles

    /// The credentials and the region that came with them; `notices` for the entry point.
    typealias Resolved = ResolvedCredentials

    /// The local providers (stdin, environment keys, profile keys, the cache read, all in
    /// Common and free of the network) in order, then the creds-resolve child.
    func resolve() throws -> Resolved {
        if useStdin { return try fromStdin() }
        if selection.roleArn == nil {
            if !explicitSelection, let env = try EnvironmentKeysProvider(now: now).resolve() {
                return Resolved(credentials: env.credentials, source: env.source)
            }
            if selection.identity == nil, let p = try fromProfile() { return p }
        }
        // Read once: fresh, it answers; stale, it is the fallback when the refresh fails.
        let cached = CacheEntryProvider(selection: selection, now: now)
        if let r = try cached.resolve() { return r }
        do {
            return try fromCredsResolve()
        } catch let failure as RefreshFailure where failure.refreshFailed {
            guard let entry = cached.entry, let expiration = entry.credentials.expiration, expiration > now else { throw failure }
            return Resolved(credentials: entry.credentials, source: entry.source, region: entry.region,
                            notices: [.info(failure.expiryWarning(secondsLeft: expiration.seconds - now.seconds))])
        }
    }

    private func fromStdin() throws -> Resolved {
        let doc = try Envelope.readStdin()
        let json = JSON.object(doc)
        let source = ResolvedCredentials.source("stdin")
        if let creds = doc["credentials"] {
            return Resolved(credentials: try Credentials(credentialProcess: creds, at: "stdin.credentials"), source: source,
                            region: try json.optionalString("region", at: "stdin"))
        }
        if doc["AccessKeyId"] != nil {
            return Resolved(credentials: try Credentials(credentialProcess: json, at: "stdin"), source: source)
        }
        throw PresignError(.noCredentialsOnStdin)
    }

    /// Static keys of a profile that has no role, SSO or process to run instead (those need
    /// creds-resolve). A profile named by `--profile` that exists nowhere is an error here,
    /// before any child is run.
    private func fromProfile() throws -> Resolved? {
        guard let name = selection.profile else { return nil }
        guard let p = files.profile(name) else {
            if explicitSelection {
                throw PresignError(.profileNotFound(profile: name, configFile: Path.tilde(files.configPath), credentialsFile: Path.tilde(files.credentialsPath)))
            }
            return nil
        }
        let delegated = ["role_arn", "web_identity_token_file", "sso_start_url", "sso_session", "credential_process"]
        if delegated.contains(where: { p[$0] != nil }) { return nil }
        // As botocore: the credentials file's keys, else the config file's (never a mix).
        guard var keys = try ProfileKeysProvider(name: name, section: p, file: .credentials).resolve()
            ?? ProfileKeysProvider(name: name, section: p, file: .config).resolve() else { return nil }
        keys.region = p["region"]
        return keys
    }

    /// The sibling creds-resolve (installed side by side), else the one on PATH.
    static func credsResolvePath() -> String? {
        if let exe = Sys.executablePath() {
            let sibling = Path.join(Path.dirname(exe), "creds-resolve")
            if let st = try? Sys.fileInfo(sibling), Sys.isRegular(st) { return sibling }
        }
        return Subprocess.which("creds-resolve")
    }

    private func fromCredsResolve() throws -> Resolved {
        guard let exe = Self.credsResolvePath() else {
            throw PresignError(.noCredsResolve(selection: selection.displayName, hint: selection.loginHint))
        }
        // The child stops itself a little before our own limit, so that its message (which
        // names the endpoint that did not answer) arrives before we would have to kill it.
        let left = deadline.remaining
        guard left >= 0.2 else {
            throw RefreshFailure(selection: selection, reason: "no time left to run creds-resolve within \(deadline.summary)")
        }
        let childBudget = max(0.1, left - min(0.5, left / 10))
        let args = [exe] + childSelectionArguments + ["--non-interactive", "--format", "json", "--timeout", Deadline.format(childBudget)]
            + (Quiet.isOn ? ["--quiet"] : [])
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(args, deadline: deadline)
        } catch let e as Subprocess.TimedOut {
            throw RefreshFailure(selection: selection, reason: e.message)
        }
        let (earlier, last) = RefreshFailure.lines(result.stderr)
        for line in earlier { Output.stderr(line) }
        guard result.status == 0 else {
            // The child words a timeout as its own "9.5 s deadline (--timeout)"; the person
            // knows only ours, and how to change it.
            let childDeadline = Deadline(seconds: childBudget, origin: "--timeout").summary
            let line = last.map { $0.replacing(childDeadline, with: deadline.summary) }
            throw RefreshFailure(selection: selection, childLine: line, badInput: result.status == 2)
        }
        if let last { Output.stderr(last) }
        let doc = try JSON.parse(result.stdout, source: "creds-resolve output")
        guard let creds = doc["credentials"] else {
            throw PresignError(.credsResolvePrintedNothing)
        }
        return Resolved(credentials: try Credentials(credentialProcess: creds, at: "creds-resolve.credentials"),
                        source: doc["source"] ?? ResolvedCredentials.source("creds-resolve"), region: doc["region"]?.string)
    }

    /// creds-resolve's flags for the selection. A profile the user did not name (AWS_PROFILE,
    /// or "default") is left for the child to select again from the same environment: passed as
    /// `--profile` it would count as explicit there and hide keys in the environment, which the
    /// SDKs (and creds-resolve run directly) use first. The cache key is the same either way.
    var childSelectionArguments: [String] {
        var sel = selection
        if !explicitSelection && sel.identity == nil { sel.profile = nil }
        return sel.credsResolveArguments
    }
}
