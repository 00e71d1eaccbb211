import Common

/// creds-resolve's command line: its synopsis, --help text and options (Tool.swift parses them
/// and answers --help and --version; main.swift runs the tool).
let tool = Tool(
    name: "creds-resolve",
    usage: """
        creds-resolve [--profile NAME | --identity NAME [--config FILE] [--integration NAME]... [--all-integrations]]
                     [--role-arn ARN [--external-id ID] [--role-session-name NAME] [--duration-seconds N]]
                     [--region REGION] [--format json|credential-process|env] [--no-cache] [--non-interactive] [--reveal] [--stdin]
                     [--timeout SECONDS]
        creds-resolve --identity NAME [--config FILE] --logout [--provider] [--dry-run] [--progress]
        creds-resolve --default-identity [--config FILE] [--format json|names]
        creds-resolve --list-identities [--config FILE] [--format json|table|names]
        creds-resolve --list-integrations [--config FILE] [--identity NAME]
        creds-resolve --whoami --identity NAME [--config FILE] [--format table|json]
        creds-resolve --validate [--config FILE]
        creds-resolve --identity NAME [--config FILE] --session exec|shell|env [--session-pid PID]
                     [--skip-missing] [--format export|json|dotenv|fish] [--non-interactive]
        """,
    help: """
        Resolves AWS credentials the way the AWS SDKs do and prints them.

        Sources, in order: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (skipped with --profile);
        AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN; the selected profile of the shared files
        (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE): role_arn with source_profile or
        credential_source, web_identity_token_file, SSO (a valid `aws sso login` token),
        static keys, credential_process; container credentials (ECS, EKS Pod Identity); EC2
        instance metadata (off with AWS_EC2_METADATA_DISABLED=true). --role-arn assumes one
        more role on top of whatever was found.

        With --identity, the credentials of an identity of an Atmos-style auth: config and, in
        `clusters`, its aws/eks integrations. aws/user: the config's keys (else the environment's)
        traded for a GetSessionToken session (MFA code asked on the terminal when mfa_arn is set);
        aws/assume-role: AssumeRole via another identity, or AssumeRoleWithWebIdentity via a
        github/oidc provider (inside GitHub Actions); aws/permission-set: IAM Identity Center role
        credentials, signing in with the device authorization flow when there is no valid session
        (URL and code on stderr; a browser is opened when one is available). Sessions are kept in
        $XDG_CACHE_HOME/ekspipe/sso (0600); a valid AWS CLI token for the same start URL is reused
        and never modified. Anything that needs a person fails at once under --non-interactive or
        without a terminal, naming the command to run (ekspipe auth login NAME).

        Options:
          --profile NAME            the profile (default: AWS_PROFILE, AWS_DEFAULT_PROFILE, default)
          -i, --identity NAME       an identity of the auth config instead of a profile
          --config FILE             the auth config (default: $EKSPIPE_CONFIG, else the directory
                                    $ATMOS_CLI_CONFIG_PATH, else atmos.yaml in the current
                                    directory or a parent up to the repository root, else
                                    $XDG_CONFIG_HOME/ekspipe/atmos.yaml, ~/.atmos/atmos.yaml)
          --default-identity        print the identity used when none is named: $EKSPIPE_IDENTITY,
                                    $ATMOS_IDENTITY, else the config's `default: true` one
          --integration NAME        put this integration's cluster in the envelope (repeatable;
                                    default: the identity's auto_provision integrations)
          --all-integrations        every integration of the identity
          --no-integrations         no `clusters` in the envelope (the credentials only)
          --list-identities         print the config's providers, identities (kind, via,
                                    default, logged in and until when, from the cache alone)
                                    and their integrations; --format table for people,
                                    names: the identity names, one a line
          --list-integrations       the config's integration names, one a line (--identity:
                                    that identity's only)
          --whoami                  with --identity: STS GetCallerIdentity with the identity's
                                    cached credentials (account, ARN, user id), its kind,
                                    region and expiry; never logs in (exit 1 when not logged
                                    in); --format table (default) or json
          --validate                check the whole config, every problem at once, a
                                    FILE:LINE:COLUMN: line each on stderr (exit 2 when any)
          -q, --quiet               no progress or ✓ lines, no warnings (errors and the MFA or
                                    SSO sign-in prompts still show); also EKSPIPE_QUIET=1
          --progress                the flow's progress line on stderr: "✓ Authenticated as
                                    NAME (KIND, until TIME)", with --logout "✓ Credentials of
                                    NAME removed from the cache (N entries)"
          --session KIND            what `ekspipe auth exec|shell|env` needs, in one run: the
                                    credentials (a login on the terminal only when the cache
                                    and a refresh fail), the AWS config and session kubeconfig
                                    written, the session's environment printed as --format
                                    export (default), json, dotenv or fish (see scripts/SESSIONS.md).
                                    When integrations have no kubeconfig entries yet: their
                                    names on one line, nothing written, exit 3
          --session-pid PID         exec/shell: the process that becomes the command (names
                                    the session kubeconfig; default: the parent process)
          --skip-missing            with --session: integrations without entries are skipped
          --logout                  remove the identity's cached credentials instead
          --provider                with --logout: also sign out of its SSO session (SSO Logout,
                                    and ekspipe's session file removed; the AWS CLI's is kept)
          --dry-run                 with --logout: say what would be removed, remove nothing
          --role-arn ARN            assume this role with the resolved credentials
          --external-id ID          ExternalId for --role-arn
          --role-session-name NAME  session name for --role-arn
          --duration-seconds N      session length for --role-arn (900-43200)
          --region REGION           the region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's)
          --format FORMAT           json (the envelope, default), credential-process (the document
                                    an AWS SDK's credential_process expects), env (export lines)
          --no-cache                neither read nor write the credential cache
          --non-interactive         never prompt (an MFA code or a browser sign-in becomes an error)
          --reveal                  show secrets even when stdout is a terminal
          --stdin                   read an envelope from stdin and pass it through with
                                    `credentials`, `source` and `region` set
          --timeout SECONDS         give up when the network has taken this long in all, retries
                                    included (default: $EKSPIPE_TIMEOUT, else 60); time spent
                                    waiting for you (MFA code, browser sign-in) does not count
          -h, --help                this help
          --version                 print "creds-resolve VERSION" and exit

        Without --stdin, stdin is never read: as an AWS credential_process (and in every
        `ekspipe auth exec/shell/env` session) it belongs to the program that started
        creds-resolve (`printf data | aws s3 cp - s3://b/k`). Temporary credentials are cached in
        $XDG_CACHE_HOME/ekspipe/credentials (0600) until 15 minutes before they expire.
        Endpoints: AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS, _SSO, _SSO_OIDC. EKSPIPE_NO_BROWSER=1
        never opens a browser.

        Examples:
          creds-resolve --profile dev --format env            # export lines (eval "$(...)")
          creds-resolve -i dev-admin | eks-describe | kubeconfig-merge
                                                              # what `ekspipe auth login dev-admin` runs
          creds-resolve -i dev-admin --no-integrations --format credential-process
          creds-resolve --profile dev --role-arn arn:aws:iam::123456789012:role/admin \\
              --role-session-name me --duration-seconds 3600 --region us-east-2
          creds-resolve --default-identity --format names
          creds-resolve --list-identities --format table
          creds-resolve -i dev-admin --logout --dry-run --progress
          eval "$(creds-resolve -i dev-admin --session env)"
          # in ~/.aws/config, so that every AWS SDK uses the identity:
          #   [profile dev-admin]
          #   credential_process = creds-resolve --identity dev-admin --format credential-process --non-interactive

        Exit status: 0 ok, 1 no credentials or a failed call, 2 usage or bad input, 3 (--session)
        kubeconfig entries missing.

        """,
    options: [
        Option("--profile", value: true),
        Option("--identity", "-i", value: true),
        Option("--config", value: true),
        Option("--integration", value: true, repeatable: true),
        Option("--all-integrations"),
        Option("--no-integrations"),
        Option("--progress"),
        Option("--logout"),
        Option("--list-identities"),
        Option("--whoami"),
        Option("--validate"),
        Option("--list-integrations"),
        Option("--provider"),
        Option("--role-arn", value: true),
        Option("--external-id", value: true),
        Option("--role-session-name", value: true),
        Option("--duration-seconds", value: true),
        Option("--region", value: true),
        Option("--format", value: true),
        Option("--no-cache"),
        Option("--non-interactive"),
        Option("--reveal"),
        Option("--stdin"),
        Option("--timeout", value: true),
        Option("--session", value: true),
        Option("--session-pid", value: true),
        Option("--skip-missing"),
        Option("--default-identity"), Option("--dry-run"), Option("--suggest", value: true), Option("--among", value: true, repeatable: true),
    ])
