import CYAML
import Glibc

/// YAML that could not be parsed, with libyaml's position (1-based) and its explanation.
public struct YAMLSyntaxError: ToolError {
    public let source: String
    public let line: Int
    public let column: Int
    public let problem: String
    public var exitCode: ExitCode { .usage }
    public var message: String { "\(source):\(line):\(column): invalid YAML: \(problem)" }
}

/// Owns one libyaml parser reading from a caller-owned buffer (init acquires, deinit releases).
/// It turns libyaml's event stream into `YAMLDocument`s; the event API (not libyaml's own
/// document loader) is used because it reports styles and keeps aliases as aliases.
final class YAMLParserHandle {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let source: String
    /// Anchors defined so far with the extent of their node: an alias to nothing is refused
    /// (as every YAML reader does), and an alias counts the nodes it stands for.
    private var anchors: [String: YAMLExtent] = [:]
    /// Whether any alias was read, so callers can skip walking the tree to find out.
    private(set) var sawAlias = false
    /// The current document's work so far (aliases, size, depth): YAMLLimits.swift.
    private var budget: YAMLBudget

    /// `input` must stay valid while the handle parses.
    init(input: UnsafeRawBufferPointer, source: String) throws {
        guard let p = ekspipe_yaml_parser_new() else { throw SystemError(errno: ENOMEM, operation: "yaml parser") }
        guard yaml_parser_initialize(p) == 1 else {
            free(p)
            throw SystemError(errno: ENOMEM, operation: "yaml parser")
        }
        parser = p
        self.source = source
        budget = YAMLBudget(source: source)
        let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        // libyaml never reads through a null pointer when the size is 0, but needs one.
        yaml_parser_set_input_string(parser, base ?? UnsafePointer(bitPattern: 1)!, input.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        free(parser)
    }

    /// One event from libyaml, owned by Swift for the length of one step.
    private struct Event {
        var type: yaml_event_type_t
        var mark: YAMLMark
        var anchor: String?
        var tag: String?
        var value: String
        var implicit: Bool
        var scalarStyle: yaml_scalar_style_t
        var collectionStyle: Int32
    }

    private func next() throws -> Event {
        var e = yaml_event_t()
        guard yaml_parser_parse(parser, &e) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&e) }
        let mark = YAMLMark(line: Int(e.start_mark.line) + 1, column: Int(e.start_mark.column) + 1)
        func str(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }
        var ev = Event(type: e.type, mark: mark, anchor: nil, tag: nil, value: "", implicit: false,
                       scalarStyle: YAML_ANY_SCALAR_STYLE, collectionStyle: 0)
        switch e.type {
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            ev.anchor = str(s.anchor)
            ev.tag = str(s.tag)
            ev.value = String(decoding: UnsafeRawBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            ev.scalarStyle = s.style
        case YAML_ALIAS_EVENT:
            ev.anchor = str(e.data.alias.anchor)
        case YAML_SEQUENCE_START_EVENT:
            ev.anchor = str(e.data.sequence_start.anchor)
            ev.tag = str(e.data.sequence_start.tag)
            ev.collectionStyle = Int32(e.data.sequence_start.style.rawValue)
        case YAML_MAPPING_START_EVENT:
            ev.anchor = str(e.data.mapping_start.anchor)
            ev.tag = str(e.data.mapping_start.tag)
            ev.collectionStyle = Int32(e.data.mapping_start.style.rawValue)
        case YAML_DOCUMENT_START_EVENT:
            ev.implicit = e.data.document_start.implicit != 0
        case YAML_DOCUMENT_END_EVENT:
            ev.implicit = e.data.document_end.implicit != 0
        default:
            break
        }
        return ev
    }

    private func syntaxError() -> YAMLSyntaxError {
        let p = parser.pointee
        var problem = p.problem.map { String(cString: $0) } ?? "cannot parse"
        if let ctx = p.context.map({ String(cString: $0) }) { problem = "\(problem) \(ctx)" }
        // The problem mark is where libyaml noticed; it is the one editors should jump to.
        let mark = p.problem_mark
        return YAMLSyntaxError(source: source, line: Int(mark.line) + 1, column: Int(mark.column) + 1, problem: problem)
    }

    /// Every document of the stream.
    func documents() throws -> [YAMLDocument] {
        var docs: [YAMLDocument] = []
        var e = try next()
        guard e.type == YAML_STREAM_START_EVENT else { throw YAMLSyntaxError(source: source, line: 1, column: 1, problem: "no stream") }
        while true {
            e = try next()
            if e.type == YAML_STREAM_END_EVENT { break }
            guard e.type == YAML_DOCUMENT_START_EVENT else {
                throw YAMLSyntaxError(source: source, line: e.mark.line, column: e.mark.column, problem: "expected a document")
            }
            let explicitStart = !e.implicit
            anchors = [:]
            budget = YAMLBudget(source: source)
            let (root, _) = try node(try next(), depth: 0)
            let end = try next()
            docs.append(YAMLDocument(root: root, explicitStart: explicitStart, explicitEnd: !end.implicit))
        }
        return docs
    }

