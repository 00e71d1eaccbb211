import Glibc

/// The JSON object that flows between the tools (DESIGN.md "The envelope"). Each tool owns a
/// few fields and keeps every other field as it found it, so any stage can run alone on a saved
/// envelope.
public enum Envelope {
    /// Reads at most one JSON object from stdin. A terminal on stdin, or empty input, gives an
    /// empty envelope; anything that is not one JSON object is bad input (exit 2) with line and
    /// column.
    public static func readStdin(source: String = "stdin") throws -> JSONObject {
        if Sys.isatty(0) { return JSONObject() }
        let bytes = try Sys.readAll(0, path: source)
        return try parse(bytes, source: source)
    }

    /// Whether stdin is a pipe or a file (and so worth reading without being asked): a tool at
    /// the head of a pipeline must not block on an inherited terminal or socket.
    public static var stdinIsPipeOrFile: Bool {
        var st = FileInfo()
        guard fstat(0, &st) == 0 else { return false }
        let kind = st.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFREG
    }

    public static func parse(_ bytes: [UInt8], source: String) throws -> JSONObject {
        if bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return JSONObject() }
        let value = try JSON.parse(bytes, source: source)
        guard let object = value.object else {
            throw InputError("\(source): expected a JSON object (the ekspipe envelope), found \(value.typeName)")
        }
        return object
    }
}
