import Common
import Network

let tool = Tool(
    name: "eks-describe",
    usage: "eks-describe [--region REGION] [--name CLUSTER [--region REGION] [--alias ALIAS]]... [--profile NAME] [--timeout SECONDS] [--reveal]",
    help: """
        Describes EKS clusters (DescribeCluster) and adds what a kubeconfig needs to each:
        arn, endpoint, certificateAuthorityData, status, version (Kubernetes), platformVersion,
        and for a local cluster on Outposts clusterId (its tokens are for the id).

        The clusters are the envelope's `clusters` (stdin, from creds-resolve) followed by the
        ones named with --name. All requests run at once, so many clusters cost about as much
        as one.

        Options:
          --name CLUSTER     a cluster to describe; the --region and --alias after it are its own
          --region REGION    after a --name: that cluster's region; before any --name: the default
          --alias ALIAS      after a --name: the context name kubeconfig-merge gives the cluster
          --profile NAME     sign with this profile's credentials even if the envelope has some
          --timeout SECONDS  give up after this long in all, retries included (default:
                             $EKSPIPE_TIMEOUT, else 60); a cluster without an answer by then
                             gets an error naming the endpoint
          --reveal           show secrets of the envelope even when stdout is a terminal
          --progress         the flow's lines (ekspipe auth login): a failed cluster is
                             "⚠ EKS kubeconfig: ALIAS: CODE: MESSAGE" instead of a report line
          -q, --quiet        no progress lines (failed clusters are still named: they are
                             errors); also EKSPIPE_QUIET=1
          -h, --help         this help
          --version          print "eks-describe VERSION" and exit

        A cluster's region: its own; else, for a --name cluster, the --region before any
        --name, then the envelope's `region` (the other way round for the envelope's
        clusters); else AWS_REGION, AWS_DEFAULT_REGION, the profile's region. Names and
        regions are checked before any request. Credentials: the envelope's `credentials`, else the same
        chain as creds-resolve. Endpoints: AWS_ENDPOINT_URL_EKS, AWS_ENDPOINT_URL.

        A cluster that fails (not found, access denied, not ACTIVE) gets
        "error": {"code", "message"} and the others are still described. Clusters that already
        carry an `error` are passed through.

        Examples:
          eks-describe --name dev-cluster --region us-east-2        # the AWS SDK chain's credentials
          eks-describe --region us-east-2 --name dev-cluster --name stage-cluster --region us-west-2 --alias stage
          creds-resolve --identity dev-admin | eks-describe > described.json
          creds-resolve --profile prod | eks-describe --name prod-cluster --region eu-west-1 | kubeconfig-merge --dry-run
          eks-describe --profile prod --name prod-cluster --region eu-west-1 | jq '.clusters[0].status'

        Exit status: 0 all described, 3 some failed, 1 all failed (the envelope is written in
        both cases) or no credentials, 2 usage or bad input (nothing requested).

        """,
    options: [
        Option("--name", value: true, repeatable: true),
        Option("--region", value: true, repeatable: true),
        Option("--alias", value: true, repeatable: true),
        Option("--profile", value: true),
        Option("--reveal"),
        Option("--timeout", value: true),
        Option("--progress"),
    ])

tool.main { args in
    try Deadline.install(flag: args.value("--timeout"), defaultSeconds: 60)
    let flags = try FlagClusters(args)
    if let p = args.value("--profile"), p.isEmpty { throw UsageError("--profile needs a non-empty value") }
    var envelope = Envelope.stdinIsPipeOrFile ? try Envelope.fromStdin() : Envelope()
    if flags.clusters.isEmpty && !envelope.has(.clusters) {
        throw UsageError("no clusters: name one with --name, or pipe in an envelope with `clusters` (creds-resolve --all-integrations)")
    }

    // Everything is checked before the first request: names, regions, endpoints.
    let files = try AWSConfigFiles.load()
    let profileName = AWSConfigFiles.selectedProfileName(flag: args.value("--profile"))
    let profile = files.profile(profileName)
    let plan = try ClusterPlan(flags: flags, envelope: envelope, profileLabel: "profile '\(profileName)' in \(Path.tilde(files.configPath))",
                               profileRegion: { profile?["region"].flatMap { $0.isEmpty ? nil : $0 } })
    var entries = plan.entries
    let targets = try DescribeTargets(entries, profile: profile, files: files)

    var results: [Result<EKSClient.Cluster, Error>] = []
    if !targets.targets.isEmpty {
        let http = HTTPClient()
        let stsRegion = plan.defaultRegion ?? targets.targets[0].endpoint.signingRegion
        let credentials = try DescribeCredentials.resolve(envelope: envelope.fields, source: envelope.path.origin, profileFlag: args.value("--profile"),
                                                          region: stsRegion, http: http)
        let progress = Progress(clusters: targets.targets.count)
        progress.begin(clusters: targets.targets.count, regions: targets.regionCount)
        results = EKSClient(http: http).describe(targets.targets, credentials: credentials)
        progress.end(described: targets.targets.count, failed: results.filter { (try? $0.get())?.isUsable != true }.count)
    }

    var failed = 0
    var report: [String] = []
    let progress = args.has("--progress")
    for i in entries.indices {
        let e = entries[i]
        let label = (try? e.cluster.nonEmpty(.alias)) ?? nil ?? e.name
        if e.passThrough {
            failed += 1
            let err = e.cluster.raw(.error)
            let code = err?["code"]?.string ?? "Error"
            let message = err?["message"]?.string ?? err.map { $0.render(pretty: false) } ?? ""
            report.append(progress ? Progress.failure(label, code: code, message: message)
                                   : "\(e.name)\(e.region.isEmpty ? "" : " (\(e.region))"): \(code): \(message) (from an earlier stage)")
            continue
        }
        let result = results[targets.index(of: e)]
        if let f = DescribeOutcome.apply(result, to: &entries[i].cluster) {
            failed += 1
            report.append(progress ? Progress.failure(label, code: f.code, message: f.message) : "\(e.name) (\(e.region)): \(f.code): \(f.message)")
        }
    }
    if envelope.has(.clusters) || !entries.isEmpty {
        envelope.set(.clusters, entries.map(\.cluster))
    }
    try envelope.write(reveal: args.has("--reveal"))
    for line in report {
        // The failed clusters are the run's errors (exit 3 or 1): never quieted, unlike notices.
        Output.stderr(progress ? line : "eks-describe: \(line)")
    }

    if failed == 0 { return .ok }
    return failed == entries.count ? .runtime : .partial
}
