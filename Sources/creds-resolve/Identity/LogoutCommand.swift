import Common
import Network

/// `creds-resolve --identity NAME --logout [--provider] [--dry-run] [--progress]`: the
/// identity's cached credentials removed (and with `--provider`, its SSO session signed out);
/// the envelope says what was done, with the identity's clusters, so that `ekspipe auth
/// logout` hands it to `kubeconfig-merge --remove --logout`. With `--dry-run` nothing is
/// removed and no request is made: the envelope and the progress lines say what would go.
enum LogoutCommand {
    static func run(_ plan: IdentityCommand.Plan, provider: Bool, dryRun: Bool, progress: Bool) throws -> ExitCode {
        let keys = dryRun ? IdentityLogout.cached(identity: plan.identity, config: plan.config.path)
                          : try IdentityLogout.removeCached(identity: plan.identity, config: plan.config.path)
        var out = Envelope()
        IdentityCommand.fill(&out, plan: plan)
        out.set(.removed, Int64(keys.count))
        // Every integration of the identity, read from the config alone: the flows remove their
        // kubeconfig entries even when the identity's credentials can no longer be resolved.
        out.set(.clusters, IdentityCommand.clusters(try plan.config.integrations(for: plan.identity, all: true)))
        var signOut: JSON? = nil
        if provider {
            if dryRun {
                signOut = ProviderLogout.preview(identity: plan.identity, config: plan.config)
            } else {
                let (done, notices) = try ProviderLogout.logout(identity: plan.identity, config: plan.config)
                Notices.post(notices)
                signOut = done
            }
            out.set(.provider, signOut!)
        }
        if progress {
            // -q silences the ✓ line; a dry run's lines are its answer and always show.
            for line in lines(plan.identity, removed: keys.count, provider: signOut, dryRun: dryRun) {
                if dryRun { Output.stderr(line) } else { Output.progress(line) }
            }
        }
        try Output.json(out.json)
        return .ok
    }

    /// The flow's lines: "✓ Credentials of NAME removed from the cache (N entries)", or with
    /// --dry-run what would be removed and whom the SSO sign-out would concern.
    static func lines(_ identity: String, removed n: Int, provider: JSON?, dryRun: Bool) -> [String] {
        let entries = "\(n) entr\(n == 1 ? "y" : "ies")"
        guard dryRun else { return ["✓ Credentials of \(identity) removed from the cache (\(entries))"] }
        var out = ["Would remove the cached credentials of \(identity) (\(entries))"]
        if let provider {
            if let url = provider["startUrl"]?.string {
                out.append(provider["session"]?.bool == true
                           ? "Would sign out of the SSO session of \(url) and remove ekspipe's token file (the AWS CLI's is kept)"
                           : "No SSO session of \(url) to sign out of")
            } else {
                out.append("No SSO sign-out: \(provider["reason"]?.string ?? "no provider")")
            }
        }
        return out
    }
}
