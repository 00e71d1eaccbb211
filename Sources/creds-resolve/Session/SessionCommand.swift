import Common
import Glibc
import Network

/// `creds-resolve --identity NAME --session exec|shell|env`: everything `ekspipe auth exec /
/// shell / env` needs, in one run, so a session of a logged-in identity starts one program
/// besides the shell and the command (scripts/SESSIONS.md): the credentials (from the cache or
/// a refresh; a login on the terminal only when those fail), the kubeconfig entries of the
/// identity's auto-provisioned integrations looked up, the AWS config and the session
/// kubeconfig written, and the environment printed (`--format export|json|dotenv|fish`).
///
/// When an integration has no entries yet, nothing is written: the names of those
/// integrations are printed (one line, space-separated) and the exit status is 3, so the flow
/// provisions them and asks again with `--skip-missing` (an integration whose cluster could not
/// be described is then skipped).
enum SessionCommand {
    enum Kind: String { case exec, shell, env }

    static let formats = ["export", "json", "dotenv", "fish"]

    /// `EKSPIPE_SHLVL` of the session: exec and shell start a process one level below the
    /// caller's (1 outside any session); env changes the evaluating shell itself, so it keeps
    /// the caller's level (1 outside any session). A value that is not a number counts as none.
    static func level(_ kind: Kind, caller: [String: String]) -> String {
        let outer = caller["EKSPIPE_SHLVL"].flatMap { Int($0) }.map { max($0, 0) } ?? 0
        return String(kind == .env ? max(outer, 1) : outer + 1)
    }

    static func run(_ args: Arguments, plan: IdentityCommand.Plan, kind: Kind, format: String) throws -> ExitCode {
        // Bad input is refused before any request.
        let pid = try args.value("--session-pid").map { v -> Int32 in
            guard let p = Int32(v), p > 0 else { throw UsageError("--session-pid must be a process id, not '\(v)'") }
            return p
        } ?? getppid()
        // Before anything changes this process's environment (an aws/ambient identity's
        // resolution restores the caller's record into it).
        let caller = Dictionary(Env.all(), uniquingKeysWith: { first, _ in first })
        let resolved = try credentials(args, plan: plan)

        let identity = plan.identity, config = plan.config.path
        let auto = try plan.config.integrations(for: identity)
        let found = SessionContexts.lookup(auto, identity: identity, config: config)
        let missing = auto.filter { found[$0.name] == nil }.map(\.name)
        if !missing.isEmpty && !args.has("--skip-missing") {
            try Output.stdout(missing.joined(separator: " "))
            return .partial
        }
        // The session's context: that of the first auto-provisioned integration (config order) that has one.
        let context = auto.lazy.compactMap { found[$0.name] }.first
        let sessionFile = try context.map { try SessionFiles.writeSessionKubeconfig(context: $0, identity: identity, kind: kind, pid: pid) }
        // Every file the identity's integrations use (optional ones too), and the default file.
        let files = [KubeconfigOwner.defaultPath] + (try plan.config.integrations(for: identity, all: true)).map(SessionContexts.path)
        let (awsConfig, profile) = try SessionFiles.writeAWSConfig(identity: identity, config: config, region: resolved.region)
        let env = SessionEnvironment(set: [("KUBECONFIG", SessionFiles.kubeconfigList(session: sessionFile, caller: caller, files: files)),
                                           ("AWS_CONFIG_FILE", awsConfig), ("AWS_PROFILE", profile), ("EKSPIPE_IDENTITY", identity),
                                           ("EKSPIPE_SHLVL", level(kind, caller: caller))],
                                     caller: caller)
        var text = env.render(format)
        if text.hasSuffix("\n") { text.removeLast() }
        try Output.stdout(text)
        return .ok
    }

    /// The identity's credentials without prompting when the cache or a refresh can do it;
    /// with a login (which may prompt) when that fails and a terminal is there to log in on.
    static func credentials(_ args: Arguments, plan: IdentityCommand.Plan) throws -> ResolvedCredentials {
        let selection = CredentialSelection(identity: plan.identity, config: plan.config.path)
        do {
            return try IdentityCommand.resolve(plan, selection: selection, args: args, interactive: false)
        } catch let e where (e as? ToolError)?.exitCode ?? .runtime == .runtime {
            guard !args.has("--non-interactive"), hasTerminal else {
                Output.stderr("creds-resolve: \(e)")
                throw SessionError(.notLoggedIn(identity: plan.identity))
            }
            Output.progress("Authenticating with identity: \(plan.identity)")
            return try IdentityCommand.resolve(plan, selection: selection, args: args, interactive: true)
        }
    }

    /// A person to log in: stderr is a terminal and /dev/tty can be opened.
    static var hasTerminal: Bool {
        guard Sys.isatty(2) else { return false }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }
}
