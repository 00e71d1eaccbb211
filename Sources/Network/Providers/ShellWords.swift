/// Splits a `credential_process` command line into words the way the AWS CLI does (Python's
/// `shlex.split` in POSIX mode): no shell runs, quotes and backslashes group words.
enum ShellWords {
    struct Unterminated: Error {}

    static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var escape = false
        for ch in line {
            if escape {
                // Inside double quotes a backslash escapes only \ " $ ` and newline.
                if quote == "\"" && !"\\\"$`\n".contains(ch) { current.append("\\") }
                current.append(ch)
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
            case (nil, " "), (nil, "\t"), (nil, "\n"):
                if inWord { words.append(current); current = ""; inWord = false }
            default:
                current.append(ch)
                inWord = true
            }
        }
        if quote != nil || escape { throw Unterminated() }
        if inWord { words.append(current) }
        return words
    }
}
