import Common

/// Where `aws eks update-kubeconfig` writes a cluster when `--kubeconfig` does not say
/// (awscli/customizations/eks/update_kubeconfig.py, KubeconfigSelector): the files of
/// `$KUBECONFIG` (split on `:`, blank parts skipped, `~` expanded, made absolute; else
/// `~/.kube/config`); the first of them that already has a cluster entry of that name, else
/// the first. Why the same rule: `ekspipe aws eks update-kubeconfig --name` is a drop-in for
/// the AWS CLI's command, so its entries must land where the user's kubectl already looks and
/// where a second run updates the first one's entry instead of adding a copy elsewhere.
enum AWSCLIKubeconfig {
    /// The candidate files, in order.
    static func candidates(_ list: String? = Env.nonEmpty("KUBECONFIG")) -> [String] {
        let parts = (list ?? "").split(separator: ":").map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
        let paths = parts.isEmpty ? [Path.join(Env.home ?? "/", ".kube", "config")] : parts.map { Path.absolute($0) }
        return DanglingContexts.unique(paths)
    }

    /// The file for the cluster entry named `arn`. A candidate that is missing, unreadable or
    /// not a kubeconfig is passed over here (as the AWS CLI does); the one chosen is read again
    /// under its lock, where such a file is refused.
    static func path(forCluster arn: String) -> String {
        let files = candidates()
        guard files.count > 1 else { return files[0] }
        return files.first { DanglingContexts.read($0)?.names(.clusters).contains(arn) == true } ?? files[0]
    }
}
