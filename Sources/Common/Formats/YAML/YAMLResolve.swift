/// What a YAML scalar means: the YAML 1.2 core schema (null, bool, int, float, else string),
/// which is what the Go YAML readers behind kubectl and Atmos agree on for the values that
/// matter. For strings ekspipe writes, `plainIsString` is deliberately stricter and also avoids
/// YAML 1.1 spellings (`yes`, `on`, `0600` as octal, dates) so no reader sees anything but a string.
public enum YAMLResolve {
    static let strTag = "tag:yaml.org,2002:str"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let nullTag = "tag:yaml.org,2002:null"

    /// A scalar as written: its text, explicit tag and style.
    public struct Scalar {
        public var text: String
        public var tag: String?
        public var style: YAMLScalarStyle
        public init(text: String, tag: String?, style: YAMLScalarStyle) {
            self.text = text
            self.tag = tag
            self.style = style
        }
    }

    /// The value of a scalar.
    public static func value(of scalar: Scalar) -> JSON {
        let s = scalar.text
        if let tag = scalar.tag {
            switch tag {
            case nullTag: return .null
            case boolTag: return bool(s).map(JSON.bool) ?? .string(s)
            case intTag: return int(s).map(JSON.int) ?? .string(s)
            case floatTag: return float(s).map(JSON.double) ?? int(s).map { .double(Double($0)) } ?? .string(s)
            default: return .string(s)
            }
        }
        switch scalar.style {
        case .plain, .any: return plain(s)
        default: return .string(s)
        }
    }

    /// The core-schema value of untagged plain text.
    public static func plain(_ s: String) -> JSON {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        default: break
        }
        if let b = bool(s) { return .bool(b) }
        if let i = int(s) { return .int(i) }
        if let d = float(s) { return .double(d) }
        return .string(s)
    }

    /// Whether `s` written plain reads back as the same string in YAML 1.1 and 1.2 readers.
    public static func plainIsString(_ s: String) -> Bool {
        guard case .string = plain(s) else { return false }
        switch s {
        case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "<<", "=":
            return false
        default: break
        }
        // Anything that starts like a number (ints in other bases, sexagesimals, dates) is quoted.
        let u = Array(s.utf8.prefix(2))
        func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if digit(u[0]) { return false }
        if u.count > 1 && (u[0] == 43 || u[0] == 45 || u[0] == 46) && (digit(u[1]) || u[1] == 46) { return false }
        return true
    }

    static func bool(_ s: String) -> Bool? {
        switch s {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func int(_ s: String) -> Int64? {
        var body = Substring(s)
        var negative = false
        if let f = body.first, f == "-" || f == "+" {
            negative = f == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        var radix = 10
        if body.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) } else if body.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        guard !body.isEmpty, body.allSatisfy({ $0.isHexDigit }) else { return nil }
        guard let v = Int64(body, radix: radix) else { return nil }
        return negative ? -v : v
    }

    static func float(_ s: String) -> Double? {
        switch s {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        let u = Array(s.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < u.count && u[i] >= 48 && u[i] <= 57 { i += 1 }
            return i - start
        }
        if i < u.count && (u[i] == 43 || u[i] == 45) { i += 1 }
        let intDigits = digits()
        var fracDigits = 0
        if i < u.count && u[i] == 46 { i += 1; fracDigits = digits() }
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        if i < u.count && (u[i] == 101 || u[i] == 69) {
            i += 1
            if i < u.count && (u[i] == 43 || u[i] == 45) { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        return Double(s)
    }
}
