import Common

let tool = Tool(
    name: "eks-presign",
    usage: "eks-presign --cluster-name NAME | --cluster-id ID [--region REGION] [--profile NAME | -i|--identity NAME [--config FILE]] [--role-arn ARN] [--output json] [--stdin] [--timeout SECONDS] [--reveal]",
    help: """
    The kubectl exec credential plugin: prints one ExecCredential JSON document whose token is a
    presigned STS GetCallerIdentity URL for the cluster, byte-identical to `aws eks get-token`.

    The flags of `aws eks get-token` are accepted with their meaning (--cluster-name,
    --cluster-id, --role-arn or --role, --region, --profile, --output json), so a script or
    kubeconfig can swap the command.

    Options:
      --cluster-name NAME   the EKS cluster the token is for (x-k8s-aws-id)
      --cluster-id ID       the cluster id instead of its name (EKS local clusters on Outposts:
                            the token's x-k8s-aws-id is the id, as aws eks get-token --cluster-id)
      --region REGION       the STS region; else AWS_REGION, AWS_DEFAULT_REGION, the profile's
                            region; with none, the global endpoint sts.amazonaws.com
      --profile NAME        a profile of the shared AWS config/credentials files
      -i, --identity NAME   an identity of the auth config (see ekspipe auth login)
      --config FILE         the auth config (default: as creds-resolve --help says; the
                            entries ekspipe writes always name it)
      --role-arn ARN        assume this role first (through creds-resolve); also --role
      --output json         the only output there is (accepted for aws eks get-token's scripts)
      --stdin               read credentials from stdin: an ekspipe envelope or a
                            credential_process document
      --timeout SECONDS     give up after this long in all, creds-resolve's network calls
                            included (default: $EKSPIPE_TIMEOUT, else 10)
      --reveal              print the token even when stdout is a terminal
      -q, --quiet           no warning when cached credentials are used after a failed refresh
                            (errors still show); also EKSPIPE_QUIET=1
      -h, --help            this help
      --version             print "eks-presign VERSION" and exit

    Credentials, first match wins:
      1. --stdin
      2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN / AWS_CREDENTIAL_EXPIRATION
         (skipped when --profile or --identity is given)
      3. static keys of the profile (--profile, AWS_PROFILE, default) in AWS_CONFIG_FILE /
         AWS_SHARED_CREDENTIALS_FILE (~/.aws/config, ~/.aws/credentials)
      4. the ekspipe credential cache ($XDG_CACHE_HOME/ekspipe/credentials), while more than
         15 minutes from expiry
      5. creds-resolve --non-interactive (next to eks-presign, else on PATH), which may call STS
         or SSO; it never prompts
      6. when that refresh fails (it needs a person: an MFA code, an SSO sign-in; or the
         network did not answer in time), the cached credentials while they last, with one
         warning on stderr saying how long and what to run

    Deadline: kubectl waits for its plugin and runs it again on failure, so eks-presign gives
    up after 10 s (--timeout, EKSPIPE_TIMEOUT), naming the endpoint that did not answer.
    creds-resolve gets the time left and is stopped, with whatever it started, if it overruns.

    Environment: KUBERNETES_EXEC_INFO (set by kubectl) selects the answer's apiVersion (v1 or
    v1beta1; v1beta1 when absent). AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT select
    those STS endpoints. AWS_ENDPOINT_URL* never change the URL inside a token: the cluster calls
    it, and EKS accepts only real STS hosts.

    The token is valid for 15 minutes; expirationTimestamp says 14 minutes, or the credentials'
    own expiration if that is sooner. Tokens are never written to disk.

    Examples:
      eks-presign --cluster-name dev-cluster --region us-east-2 | jq -r .status.expirationTimestamp
      eks-presign --cluster-name dev-cluster --region us-east-2 --identity dev-admin --config ./atmos.yaml
      eks-presign --cluster-name dev-cluster --region us-east-2 --profile dev --role-arn arn:aws:iam::123456789012:role/admin
      creds-resolve --profile dev | eks-presign --stdin --cluster-name dev-cluster --region us-east-2
      eks-presign --cluster-id 0123abcd-4567-89ef-0123-456789abcdef --region us-west-2 --output json
      # a kubeconfig user entry (kubeconfig-merge writes these):
      #   exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /usr/local/bin/eks-presign,
      #          args: [--cluster-name, dev-cluster, --region, us-east-2, --identity, dev-admin]}

    Exit status: 0 ok; 1 no credentials or a failed refresh (the message says what to run);
    2 bad flags or input (stdin JSON, KUBERNETES_EXEC_INFO).
    """,
    options: [
        Option("--cluster-name", value: true), Option("--cluster-id", value: true), Option("--region", value: true),
        Option("--profile", value: true), Option("--identity", "-i", value: true), Option("--config", value: true),
        Option("--role-arn", "--role", value: true), Option("--stdin"), Option("--reveal"), Option("--timeout", value: true),
        Option("--output", value: true),
    ])

