import Common
import Glibc

// kubeconfig-merge: writes (or with --remove, deletes) the kubeconfig entries for the clusters
// of the envelope, without ever losing anything else in the file. See Merge.swift for the run.

let tool = Tool(
    name: "kubeconfig-merge",
    usage: """
        kubeconfig-merge [--kubeconfig PATH] [--update merge|replace|error] [--mode 0600] [--alias NAME]
                      [--user-alias NAME] [--role-arn ARN] [--current-context if-unset|always|never] [--exec-api-version v1beta1|v1]
                      [--remove [--logout] | --list] [--dry-run] [--lock-timeout SECONDS] [--reveal]
                      [--progress] [--login-summary]
        """,
    help: """
        Reads the ekspipe envelope on stdin and, for every cluster without an "error", writes a
        cluster entry named by the cluster ARN, a context named by its alias (or the ARN) and a
        user whose exec plugin runs eks-presign by absolute path. Prints the envelope with
        kubeconfig.files added.

        Options:
          --kubeconfig PATH        file to write (default $XDG_CONFIG_HOME/ekspipe/kube/config);
                                   a cluster's kubeconfig.path in the envelope wins
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
                                   clusters' files and in the default file
          --dry-run                print the resulting YAML instead of writing
          --progress               a stage of ekspipe's flows: clusters with an "error" are
                                   skipped without a note (eks-describe --progress warned), and
                                   an envelope with nothing to write is not an error
          --login-summary          with --progress: the login's closing lines on stderr ("Logged
                                   in as NAME: 2 EKS kubeconfig contexts ready.")
          --lock-timeout SECONDS   how long to wait for <file>.lock (default 10)
          --reveal                 show secrets of the envelope even when stdout is a terminal
          -q, --quiet              no ✓ or summary lines, no warnings (errors still show); also
                                   EKSPIPE_QUIET=1
          -h, --help               this help
          --version                print "kubeconfig-merge VERSION" and exit

        Environment:
          EKSPIPE_PRESIGN          eks-presign to put in the exec entries (default: the one next
                                   to this program)

        Examples:
          creds-resolve --identity dev-admin | eks-describe | kubeconfig-merge --progress
          eks-describe --name dev-cluster --region us-east-2 | kubeconfig-merge --kubeconfig ~/.kube/config --alias dev
          creds-resolve --identity dev-admin | eks-describe | kubeconfig-merge --dry-run
          creds-resolve --identity dev-admin --logout | kubeconfig-merge --remove --logout
          creds-resolve --identity dev-admin | kubeconfig-merge --list | jq '.kubeconfig.contexts'

        Exit status: 0 written (or, with --progress, nothing to write); 1 nothing could be written
        (every cluster failed, a lock held too long, a file that cannot be written, --update error
        and an entry with other content); 2 usage or bad input (the envelope, a broken kubeconfig
        file: nothing is changed).
        """,
    options: Settings.options)

tool.main { args in
    let settings = try Settings(args)
    let envelope = try Envelope.fromStdin()
    return try MergeRun(settings: settings, envelope: envelope).run()
}
