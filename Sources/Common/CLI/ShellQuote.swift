/// Words for a command line that a person copies from a message into a POSIX shell.
public enum ShellQuote {
    /// `text` as is when the shell reads it back unchanged (letters, digits, `/._-+=:,@%^`),
    /// else in single quotes (a quote inside written as '\'').
    public static func word(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "/._-+=:,@%^".unicodeScalars.contains(c)
        }
        if plain { return text }
        return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
