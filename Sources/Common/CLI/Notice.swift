/// Something a library has to tell the user that is not an error: a lock taken over from a
/// dead process, a cache that could not be written. Libraries post notices as values; only the
/// tool's entry point (Tool.swift) words them as `TOOL: …` lines on stderr, so no library
/// needs to know which tool it runs in.
public struct Notice: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Worth knowing; nothing went wrong (`TOOL: took over …`).
        case info
        /// Something failed that the run could do without (`TOOL: warning: …`).
        case warning
    }

    public let kind: Kind
    public let text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    public static func info(_ text: String) -> Notice { Notice(.info, text) }
    public static func warning(_ text: String) -> Notice { Notice(.warning, text) }

    /// The line after `TOOL: `.
    public var description: String { kind == .warning ? "warning: \(text)" : text }
}

/// Where posted notices go: the running tool's entry point installs a sink that prints them
/// at once (a notice must not wait for the end of a run that may hang on a lock or a prompt).
public enum Notices {
    nonisolated(unsafe) private static var sink: (Notice) -> Void = { Output.stderr("ekspipe: \($0)") }

    /// Hands `notice` to the entry point.
    public static func post(_ notice: Notice) { sink(notice) }

    /// Hands each of `notices` (those a result carries) to the entry point, in order.
    public static func post(_ notices: [Notice]) { for n in notices { sink(n) } }

    /// Installed by `Tool.main` (and by tests that collect notices).
    public static func install(_ newSink: @escaping (Notice) -> Void) { sink = newSink }
}
