import CJansson

/// A JSON document that could not be parsed, with jansson's line and column (1-based).
public struct JSONSyntaxError: ToolError {
    public let source: String
    public let line: Int
    public let column: Int
    public let text: String
    public var exitCode: ExitCode { .usage }
    public var message: String { "\(source):\(line):\(column): invalid JSON: \(text)" }

    /// jansson ends many messages with `near '<input>'`, quoting the document: an unquoted or
    /// badly escaped secret key or session token would reach stderr. Line and column already
    /// say where, so only a quoted structural character (`near '}'`) is kept.
    static func withoutQuotedInput(_ text: String) -> String {
        guard let near = text.firstRange(of: " near '") else { return text }
        let quoted = text[near.upperBound...].dropLast(text.hasSuffix("'") ? 1 : 0)
        if quoted.count == 1, let c = quoted.first, "{}[]:,".contains(c) { return text }
        return String(text[..<near.lowerBound])
    }
}

/// Owns one parsed jansson tree for the length of a conversion (init acquires, deinit releases).
final class JanssonTree {
    let root: UnsafeMutablePointer<json_t>

    init(bytes: UnsafeRawBufferPointer, source: String) throws {
        var err = json_error_t()
        let flags = Int(JSON_DECODE_ANY | JSON_ALLOW_NUL)
        guard let root = json_loadb(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, flags, &err) else {
            let text = withUnsafeBytes(of: err.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw JSONSyntaxError(source: source, line: Int(err.line), column: Int(err.column),
                                  text: JSONSyntaxError.withoutQuotedInput(text))
        }
        self.root = root
    }

    deinit { ekspipe_json_decref(root) }

    func value() -> JSON { Self.convert(root) }

    static func convert(_ j: UnsafeMutablePointer<json_t>) -> JSON {
        switch ekspipe_json_typeof(j) {
        case Int32(JSON_OBJECT.rawValue):
            var obj = JSONObject()
            var it = json_object_iter(j)
            while let i = it {
                let key = String(cString: json_object_iter_key(i))
                if let v = json_object_iter_value(i) { obj[key] = convert(v) }
                it = json_object_iter_next(j, i)
            }
            return .object(obj)
        case Int32(JSON_ARRAY.rawValue):
            let n = json_array_size(j)
            var arr: [JSON] = []
            arr.reserveCapacity(n)
            for i in 0..<n { arr.append(convert(json_array_get(j, i))) }
            return .array(arr)
        case Int32(JSON_STRING.rawValue):
            let len = json_string_length(j)
            let p = json_string_value(j)!
            return .string(String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self))
        case Int32(JSON_INTEGER.rawValue):
            return .int(Int64(json_integer_value(j)))
        case Int32(JSON_REAL.rawValue):
            return .double(json_real_value(j))
        case Int32(JSON_TRUE.rawValue):
            return .bool(true)
        case Int32(JSON_FALSE.rawValue):
            return .bool(false)
        default:
            return .null
        }
    }
}

extension JSON {
    /// Parses one JSON document. `source` names it in errors ("stdin", a file path).
    public static func parse(_ bytes: [UInt8], source: String = "input") throws -> JSON {
        try bytes.withUnsafeBytes { try JanssonTree(bytes: $0, source: source).value() }
    }

    public static func parse(_ text: String, source: String = "input") throws -> JSON {
        try parse(Array(text.utf8), source: source)
    }
}
