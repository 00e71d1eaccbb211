import Common
import Network

tool.main { args in
    if args.has("--suggest") { return try SuggestQuery.run(args) }
    if args.has("--default-identity") { return try DefaultIdentityQuery.run(args) }
    try Deadline.install(flag: args.value("--timeout"), defaultSeconds: 60)
    if let answer = try AuthInfoCommands.dispatch(args) { return answer }
    if args.has("--list-integrations") { return try IntegrationList.run(args) }
    let session = try args.value("--session").map { v -> SessionCommand.Kind in
        guard let k = SessionCommand.Kind(rawValue: v) else { throw UsageError("--session must be exec, shell or env, not '\(v)'") }
        return k
    }
    let format = args.value("--format") ?? (session == nil ? "json" : "export")
    if session != nil {
        guard SessionCommand.formats.contains(format) else { throw UsageError("--format with --session must be \(SessionCommand.formats.joined(separator: ", ")), not '\(format)'") }
        for flag in ["--profile", "--integration", "--all-integrations", "--logout", "--list-identities", "--role-arn", "--stdin"] where args.has(flag) {
            throw UsageError("\(flag) does not go with --session")
        }
        guard args.has("--identity") else { throw UsageError("--session goes with --identity") }
    } else {
        for flag in ["--session-pid", "--skip-missing"] where args.has(flag) { throw UsageError("\(flag) goes with --session") }
    }
    guard session != nil || ["json", "credential-process", "env"].contains(format) else {
        throw UsageError("--format must be json, credential-process or env, not '\(format)'")
    }
    for flag in ["--profile", "--identity", "--config", "--role-arn", "--external-id", "--role-session-name", "--region"] {
        if let v = args.value(flag), v.isEmpty { throw UsageError("\(flag) needs a non-empty value") }
    }
    if args.value("--role-arn") == nil {
        for flag in ["--external-id", "--role-session-name", "--duration-seconds"] where args.has(flag) {
            throw UsageError("\(flag) goes with --role-arn")
        }
    }
    var duration: Int? = nil
    if let d = args.value("--duration-seconds") {
        guard let n = Int(d), n >= 900, n <= 43200 else {
            throw UsageError("--duration-seconds must be a number of seconds from 900 to 43200, not '\(d)'")
        }
        duration = n
    }
    if let r = args.value("--region"), !Partition.isValidRegion(r) {
        throw UsageError("--region: '\(r)' cannot be part of a host name (letters, digits and dashes, like us-east-2)")
    }
    // `--integration NAME` alone: the identity the integration is linked to.
    let identity = try args.value("--identity") ?? IdentityCommand.owner(ofIntegrations: args.values("--integration"),
                                                                        configFlag: args.value("--config"))
    if identity != nil && args.has("--profile") { throw UsageError("--profile and --identity are mutually exclusive") }
    if identity == nil {
        for flag in ["--config", "--all-integrations", "--no-integrations", "--logout", "--progress"] where args.has(flag) {
            throw UsageError("\(flag) goes with --identity")
        }
    }
    let selectors = ["--integration", "--all-integrations", "--no-integrations"].filter { args.has($0) }
    if selectors.count > 1 { throw UsageError("\(selectors.joined(separator: " and ")) are mutually exclusive") }
    for flag in ["--provider", "--dry-run"] where args.has(flag) && !args.has("--logout") { throw UsageError("\(flag) goes with --logout") }
    if args.has("--stdin") && args.has("--logout") { throw UsageError("--logout reads no envelope; --stdin does not go with it") }
    for v in args.values("--integration") where v.isEmpty { throw UsageError("--integration needs a non-empty value") }
    // Bad input is refused before any request is made.
    let plan = try identity.map { try IdentityCommand.plan(args, identity: $0) }
    if let plan, let session { return try SessionCommand.run(args, plan: plan, kind: session, format: format) }
    if let plan, args.has("--logout") {
        return try LogoutCommand.run(plan, provider: args.has("--provider"), dryRun: args.has("--dry-run"), progress: args.has("--progress"))
    }
    // Only when asked: the head of a pipeline runs as a child of other programs (an AWS SDK's
    // credential_process, eks-presign, a shell loop) whose stdin is not ours to consume.
    let input = args.has("--stdin") ? try Envelope.fromStdin() : Envelope()

    let request = CredentialRequest(profileFlag: args.value("--profile"), roleArn: args.value("--role-arn"),
                                    externalId: args.value("--external-id"), roleSessionName: args.value("--role-session-name"),
                                    durationSeconds: duration, region: args.value("--region"),
                                    useCache: !args.has("--no-cache"), interactive: !args.has("--non-interactive"))
    let resolved: ResolvedCredentials
    if let plan {
        var selection = CredentialSelection(identity: plan.identity, config: plan.config.path)
        selection.roleArn = request.selection.roleArn
        selection.externalId = request.selection.externalId
        selection.roleSessionName = request.selection.roleSessionName
        selection.durationSeconds = request.selection.durationSeconds
        resolved = try IdentityCommand.resolve(plan, selection: selection, args: args)
        if args.has("--progress") { Output.progress(IdentityCommand.authenticated(plan, resolved: resolved)) }
    } else {
        resolved = try CredentialResolver(request).resolve()
    }
    Notices.post(resolved.notices)
    let reveal = !Output.stdoutIsTerminal || args.has("--reveal")

    switch format {
    case "credential-process":
        let doc = resolved.credentials.credentialProcessJSON
        try Output.json(reveal ? doc : Secrets.masked(doc))
    case "env":
        try Output.stdout(EnvFormat.lines(resolved, mask: !reveal).joined(separator: "\n"))
    default:
        var out = input
        out.set(.credentials, resolved.credentials)
        out.set(.source, resolved.source)
        if let plan { IdentityCommand.fill(&out, plan: plan) }
        if let region = resolved.region { out.set(.region, region) }
        if let plan, plan.withClusters { out.set(.clusters, plan.clusters) }
        try out.write(reveal: reveal)
    }
    return .ok
}
