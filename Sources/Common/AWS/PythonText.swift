/// Python's idea of white space (`str.isspace`, `str.strip`, the `\S` of `re`), which decides
/// how botocore reads an AWS config file: where a value ends and how far a line is indented.
enum PythonText {
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    static func strip(_ s: Substring.UnicodeScalarView) -> Substring {
        var v = s
        while let f = v.first, isSpace(f) { v.removeFirst() }
        while let l = v.last, isSpace(l) { v.removeLast() }
        return Substring(v)
    }

    static func rstrip(_ s: Substring.UnicodeScalarView) -> Substring {
        var v = s
        while let l = v.last, isSpace(l) { v.removeLast() }
        return Substring(v)
    }

    /// The index of the first non-space character, in code points (Python's string indices).
    static func indent(_ s: Substring.UnicodeScalarView) -> Int {
        var n = 0
        for c in s {
            if !isSpace(c) { break }
            n += 1
        }
        return n
    }
}
