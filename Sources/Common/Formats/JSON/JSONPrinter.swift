import CJansson
import Glibc

/// Builds a jansson tree from a `JSON` value and owns it until printed.
final class JanssonBuilder {
    let root: UnsafeMutablePointer<json_t>

    init(_ value: JSON) {
        root = JanssonBuilder.build(value)
    }

    deinit { ekspipe_json_decref(root) }

    static func build(_ v: JSON) -> UnsafeMutablePointer<json_t> {
        switch v {
        case .null: return json_null()
        case .bool(let b): return b ? json_true() : json_false()
        case .int(let i): return json_integer(json_int_t(i))
        case .double(let d): return json_real(d)
        case .string(let s):
            let utf8 = Array(s.utf8)
            return utf8.withUnsafeBufferPointer { buf in
                buf.withMemoryRebound(to: CChar.self) { c in
                    c.isEmpty ? json_string_nocheck("") : json_stringn_nocheck(c.baseAddress, c.count)
                }
            }
        case .array(let a):
            let arr = json_array()!
            for e in a { json_array_append_new(arr, build(e)) }
            return arr
        case .object(let o):
            let obj = json_object()!
            for (k, e) in o.entries { json_object_set_new_nocheck(obj, k, build(e)) }
            return obj
        }
    }

    func render(pretty: Bool) -> String {
        let flags = pretty ? (2 | Int(JSON_ENCODE_ANY)) : (Int(JSON_COMPACT) | Int(JSON_ENCODE_ANY))
        guard let p = json_dumps(root, flags) else { return "null" }
        defer { free(p) }
        return String(cString: p)
    }
}

extension JSON {
    /// The document as text, without a trailing newline. Pretty: two-space indent as jq prints.
    public func render(pretty: Bool = true) -> String {
        JanssonBuilder(self).render(pretty: pretty)
    }
}
