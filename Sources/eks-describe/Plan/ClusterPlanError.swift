import Common

/// Every cluster of a run that cannot be described as given, each on its own line, before any
/// request: exit 2, with the usage synopsis when a flag named one of them.
struct ClusterPlanError: ToolError, Equatable {
    enum Problem: Equatable {
        /// The name breaks EKS's rule for cluster names.
        case badName(String, origin: String)
        /// `lookedIn`: each place the region was looked for, in order ("AWS_REGION and … unset").
        case noRegion(cluster: String, origin: String, lookedIn: [String])
        /// `field` says where the region came from when the cluster gave its own.
        case badRegion(String, cluster: String, origin: String, field: String?)
        /// The `--region` before the first `--name`.
        case badDefaultRegion(String)

        var message: String {
            switch self {
            case .badName(let name, let origin):
                return "\(ClusterName.problem(name)) (\(origin))"
            case .noRegion(let name, let origin, let lookedIn):
                return "cluster '\(name)' (\(origin)): no region: \(lookedIn.joined(separator: "; ")); give --region, set AWS_REGION, or add region to the profile"
            case .badRegion(let region, let name, let origin, let field):
                return "cluster '\(name)' (\(origin)): '\(region)'\(field.map { " (from \($0))" } ?? "") is not an AWS region name (like us-east-2)"
            case .badDefaultRegion(let region):
                return "--region '\(region)' (before the first --name) is not an AWS region name (like us-east-2)"
            }
        }
    }

    /// The problems in plan order, each with whether a flag (rather than the envelope) gave it.
    var problems: [(problem: Problem, fromFlags: Bool)]

    var exitCode: ExitCode { .usage }
    var messages: [String] { problems.map(\.problem.message) }
    var message: String { messages.joined(separator: "\n") }
    /// Not for a missing region alone: that is missing configuration, and the message names
    /// every place looked.
    var showsUsage: Bool {
        problems.contains { p in
            if case .noRegion = p.problem { return false }
            return p.fromFlags
        }
    }

    static func == (a: ClusterPlanError, b: ClusterPlanError) -> Bool {
        a.problems.elementsEqual(b.problems) { $0.problem == $1.problem && $0.fromFlags == $1.fromFlags }
    }
}
