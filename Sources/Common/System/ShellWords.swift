/// Splits a `credential_process` command line into words the way the AWS CLI does (Python's
/// `shlex.split` in POSIX mode): no shell runs, quotes and backslashes group words.
public enum ShellWords {
    public struct Unterminated: Error {}

    public static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Unicode.Scalar? = nil
        var escape = false
        for ch in line.unicodeScalars {
            if escape {
                // Inside double quotes a backslash escapes only \ and " (shlex, unlike a shell).
                if quote == "\"" && ch != "\\" && ch != "\"" { current.unicodeScalars.append("\\") }
                current.unicodeScalars.append(ch)
                escape = false
                continue
            }
            switch (quote, ch) {
            case (nil, "\\"), ("\"", "\\"):
                escape = true
                inWord = true
            case (nil, "'"), (nil, "\""):
                quote = ch
                inWord = true
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case (nil, " "), (nil, "\t"), (nil, "\n"), (nil, "\r"):
                if inWord { words.append(current); current = ""; inWord = false }
            default:
                current.unicodeScalars.append(ch)
                inWord = true
            }
        }
        if quote != nil || escape { throw Unterminated() }
        if inWord { words.append(current) }
        return words
    }
}
