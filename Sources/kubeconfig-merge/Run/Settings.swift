import Common
import Glibc

/// The command line, checked.
struct Settings {
    var kubeconfig: String?
    var update: UpdateMode?
    var mode: mode_t?
    var alias: String?
    var userAlias: String?
    var roleArn: String?
    var currentContext: CurrentContextPolicy = .ifUnset
    var execAPIVersion = "v1beta1"
    var remove = false
    /// `--list`: name the identity's contexts, change nothing (see ContextList.swift).
    var list = false
    var dryRun = false
    var reveal = false
    /// `--progress`: a stage of ekspipe's flows (FlowProgress.swift).
    var progress = false
    /// `--login-summary`: with --progress, the closing lines of `ekspipe auth login`.
    var loginSummary = false
    /// `--logout`: --remove every entry of the identity, in its clusters' files and the default one.
    var logout = false
    var lockTimeout = 10.0
    /// `--convert`: rewrite `aws eks get-token` / aws-iam-authenticator users to eks-presign (ConvertRun.swift).
    var convert = false
    /// `--context NAME` (repeatable, with --convert): only the users these contexts name.
    var contexts: [String] = []
    /// `--proxy-url URL`: the clusters' `proxy-url` (`aws eks update-kubeconfig --proxy-url`).
    var proxyURL: String?
    /// `--format aws-cli`: stdout says what `aws eks update-kubeconfig` says instead of the envelope.
    var format = OutputFormat.json
    /// `--verbose`: with `--format aws-cli`, the entries written too (the AWS CLI's --verbose).
    var verbose = false
    /// `--default-kubeconfig aws-cli`: a cluster no flag or envelope places goes where the AWS
    /// CLI would write it (AWSCLIKubeconfig.swift) instead of ekspipe's own file.
    var defaultKubeconfig = DefaultKubeconfig.ekspipe

    enum OutputFormat: String { case json, awsCLI = "aws-cli" }
    enum DefaultKubeconfig: String { case ekspipe, awsCLI = "aws-cli" }

    static let options: [Option] = [
        Option("--kubeconfig", value: true), Option("--update", value: true), Option("--mode", value: true),
        Option("--alias", value: true), Option("--user-alias", value: true), Option("--role-arn", value: true), Option("--current-context", value: true),
        Option("--proxy-url", value: true),
        Option("--exec-api-version", value: true), Option("--remove"), Option("--list"), Option("--dry-run"), Option("--lock-timeout", value: true), Option("--reveal"),
        Option("--progress"), Option("--login-summary"), Option("--logout"), Option("--convert"),
        Option("--context", value: true, repeatable: true),
        Option("--format", value: true), Option("--verbose"), Option("--default-kubeconfig", value: true),
    ]

    init(_ args: Arguments) throws {
        if let k = args.value("--kubeconfig") {
            guard !k.isEmpty else { throw UsageError("--kubeconfig needs a path") }
            kubeconfig = Path.absolute(k)
        }
        if let u = args.value("--update") {
            guard let m = UpdateMode(rawValue: u) else { throw UsageError("--update must be merge, replace or error") }
            update = m
        }
        if let m = args.value("--mode") {
            guard let v = OctalMode.parse(m) else { throw UsageError("--mode must be an octal file mode such as 0600") }
            mode = v
        }
        alias = args.value("--alias")
        userAlias = args.value("--user-alias")
        if alias == "" || userAlias == "" { throw UsageError("--alias and --user-alias need a name") }
        if let r = args.value("--role-arn") {
            guard r.hasPrefix("arn:"), r.contains(":role/") else { throw UsageError("--role-arn: '\(r)' is not an IAM role ARN") }
            roleArn = r
        }
        if let u = args.value("--proxy-url") {
            proxyURL = try Self.proxyURL(u)
        }
        if let c = args.value("--current-context") {
            guard let p = CurrentContextPolicy(rawValue: c) else { throw UsageError("--current-context must be if-unset, always or never") }
            currentContext = p
        }
        if let v = args.value("--exec-api-version") {
            guard v == "v1beta1" || v == "v1" else { throw UsageError("--exec-api-version must be v1beta1 or v1") }
            execAPIVersion = v
        }
        remove = args.has("--remove")
        list = args.has("--list")
        if list && (remove || args.has("--dry-run")) { throw UsageError("--list changes nothing: it goes without --remove and --dry-run") }
        dryRun = args.has("--dry-run")
        reveal = args.has("--reveal")
        loginSummary = args.has("--login-summary")
        progress = args.has("--progress") || loginSummary
        logout = args.has("--logout")
        if logout && !remove { throw UsageError("--logout goes with --remove") }
        if progress && (remove || list || dryRun) { throw UsageError("--progress and --login-summary go with a merge, not --remove, --list or --dry-run") }
        if let f = args.value("--format") {
            guard let v = OutputFormat(rawValue: f) else { throw UsageError("--format must be json or aws-cli") }
            format = v
        }
        verbose = args.has("--verbose")
        if verbose && format != .awsCLI { throw UsageError("--verbose goes with --format aws-cli") }
        if format == .awsCLI && (remove || list || progress) { throw UsageError("--format aws-cli goes with a merge, not --remove, --list, --progress or --login-summary") }
        if let d = args.value("--default-kubeconfig") {
            guard let v = DefaultKubeconfig(rawValue: d) else { throw UsageError("--default-kubeconfig must be ekspipe or aws-cli") }
            defaultKubeconfig = v
        }
        if let t = args.value("--lock-timeout") {
            guard let v = Double(t), v >= 0, v < 86400 else { throw UsageError("--lock-timeout must be a number of seconds") }
            lockTimeout = v
        }
        convert = args.has("--convert")
        contexts = args.values("--context")
        if contexts.contains("") { throw UsageError("--context needs a name") }
        if !contexts.isEmpty && !convert { throw UsageError("--context goes with --convert") }
        let mergeOnly = ["--update", "--mode", "--alias", "--user-alias", "--role-arn", "--proxy-url", "--current-context", "--exec-api-version",
                         "--remove", "--list", "--progress", "--login-summary", "--logout"]
        if convert, let other = mergeOnly.first(where: args.has) {
            throw UsageError("--convert goes with --kubeconfig, --context, --dry-run, --lock-timeout and --reveal only, not \(other)")
        }
    }

    /// A proxy URL kubectl accepts: client-go refuses a kubeconfig whose cluster has a
    /// `proxy-url` of another scheme than http, https or socks5 (every kubectl command on that
    /// context fails), so such a URL is refused here, before anything is written.
    static func proxyURL(_ u: String) throws -> String {
        let parts = u.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, ["http", "https", "socks5"].contains(String(parts[0])),
              parts[1].hasPrefix("//"), parts[1].count > 2, !u.contains(where: \.isWhitespace) else {
            throw UsageError("--proxy-url: '\(u)' is not an http://, https:// or socks5:// URL (kubectl accepts no other)")
        }
        return u
    }

    /// The file written when neither flag nor envelope names one.
    var defaultPath: String {
        kubeconfig ?? KubeconfigOwner.defaultPath
    }
}