    /// The node that starts with `e`, and its extent with aliases expanded.
    private func node(_ e: Event, depth: Int) throws -> (YAMLNode, YAMLExtent) {
        if e.type == YAML_ALIAS_EVENT {
            // The alias's name is not quoted: an unquoted value starting with `*` (a token, a
            // password) reads as an alias, and errors never show a value.
            guard let target = anchors[e.anchor ?? ""] else {
                throw YAMLSyntaxError(source: source, line: e.mark.line, column: e.mark.column, problem: "an alias (*name) that refers to no anchor")
            }
            try budget.countAlias(target, at: e.mark, depth: depth)
            sawAlias = true
            return (YAMLNode(.alias(e.anchor ?? ""), mark: e.mark), YAMLExtent(nodes: 1 + target.nodes, height: target.height))
        }
        try budget.countNode(at: e.mark, depth: depth)
        var n: YAMLNode
        var extent = YAMLExtent(nodes: 1, height: 1)
        func add(_ child: YAMLExtent) {
            extent.nodes += child.nodes
            extent.height = max(extent.height, child.height + 1)
        }
        switch e.type {
        case YAML_SCALAR_EVENT:
            n = YAMLNode(.scalar(e.value), tag: e.tag, anchor: e.anchor, scalarStyle: Self.style(e.scalarStyle), mark: e.mark)
        case YAML_SEQUENCE_START_EVENT:
            var items: [YAMLNode] = []
            while true {
                let c = try next()
                if c.type == YAML_SEQUENCE_END_EVENT { break }
                let (item, x) = try node(c, depth: depth + 1)
                items.append(item)
                add(x)
            }
            n = YAMLNode(.sequence(items), tag: e.tag, anchor: e.anchor, collectionStyle: Self.collection(e.collectionStyle), mark: e.mark)
        case YAML_MAPPING_START_EVENT:
            var pairs: [YAMLPair] = []
            while true {
                let k = try next()
                if k.type == YAML_MAPPING_END_EVENT { break }
                let (key, kx) = try node(k, depth: depth + 1)
                let (value, vx) = try node(try next(), depth: depth + 1)
                pairs.append(YAMLPair(key: key, value: value))
                add(kx)
                add(vx)
            }
            n = YAMLNode(.mapping(pairs), tag: e.tag, anchor: e.anchor, collectionStyle: Self.collection(e.collectionStyle), mark: e.mark)
        default:
            throw YAMLSyntaxError(source: source, line: e.mark.line, column: e.mark.column, problem: "unexpected event")
        }
        // An anchor is usable after its node (YAML forbids recursive references).
        if let a = e.anchor { anchors[a] = extent }
        return (n, extent)
    }

    private static func style(_ s: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch s {
        case YAML_PLAIN_SCALAR_STYLE: return .plain
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .any
        }
    }

    private static func collection(_ raw: Int32) -> YAMLCollectionStyle {
        switch raw {
        case Int32(YAML_BLOCK_SEQUENCE_STYLE.rawValue): return .block
        case Int32(YAML_FLOW_SEQUENCE_STYLE.rawValue): return .flow
        default: return .any
        }
    }
}

/// Parsing YAML text into node trees.
public enum YAML {
    /// The largest text parsed; a reader may refuse a larger file before reading it.
    public static let maxInputBytes = YAMLBudget.maxInputBytes

    /// Every document in `bytes` (UTF-8). `source` names the text in errors (a file path).
    public static func parse(_ bytes: [UInt8], source: String = "input") throws -> [YAMLDocument] {
        try parseStream(bytes, source: source).documents
    }

    /// The documents and whether any of them holds an alias.
    /// Refuses input beyond the limits of YAMLLimits.swift (size, depth, alias expansion).
    /// `blockSubset`: first try the fast reader for the block style kubeconfig writers produce
    /// (YAMLBlockSubset), which gives the same tree; libyaml reads everything else.
    /// `plainLines`: the fast reader read it, so the text is printable ASCII split by `\n` only
    /// (a line editor need not scan megabytes again to learn that).
    public static func parseStream(_ bytes: [UInt8], source: String = "input", blockSubset: Bool = false) throws
        -> (documents: [YAMLDocument], hasAliases: Bool, plainLines: Bool) {
        try YAMLBudget.checkSize(bytes.count, source: source)
        if blockSubset, let doc = bytes.withUnsafeBufferPointer({ YAMLBlockSubset.parse($0, source: source) }) {
            return ([doc], false, true)
        }
        return try bytes.withUnsafeBytes { buf in
            let handle = try YAMLParserHandle(input: buf, source: source)
            let docs = try handle.documents()
            return (docs, handle.sawAlias, false)
        }
    }

    public static func parse(_ text: String, source: String = "input") throws -> [YAMLDocument] {
        try parse(Array(text.utf8), source: source)
    }

    /// The root of a stream that must hold at most one document (nil when empty).
    public static func parseSingle(_ bytes: [UInt8], source: String = "input") throws -> YAMLNode? {
        let docs = try parse(bytes, source: source)
        if docs.count > 1 {
            throw YAMLContentError(source: source, mark: nil, problem: "holds \(docs.count) YAML documents; expected one")
        }
        return docs.first?.root
    }
}
