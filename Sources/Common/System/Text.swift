/// Small text helpers without Foundation, for the parsers of AWS files, HTTP headers and
/// child-process output.
extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks. Why by scalars: CR LF
    /// is one Character in Swift, which a character-wise comparison with "\r" or "\n" misses.
    public func trimmingWhitespace() -> Substring {
        func blank(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" } }
        var s = Substring(self)
        while let f = s.first, blank(f) { s = s.dropFirst() }
        while let l = s.last, blank(l) { s = s.dropLast() }
        return s
    }
}
