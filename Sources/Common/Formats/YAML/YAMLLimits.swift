/// Well-formed YAML that would cost unbounded time or memory to use: an alias bomb ("billion
/// laughs": a few lines whose aliases expand to billions of nodes), a huge file, or nesting too
/// deep for the recursive walks over the tree. Refused as bad input (exit 2), naming the file
/// and the limit, before anything is written.
public struct YAMLLimitError: ToolError {
    public let source: String
    /// Where the limit was crossed; nil for limits on the whole text (its size).
    public let mark: YAMLMark?
    public let problem: String
    public var exitCode: ExitCode { .usage }
    public var message: String {
        guard let mark else { return "\(source): \(problem)" }
        return "\(source):\(mark.line):\(mark.column): \(problem)"
    }
}

/// Nodes in a subtree and its height, both counted with aliases expanded: what a walk over
/// the expanded tree (comparing, converting, emitting) will visit.
struct YAMLExtent {
    var nodes: Int
    var height: Int
}

/// The work budget of one YAML document, counted while it is parsed, so a bomb is refused
/// after reading its first few lines rather than after expanding it.
///
/// The alias rule is the one of the Go YAML readers behind kubectl and Atmos (go-yaml v2.4+
/// and v3, `allowedAliasRatio`): with N the nodes of the document counting alias expansions
/// and A those reached through an alias, refuse when A > 100, N > 1000 and A/N exceeds 99% up
/// to N = 400,000, falling linearly to 10% at N = 4,000,000. Any config that kubectl reads,
/// ekspipe reads too; the bombs kubectl refuses, ekspipe refuses.
struct YAMLBudget {
    /// Largest text parsed (a kubeconfig with thousands of clusters is a few MiB).
    static let maxInputBytes = 32 << 20
    /// Deepest nesting, aliases expanded (kubeconfigs nest about 6 levels, atmos.yaml about 8).
    static let maxDepth = 500
    /// Most nodes in one document, aliases expanded: about 60,000 clusters' kubeconfig entries.
    static let maxNodes = 2_000_000

    static let aliasRatioRangeLow = 400_000
    static let aliasRatioRangeHigh = 4_000_000

    let source: String
    /// Nodes so far, aliases expanded (go-yaml's decodeCount).
    private(set) var nodes = 0
    /// Of those, the nodes that are copies made by aliases (go-yaml's aliasCount).
    private(set) var aliased = 0

    init(source: String) { self.source = source }

    /// The share of nodes that may come from aliases in a document of `nodes` nodes.
    static func allowedAliasRatio(_ nodes: Int) -> Double {
        if nodes <= aliasRatioRangeLow { return 0.99 }
        if nodes >= aliasRatioRangeHigh { return 0.10 }
        let span = Double(aliasRatioRangeHigh - aliasRatioRangeLow)
        return 0.99 - 0.89 * (Double(nodes - aliasRatioRangeLow) / span)
    }

    /// Refuses a text larger than `maxInputBytes` before parsing it.
    static func checkSize(_ count: Int, source: String) throws {
        guard count > maxInputBytes else { return }
        throw YAMLLimitError(source: source, mark: nil,
                             problem: "\(count) bytes is more than the \(maxInputBytes >> 20) MiB limit for a YAML file")
    }

    /// A node read from the text.
    mutating func countNode(at mark: YAMLMark, depth: Int) throws {
        try checkDepth(depth, at: mark)
        nodes += 1
        try check(at: mark)
    }

    /// An alias at `depth` standing for a node of `target` extent.
    mutating func countAlias(_ target: YAMLExtent, at mark: YAMLMark, depth: Int) throws {
        try checkDepth(depth + target.height - 1, at: mark)
        nodes += 1 + target.nodes
        aliased += target.nodes
        try check(at: mark)
    }

    private func checkDepth(_ depth: Int, at mark: YAMLMark) throws {
        guard depth >= Self.maxDepth else { return }
        throw YAMLLimitError(source: source, mark: mark,
                             problem: "nesting deeper than the limit of \(Self.maxDepth) levels (aliases expanded)")
    }

    private func check(at mark: YAMLMark) throws {
        if nodes > Self.maxNodes {
            throw YAMLLimitError(source: source, mark: mark,
                                 problem: "more than the limit of \(Self.maxNodes) YAML nodes in one document (aliases expanded)")
        }
        if aliased > 100 && nodes > 1000 && Double(aliased) / Double(nodes) > Self.allowedAliasRatio(nodes) {
            throw YAMLLimitError(source: source, mark: mark, problem: """
                excessive aliasing: the aliases so far expand to \(aliased) of \(nodes) nodes; the limit (that of the \
                Go YAML reader kubectl uses) is 99% of up to \(Self.aliasRatioRangeLow) nodes, falling to 10% at \
                \(Self.aliasRatioRangeHigh)
                """)
        }
    }
}
