import Common
import Glibc

// kubeconfig-merge: writes (or with --remove, deletes) the kubeconfig entries for the clusters
// of the envelope, without ever losing anything else in the file. See Merge.swift for the run.

let tool = Tool(
    name: "kubeconfig-merge",
    usage: """
        kubeconfig-merge [--kubeconfig PATH] [--update merge|replace|error] [--mode 0600] [--alias NAME]
                      [--user-alias NAME] [--role-arn ARN] [--proxy-url URL] [--current-context if-unset|always|never]
                      [--exec-api-version v1beta1|v1]
                      [--remove [--logout] | --list] [--dry-run] [--lock-timeout SECONDS] [--reveal]
                      [--progress] [--login-summary] [--format json|aws-cli [--verbose]]
                      [--default-kubeconfig ekspipe|aws-cli]
        kubeconfig-merge --convert [--kubeconfig PATH] [--context NAME ...] [--dry-run] [--lock-timeout SECONDS]
        """,
    help: """
        Reads the ekspipe envelope on stdin and, for every cluster without an "error", writes a
        cluster entry named by the cluster ARN, a context named by its alias (or the ARN) and a
        user whose exec plugin runs eks-presign by absolute path. Prints the envelope with
        kubeconfig.files added.

        Options:
          --kubeconfig PATH        file to write (default $XDG_CONFIG_HOME/ekspipe/kube/config);
                                   a cluster's kubeconfig.path in the envelope wins
          --default-kubeconfig W   ekspipe (default): the file above; aws-cli: where
                                   aws eks update-kubeconfig writes (the $KUBECONFIG file that
                                   has the cluster, else its first file, else ~/.kube/config)
          --update MODE            merge (default): upsert by name, keep everything else;
                                   replace: the file holds only these entries;
                                   error: fail when an entry exists with other content
          --mode MODE              set the file's mode (new files are 0600, existing keep theirs)
          --alias NAME             context name (one cluster only; default the cluster's alias or ARN)
          --user-alias NAME        user name (one cluster only; default IDENTITY@ARN,
                                   PROFILE@ARN, or the ARN, then #HASH when the entry also
                                   carries a config or a role: one user per credential)
          --role-arn ARN           eks-presign assumes this role on top of the identity or
                                   profile (as aws eks update-kubeconfig --role-arn)
          --proxy-url URL          the clusters' proxy-url (http://, https:// or socks5://,
                                   the schemes kubectl accepts)
          --current-context WHEN   if-unset (default), always or never
          --exec-api-version V     v1beta1 (default) or v1
          --remove                 delete the entries ekspipe wrote for the envelope's identity
                                   (or its clusters' integrations, or source.profile); warns
                                   about kubeconfig files ($KUBECONFIG, ~/.kube/config, the
                                   edited ones) left naming a removed current-context
          --list                   print the contexts --remove would delete (kubeconfig.contexts:
                                   path, name, integration); nothing is written
          --logout                 with --remove (ekspipe auth logout): every entry of the
                                   envelope's identity, whatever integration wrote it, in its
                                   clusters' files, the default file and the files kubectl
                                   reads ($KUBECONFIG, else ~/.kube/config)
          --dry-run                print the resulting YAML instead of writing (with --remove,
                                   also each context and file that would go, on stderr)
          --progress               a stage of ekspipe's flows: clusters with an "error" are
                                   skipped without a note (eks-describe --progress warned), and
                                   an envelope with nothing to write is not an error
          --login-summary          with --progress: the login's closing lines on stderr ("Logged
                                   in as NAME: 2 EKS kubeconfig contexts ready.")
          --format FORMAT          json (default): the envelope on stdout; aws-cli: what
                                   aws eks update-kubeconfig prints ("Added new context NAME
                                   to PATH", "Updated context NAME in PATH")
          --verbose                with --format aws-cli: the entries written, as YAML
          --lock-timeout SECONDS   how long to wait for <file>.lock (default 10)
          --reveal                 show secrets of the envelope (or the --convert --dry-run
                                   diff) even when stdout is a terminal
          -q, --quiet              no ✓ or summary lines, no warnings (errors still show); also
                                   EKSPIPE_QUIET=1
          -h, --help               this help
          --version                print "kubeconfig-merge VERSION" and exit

        --convert (ekspipe kubeconfig convert), no envelope read: in --kubeconfig PATH, else
        each file of $KUBECONFIG, else ~/.kube/config, the users whose exec plugin runs
        `aws eks get-token` (as aws eks update-kubeconfig writes it) or `aws-iam-authenticator
        token` are rewritten to run eks-presign with the same cluster (--cluster-name or
        --cluster-id), --region, --profile and --role-arn. The exec entry's env (AWS_PROFILE,
        AWS_CONFIG_FILE, ...), the user's name and the rest of the file are kept. An entry with
        an option eks-presign cannot reproduce, or a wrapper such as aws-vault, is left as it is
        with a ⚠ line saying why. Every file is locked and read before any is written.
          --context NAME           only the users of these contexts (repeatable)
          --dry-run                print a unified diff per file; nothing is written
        Prints {"files": [{path, changed, converted, skipped}]} (nothing with --dry-run).
        Exit status: 0 converted (or nothing to convert), 3 some entries left as they are,
        2 a file that is not a kubeconfig or a regular file, a context not found (nothing written).

        Environment:
          KUBECONFIG               with --default-kubeconfig aws-cli, the files to choose from
          EKSPIPE_PRESIGN          eks-presign to put in the exec entries (default: the one next
                                   to this program)

        Examples:
          creds-resolve -i dev-admin | eks-describe | kubeconfig-merge --progress
          creds-resolve --profile dev | eks-describe --name dev-cluster | kubeconfig-merge
          ... | kubeconfig-merge --default-kubeconfig aws-cli --format aws-cli --verbose
          ... | kubeconfig-merge --kubeconfig ./kubeconfig --alias dev --dry-run
          creds-resolve -i dev-admin | kubeconfig-merge --list | jq '.kubeconfig.contexts'
          creds-resolve -i dev-admin --logout | kubeconfig-merge --remove --logout
          creds-resolve -i dev-admin --logout --dry-run | kubeconfig-merge --remove --logout --dry-run
          kubeconfig-merge --convert --dry-run
          kubeconfig-merge --convert --kubeconfig ~/.kube/config --context prod

        Exit status: 0 written (or, with --progress, nothing to write); 1 nothing could be written
        (every cluster failed, a lock held too long, a file that cannot be written, --update error
        and an entry with other content); 2 usage or bad input (the envelope, a broken kubeconfig
        file: nothing is changed); with --convert, see above.
        """,
    options: Settings.options)

tool.main { args in
    let settings = try Settings(args)
    if settings.convert { return try ConvertRun(settings: settings).run() }
    let envelope = try Envelope.fromStdin()
    return try MergeRun(settings: settings, envelope: envelope).run()
}
