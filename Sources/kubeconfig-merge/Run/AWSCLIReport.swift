import Common

/// `--format aws-cli`: what `aws eks update-kubeconfig` prints on stdout after writing, in
/// place of the envelope, so `ekspipe aws eks update-kubeconfig` can stand in for it in
/// scripts and habits: one line per context, "Added new context NAME to PATH" or, when the
/// file already had the cluster's entry, "Updated context NAME in PATH"; with `--verbose`,
/// "Entries:" and the context, user and cluster entries as written, as YAML in the AWS CLI's
/// key order, each followed by a blank line (awscli/customizations/eks/update_kubeconfig.py).
extension MergeRun {
    func awsCLIReport(_ jobs: [FileJob]) throws -> ExitCode {
        var text = ""
        for j in jobs {
            for e in j.entries {
                text += j.clustersBefore.contains(e.arn) ? "Updated context \(e.contextName) in \(j.path)\n"
                                                         : "Added new context \(e.contextName) to \(j.path)\n"
                guard settings.verbose, let cfg = j.config else { continue }
                text += "Entries:\n\n"
                for (section, name) in [(Kubeconfig.Section.contexts, e.contextName), (.users, e.userName), (.clusters, e.arn)] {
                    guard let inner = cfg.entry(section, named: name) else { continue }
                    // The AWS CLI's key order: a user's name comes first, the others' last.
                    let pairs: [(String, YAMLNode)] = section == .users ? [("name", .string(name)), (section.innerKey, inner)]
                                                                       : [(section.innerKey, inner), ("name", .string(name))]
                    text += String(decoding: try YAML.emit(.mapping(pairs)), as: UTF8.self) + "\n"
                }
            }
        }
        if text.hasSuffix("\n") { text.removeLast() }
        try Output.stdout(text)
        return .ok
    }
}
