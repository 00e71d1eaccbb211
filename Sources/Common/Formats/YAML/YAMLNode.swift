/// A YAML node tree that keeps what a careful rewrite of someone's file needs: mapping keys in
/// document order, scalar and collection styles, explicit tags, anchors and aliases (kept as
/// written, not expanded), and where each node started (for error messages). Parsing is in
/// YAMLParser.swift, emitting in YAMLEmitter.swift, what scalars mean in YAMLResolve.swift
/// (which needs only YAMLStyle.swift, not the tree), the tree as JSON in YAMLNodeJSON.swift.
/// Kubeconfig handling and the Atmos `auth:` reader both build on it.

/// One key/value pair of a mapping. Keys are nodes: YAML allows any node as a key.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        case scalar(String)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
        /// `*name`: refers to the node most recently anchored `&name` before it.
        case alias(String)
    }

    public var kind: Kind
    /// The explicit tag in its full form (`tag:yaml.org,2002:str`, `!local`); nil when implicit.
    public var tag: String? {
        get { extras?.tag }
        set { extras = Extras.make(tag: newValue, anchor: anchor) }
    }
    /// `&name` on this node, kept so aliases that refer to it still resolve after a rewrite.
    public var anchor: String? {
        get { extras?.anchor }
        set { extras = Extras.make(tag: tag, anchor: newValue) }
    }
    public var scalarStyle: YAMLScalarStyle
    public var collectionStyle: YAMLCollectionStyle
    public var mark: YAMLMark
    /// Tag and anchor, rare in kubeconfigs, share one optional reference: a node is then 24
    /// bytes smaller, and a 2 MB kubeconfig has tens of thousands of them, copied as lists are edited.
    private var extras: Extras?

    private final class Extras: Sendable {
        let tag: String?
        let anchor: String?
        private init(tag: String?, anchor: String?) {
            self.tag = tag
            self.anchor = anchor
        }
        static func make(tag: String?, anchor: String?) -> Extras? {
            tag == nil && anchor == nil ? nil : Extras(tag: tag, anchor: anchor)
        }
    }

    public init(_ kind: Kind, tag: String? = nil, anchor: String? = nil, scalarStyle: YAMLScalarStyle = .any,
                collectionStyle: YAMLCollectionStyle = .any, mark: YAMLMark = .none) {
        self.kind = kind
        self.extras = Extras.make(tag: tag, anchor: anchor)
        self.scalarStyle = scalarStyle
        self.collectionStyle = collectionStyle
        self.mark = mark
    }

    // MARK: building nodes

    /// A string scalar that reads back as a string: quoted when plain text would resolve to
    /// something else (`true`, `0600`, `null`, ``), so a kubeconfig never gains a boolean by accident.
    public static func string(_ s: String) -> YAMLNode {
        YAMLNode(.scalar(s), scalarStyle: YAMLResolve.plainIsString(s) ? .any : .doubleQuoted)
    }

    public static func bool(_ b: Bool) -> YAMLNode { YAMLNode(.scalar(b ? "true" : "false"), scalarStyle: .plain) }
    public static func int(_ i: Int) -> YAMLNode { YAMLNode(.scalar(String(i)), scalarStyle: .plain) }
    public static let null = YAMLNode(.scalar("null"), scalarStyle: .plain)

    public static func sequence(_ items: [YAMLNode], style: YAMLCollectionStyle = .any) -> YAMLNode {
        YAMLNode(.sequence(items), collectionStyle: style)
    }

    /// A mapping with string keys, in the order given.
    public static func mapping(_ pairs: [(String, YAMLNode)], style: YAMLCollectionStyle = .any) -> YAMLNode {
        YAMLNode(.mapping(pairs.map { YAMLPair(key: .string($0.0), value: $0.1) }), collectionStyle: style)
    }

    // MARK: reading nodes

    /// The scalar's text (nil for collections and aliases).
    public var scalar: String? { if case .scalar(let s) = kind { return s }; return nil }
    public var items: [YAMLNode]? { if case .sequence(let a) = kind { return a }; return nil }
    public var pairs: [YAMLPair]? { if case .mapping(let p) = kind { return p }; return nil }
    /// The scalar's text, tag and style: what YAMLResolve needs to say what it means.
    var scalarParts: YAMLResolve.Scalar { YAMLResolve.Scalar(text: scalar ?? "", tag: tag, style: scalarStyle) }
    public var aliasName: String? { if case .alias(let a) = kind { return a }; return nil }
    public var isMapping: Bool { pairs != nil }
    public var isSequence: Bool { items != nil }
    /// A plain `null`, `~` or empty scalar without a tag (an absent value).
    public var isNull: Bool { if scalar != nil, case .null = YAMLResolve.value(of: scalarParts) { return true }; return false }

    /// The scalar's text when the node reads as a string (not a number, boolean or null).
    public var string: String? {
        guard let s = scalar else { return nil }
        if case .string = YAMLResolve.value(of: scalarParts) { return s }
        return nil
    }

    /// Index of the pair whose key is the scalar `key`.
    public func index(ofKey key: String) -> Int? {
        pairs?.firstIndex { $0.key.scalar == key }
    }

    /// `node["key"]`: the value under a scalar key of a mapping; nil when absent or not a mapping.
    public subscript(key: String) -> YAMLNode? {
        get {
            guard let p = pairs, let i = index(ofKey: key) else { return nil }
            return p[i].value
        }
        set {
            guard case .mapping(var p) = kind else { return }
            if let i = p.firstIndex(where: { $0.key.scalar == key }) {
                if let newValue { p[i].value = newValue } else { p.remove(at: i) }
            } else if let newValue {
                p.append(YAMLPair(key: .string(key), value: newValue))
            }
            kind = .mapping(p)
        }
    }

    /// Whether this node or any node below it carries an anchor.
    public var containsAnchor: Bool {
        if anchor != nil { return true }
        switch kind {
        case .scalar, .alias: return false
        case .sequence(let a): return a.contains { $0.containsAnchor }
        case .mapping(let p): return p.contains { $0.key.containsAnchor || $0.value.containsAnchor }
        }
    }

    /// Whether this node or any node below it is an alias.
    public var containsAlias: Bool {
        switch kind {
        case .alias: return true
        case .scalar: return false
        case .sequence(let a): return a.contains { $0.containsAlias }
        case .mapping(let p): return p.contains { $0.key.containsAlias || $0.value.containsAlias }
        }
    }

    /// The tree with every alias replaced by a copy of the node it refers to (anchors dropped
    /// from the copies), so parts of it can be moved or deleted without leaving an alias
    /// dangling. Anchors are looked up in document order, as YAML defines.
    public func expandingAliases() -> YAMLNode {
        var anchors: [String: YAMLNode] = [:]
        return YAMLNode.expand(self, &anchors)
    }

    private static func expand(_ node: YAMLNode, _ anchors: inout [String: YAMLNode]) -> YAMLNode {
        var out = node
        switch node.kind {
        case .alias(let name):
            if var target = anchors[name] {
                target.anchor = nil
                return target
            }
            return node
        case .scalar:
            break
        case .sequence(let items):
            out.kind = .sequence(items.map { expand($0, &anchors) })
        case .mapping(let pairs):
            out.kind = .mapping(pairs.map { YAMLPair(key: expand($0.key, &anchors), value: expand($0.value, &anchors)) })
        }
        if let a = node.anchor { anchors[a] = out }
        return out
    }

    /// Same data: kinds, resolved scalar values and explicit tags agree; mapping key order,
    /// styles, anchors and positions are ignored. Aliases compare by name (expand first to
    /// compare what they point at).
    public func sameContent(as other: YAMLNode) -> Bool {
        switch (kind, other.kind) {
        case (.scalar, .scalar):
            return YAMLResolve.value(of: scalarParts) == YAMLResolve.value(of: other)
        case (.alias(let a), .alias(let b)):
            return a == b
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.sameContent(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            for pa in a {
                guard let pb = b.first(where: { $0.key.sameContent(as: pa.key) }), pb.value.sameContent(as: pa.value) else {
                    return false
                }
            }
            return true
        default:
            return false
        }
    }
}

/// One document of a YAML stream: its root (nil for an empty document) and whether it was
/// introduced by an explicit `---`.
public struct YAMLDocument: Sendable {
    public var root: YAMLNode?
    public var explicitStart: Bool
    public var explicitEnd: Bool
    public init(root: YAMLNode?, explicitStart: Bool = false, explicitEnd: Bool = false) {
        self.root = root
        self.explicitStart = explicitStart
        self.explicitEnd = explicitEnd
    }
}
