import CYAML
import Glibc

/// libyaml refused to emit (an invalid anchor name, an encoding problem).
public struct YAMLEmitError: ToolError {
    public let problem: String
    public var exitCode: ExitCode { .runtime }
    public var message: String { "cannot write YAML: \(problem)" }
}

/// Where libyaml's output handler appends bytes; one growing buffer, so emitting is linear.
private final class YAMLSink {
    var bytes: [UInt8] = []
}

/// Owns one libyaml emitter writing into memory (init acquires, deinit releases). Styles,
/// tags and anchors of the tree are written back as they were read; libyaml itself falls back
/// to a quoted style whenever the recorded one cannot hold the text.
final class YAMLEmitterHandle {
    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let sink = YAMLSink()

    init(capacity: Int = 4096) throws {
        guard let e = ekspipe_yaml_emitter_new() else { throw SystemError(errno: ENOMEM, operation: "yaml emitter") }
        guard yaml_emitter_initialize(e) == 1 else {
            free(e)
            throw SystemError(errno: ENOMEM, operation: "yaml emitter")
        }
        emitter = e
        sink.bytes.reserveCapacity(capacity)
        // The sink lives as long as this handle, which outlives every emit call.
        yaml_emitter_set_output(emitter, { data, buffer, size in
            guard let data, let buffer else { return 0 }
            let sink = Unmanaged<YAMLSink>.fromOpaque(data).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, Unmanaged.passUnretained(sink).toOpaque())
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_indent(emitter, 2)
        // Never fold long lines: base64 certificates and long commands stay on one line.
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    }

    deinit {
        yaml_emitter_delete(emitter)
        free(emitter)
    }

    private func emit(_ event: inout yaml_event_t) throws {
        guard yaml_emitter_emit(emitter, &event) == 1 else {
            throw YAMLEmitError(problem: emitter.pointee.problem.map { String(cString: $0) } ?? "emitter error")
        }
    }

    private func check(_ ok: Int32) throws {
        if ok != 1 { throw YAMLEmitError(problem: "invalid event (bad anchor, tag or text)") }
    }

    func emitStream(_ docs: [YAMLDocument]) throws -> [UInt8] {
        var e = yaml_event_t()
        try check(yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING))
        try emit(&e)
        for (i, doc) in docs.enumerated() {
            // A second document always needs its `---`.
            let implicitStart: Int32 = (doc.explicitStart || i > 0) ? 0 : 1
            try check(yaml_document_start_event_initialize(&e, nil, nil, nil, implicitStart))
            try emit(&e)
            try node(doc.root ?? YAMLNode(.scalar(""), scalarStyle: .plain), inFlow: false, isKey: false)
            try check(yaml_document_end_event_initialize(&e, doc.explicitEnd ? 0 : 1))
            try emit(&e)
        }
        try check(yaml_stream_end_event_initialize(&e))
        try emit(&e)
        guard yaml_emitter_flush(emitter) == 1 else { throw YAMLEmitError(problem: "flush failed") }
        return sink.bytes
    }

    private func node(_ n: YAMLNode, inFlow: Bool, isKey: Bool) throws {
        var e = yaml_event_t()
        try withOptionalCString(n.anchor) { anchor in
            try withOptionalCString(n.tag) { tag in
                let implicit: Int32 = n.tag == nil ? 1 : 0
                switch n.kind {
                case .scalar(var text):
                    var style = Self.style(n.scalarStyle)
                    // libyaml writes an empty plain scalar as '' inside flow collections and keys,
                    // which would turn a null into a string: write the null explicitly there.
                    if text.isEmpty && n.tag == nil && (n.scalarStyle == .plain) && (inFlow || isKey) {
                        text = "null"
                        style = YAML_PLAIN_SCALAR_STYLE
                    }
                    var bytes = Array(text.utf8)
                    let count = Int32(bytes.count)
                    bytes.append(0)  // libyaml wants a non-null pointer even for ""
                    try bytes.withUnsafeMutableBufferPointer { v in
                        try check(yaml_scalar_event_initialize(&e, anchor, tag, v.baseAddress, count, implicit, implicit, style))
                    }
                    try emit(&e)
                case .alias(let name):
                    try withOptionalCString(name) { a in try check(yaml_alias_event_initialize(&e, a)) }
                    try emit(&e)
                case .sequence(let items):
                    let flow = n.collectionStyle == .flow || (inFlow && n.collectionStyle != .block)
                    try check(yaml_sequence_start_event_initialize(&e, anchor, tag, implicit,
                                                                   flow ? YAML_FLOW_SEQUENCE_STYLE : (n.collectionStyle == .block ? YAML_BLOCK_SEQUENCE_STYLE : YAML_ANY_SEQUENCE_STYLE)))
                    try emit(&e)
                    for item in items { try node(item, inFlow: flow || inFlow, isKey: false) }
                    try check(yaml_sequence_end_event_initialize(&e))
                    try emit(&e)
                case .mapping(let pairs):
                    let flow = n.collectionStyle == .flow || (inFlow && n.collectionStyle != .block)
                    // An empty block mapping is written `{}` by libyaml anyway.
                    try check(yaml_mapping_start_event_initialize(&e, anchor, tag, implicit,
                                                                  flow ? YAML_FLOW_MAPPING_STYLE : (n.collectionStyle == .block ? YAML_BLOCK_MAPPING_STYLE : YAML_ANY_MAPPING_STYLE)))
                    try emit(&e)
                    for p in pairs {
                        try node(p.key, inFlow: flow || inFlow, isKey: true)
                        try node(p.value, inFlow: flow || inFlow, isKey: false)
                    }
                    try check(yaml_mapping_end_event_initialize(&e))
                    try emit(&e)
                }
            }
        }
    }

    private static func style(_ s: YAMLScalarStyle) -> yaml_scalar_style_t {
        switch s {
        case .any: return YAML_ANY_SCALAR_STYLE
        case .plain: return YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: return YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: return YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: return YAML_LITERAL_SCALAR_STYLE
        case .folded: return YAML_FOLDED_SCALAR_STYLE
        }
    }
}

/// Runs `body` with a NUL-terminated copy of `s` as libyaml's `yaml_char_t *`, or nil.
private func withOptionalCString<R>(_ s: String?, _ body: (UnsafeMutablePointer<UInt8>?) throws -> R) rethrows -> R {
    guard let s else { return try body(nil) }
    return try s.withCString { c in
        try c.withMemoryRebound(to: UInt8.self, capacity: s.utf8.count + 1) { try body(UnsafeMutablePointer(mutating: $0)) }
    }
}

extension YAML {
    /// The documents as YAML text (UTF-8, LF line ends, two-space indent, no line folding).
    public static func emit(_ docs: [YAMLDocument]) throws -> [UInt8] {
        try YAMLEmitterHandle().emitStream(docs)
    }

    /// One document whose root is `node`.
    public static func emit(_ node: YAMLNode) throws -> [UInt8] {
        try emit([YAMLDocument(root: node)])
    }
}
