import Common

/// `--progress` and `--login-summary`: kubeconfig-merge as the last stage of `ekspipe auth
/// login` (and of the provisioning of a session), printing the flow's lines itself so that the
/// shell never reads the envelope. Each written context already gets its `✓` line (Merge.swift);
/// a cluster that failed to describe was warned about by `eks-describe --progress`, so it is
/// skipped without a note, and an envelope with no cluster to write is not an error: the login
/// still succeeded.
extension MergeRun {
    /// Nil when there is something to write; else the run's end: nothing written, the summary.
    func nothingToWrite(_ requests: [ClusterRequest]) throws -> ExitCode? {
        guard !requests.contains(where: { $0.error == nil }) else { return nil }
        if settings.loginSummary { loginSummary(requests) }
        return try report([])
    }

    /// The closing lines of a login: how many of the identity's clusters are in the kubeconfig.
    func loginSummary(_ requests: [ClusterRequest]) {
        let owner = try? envelope.owner()
        let identity = owner?.identity ?? owner?.profile ?? "?"
        let n = requests.count, failed = requests.filter { $0.error != nil }.count, written = n - failed
        if n == 0 {
            Output.progress("No auto-provisioned EKS integrations for \(identity).")
            return
        }
        if failed == 0 {
            Output.progress("Logged in as \(identity): \(written) EKS kubeconfig context\(written == 1 ? "" : "s") ready.")
        } else {
            Output.progress("Logged in as \(identity): \(written) of \(n) EKS clusters in kubeconfig, \(failed) failed (see ⚠ above).")
        }
        if written > 0 { Output.progress("Use them with: ekspipe auth exec --identity \(identity) -- kubectl ...") }
    }
}