tool.main { args in
    let now = Timestamp.now()
    let deadline = try Deadline.install(flag: args.value("--timeout"), defaultSeconds: 10)
    let clusterName = args.value("--cluster-name")
    let clusterID = args.value("--cluster-id")
    if let o = args.value("--output"), o != "json" {
        throw UsageError("--output '\(o)': eks-presign prints an ExecCredential as JSON only (--output json)")
    }
    if clusterName != nil && clusterID != nil { throw UsageError("--cluster-name and --cluster-id are mutually exclusive") }
    guard let id = clusterID ?? clusterName, !id.isEmpty else { throw UsageError("missing --cluster-name (or --cluster-id)") }
    if args.has("--profile") && args.has("--identity") { throw UsageError("--profile and --identity are mutually exclusive") }
    if args.has("--config") && !args.has("--identity") { throw UsageError("--config goes with --identity") }
    if args.has("--stdin") && (args.has("--profile") || args.has("--identity") || args.has("--role-arn")) {
        throw UsageError("--stdin takes the credentials from stdin; it cannot be combined with --profile, --identity or --role-arn")
    }
    if let r = args.value("--region"), !Partition.isValidRegion(r) {
        throw UsageError("--region: '\(r)' cannot be part of a host name (letters, digits and dashes, like us-east-2)")
    }
    let execInfo = try ExecInfo.fromEnvironment()

    var selection = CredentialSelection()
    if let identity = args.value("--identity") {
        selection.identity = identity
        selection.config = try AuthConfigLocation.resolve(flag: args.value("--config"))
    } else {
        selection.profile = AWSConfigFiles.selectedProfileName(flag: args.value("--profile"))
    }
    selection.roleArn = args.value("--role-arn")
    let files = try AWSConfigFiles.load()
    let chain = CredentialChain(selection: selection, explicitSelection: args.has("--profile") || args.has("--identity"),
                                useStdin: args.has("--stdin"), now: now, deadline: deadline, files: files)
    let resolved = try chain.resolve()
    Notices.post(resolved.notices)
    if let e = resolved.credentials.expired(at: now) {
        throw PresignError(.expired(selection: selection.displayName, at: e.iso8601, hint: selection.loginHint))
    }
    // The AWS profile in effect (--profile, AWS_PROFILE, default) also for an identity: its
    // endpoint settings apply to the token as they do for `aws eks get-token`.
    let profile = files.profile(AWSConfigFiles.selectedProfileName(flag: args.value("--profile")))
    let region = RegionChain.resolve(flag: args.value("--region")) { () -> String? in
        if let r = resolved.region { return r }
        // As botocore: the profile's region applies whichever source gave the keys.
        return selection.profile != nil ? profile?["region"] : nil
    }
    if let region, !Partition.isValidRegion(region) {
        throw PresignError(.badRegion(region))
    }
    let url = EKSToken.presignedURL(credentials: resolved.credentials, clusterID: id, region: region,
                                    variant: .resolve(profile: profile), legacyGlobal: try STSRegionalEndpoints.isLegacy(profile: profile),
                                    date: now)
    var status = JSONObject()
    status["expirationTimestamp"] = .string(EKSToken.expiration(signedAt: now, credentials: resolved.credentials).iso8601)
    status["token"] = .string(EKSToken.token(url: url))
    let doc: JSON = ["kind": "ExecCredential", "apiVersion": .string(execInfo.apiVersion), "spec": .object(JSONObject()),
                     "status": .object(status)]
    try Output.json(Output.stdoutIsTerminal && !args.has("--reveal") ? Secrets.masked(doc) : doc)
    return .ok
}
