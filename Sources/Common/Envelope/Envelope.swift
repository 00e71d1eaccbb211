import Glibc

/// The JSON object that flows between the tools (DESIGN.md "The envelope"), read and written
/// only through this type. Each tool owns a few fields (Envelope+Schema.swift) and keeps every
/// other field as it found it, in order, so any stage can run alone on a saved envelope.
/// Why fields are checked when read rather than all at once: a tool validates exactly the
/// fields it uses, and passes the others on untouched even when another stage would refuse them.
public struct Envelope: EnvelopeRecord, Equatable, Sendable {
    public var fields: JSONObject
    public let path: EnvelopePath

    /// An empty envelope; `origin` names it in messages.
    public init(origin: String = "stdin") {
        self.init(JSONObject(), origin: origin)
    }

    public init(_ fields: JSONObject, origin: String = "stdin") {
        self.fields = fields
        self.path = EnvelopePath(origin: origin)
    }

    /// Reads at most one JSON object from stdin. A terminal on stdin, or empty input, gives an
    /// empty envelope; anything that is not one JSON object is bad input (exit 2) with line and
    /// column.
    public static func fromStdin(origin: String = "stdin") throws -> Envelope {
        if Sys.isatty(0) { return Envelope(origin: origin) }
        return try parse(try Sys.readAll(0, path: origin), origin: origin)
    }

    /// The envelope in `bytes` (blank input is an empty envelope).
    public static func parse(_ bytes: [UInt8], origin: String) throws -> Envelope {
        if bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return Envelope(origin: origin) }
        let value = try JSON.parse(bytes, source: origin)
        guard let object = value.object else {
            throw EnvelopeError(EnvelopePath(origin: origin), .notAnObject(found: value.typeName))
        }
        return Envelope(object, origin: origin)
    }

    /// The untyped object on stdin, for readers not yet moved to the typed fields
    /// (eks-presign's `--stdin`).
    public static func readStdin(source: String = "stdin") throws -> JSONObject {
        try fromStdin(origin: source).fields
    }

    /// Whether stdin is a pipe or a file (and so worth reading without being asked): a tool at
    /// the head of a pipeline must not block on an inherited terminal or socket.
    public static var stdinIsPipeOrFile: Bool {
        var st = FileInfo()
        guard fstat(0, &st) == 0 else { return false }
        let kind = st.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFREG
    }

    public var json: JSON { .object(fields) }

    /// Writes the envelope as the one JSON document on stdout, its secrets masked when stdout
    /// is a terminal unless the user asked to see them.
    public func write(reveal: Bool) throws {
        try Output.json(Output.stdoutIsTerminal && !reveal ? Secrets.masked(json) : json)
    }
}
