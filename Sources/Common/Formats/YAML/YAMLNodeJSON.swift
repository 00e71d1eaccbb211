/// YAML trees as data: a node's value and the JSON a whole tree stands for. Apart from
/// YAMLResolve.swift, which says what one scalar means without knowing the tree.
extension YAMLResolve {
    /// The value of a scalar node (collections and aliases give `.null`; use `json` for those).
    public static func value(of node: YAMLNode) -> JSON {
        guard node.scalar != nil else { return .null }
        return value(of: node.scalarParts)
    }

    /// The node as JSON data: aliases expanded, `<<` merge keys applied (explicit keys win),
    /// mapping keys taken as strings. Fails with the position of a key that is not a scalar.
    public static func json(_ node: YAMLNode, source: String = "input") throws -> JSON {
        try json(node.expandingAliases(), source: source, depth: 0)
    }

    private static func json(_ node: YAMLNode, source: String, depth: Int) throws -> JSON {
        guard depth < 1000 else { throw YAMLContentError(source: source, mark: node.mark, problem: "nesting too deep") }
        switch node.kind {
        case .scalar:
            return value(of: node)
        case .alias(let name):
            throw YAMLContentError(source: source, mark: node.mark, problem: "unknown alias *\(name)")
        case .sequence(let items):
            return .array(try items.map { try json($0, source: source, depth: depth + 1) })
        case .mapping(let pairs):
            var out = JSONObject()
            var merged: [(String, JSON)] = []
            for p in pairs {
                guard let k = p.key.scalar else {
                    throw YAMLContentError(source: source, mark: p.key.mark, problem: "mapping keys must be scalars")
                }
                if k == "<<" && p.key.tag == nil && p.key.scalarStyle == .plain {
                    let sources = p.value.items ?? [p.value]
                    for src in sources {
                        guard case .object(let o) = try json(src, source: source, depth: depth + 1) else {
                            throw YAMLContentError(source: source, mark: src.mark, problem: "a << merge needs a mapping")
                        }
                        for (mk, mv) in o where !merged.contains(where: { $0.0 == mk }) { merged.append((mk, mv)) }
                    }
                    continue
                }
                out[k] = try json(p.value, source: source, depth: depth + 1)
            }
            for (mk, mv) in merged where out[mk] == nil { out[mk] = mv }
            return .object(out)
        }
    }
}
