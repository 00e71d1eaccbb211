/// One command-line option of a tool.
public struct Option: Sendable {
    public let names: [String]
    public let takesValue: Bool
    public let repeatable: Bool

    /// `Option("--cluster-name", value: true)`; the first name is the canonical one.
    public init(_ names: String..., value: Bool = false, repeatable: Bool = false) {
        self.names = names
        self.takesValue = value
        self.repeatable = repeatable
    }

    public var name: String { names[0] }
}

/// The parsed command line: options in the order given, and positional arguments.
public struct Arguments: Sendable {
    /// Every option occurrence, in order, by canonical name (`--name`); flags have value "".
    public private(set) var occurrences: [(name: String, value: String)] = []
    public private(set) var positionals: [String] = []

    public func has(_ name: String) -> Bool { occurrences.contains { $0.name == name } }
    /// The option's value (the last one when repeatable).
    public func value(_ name: String) -> String? { occurrences.last { $0.name == name }?.value }
    public func values(_ name: String) -> [String] { occurrences.filter { $0.name == name }.map { $0.value } }

    /// Parses `args` (without the program name) against `options`. `-h`/`--help` and `--version`
    /// are answered before parsing (Tool.main).
    public static func parse(_ args: [String], options: [Option], allowPositionals: Bool = false) throws -> Arguments {
        var out = Arguments()
        var i = 0
        var onlyPositionals = false
        func lookup(_ n: String) -> Option? { options.first { $0.names.contains(n) } }
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || arg == "-" || !arg.hasPrefix("-") {
                guard allowPositionals else { throw UsageError("unexpected argument '\(arg)'") }
                out.positionals.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositionals = true
                guard allowPositionals || i == args.count else { throw UsageError("unexpected argument '\(args[i])'") }
                continue
            }
            var name = arg
            var inline: String? = nil
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let opt = lookup(name) else { throw UsageError("unknown option '\(name)'") }
            var value = ""
            if opt.takesValue {
                if let inline {
                    value = inline
                } else {
                    guard i < args.count else { throw UsageError("option '\(opt.name)' needs a value") }
                    value = args[i]
                    i += 1
                }
            } else if inline != nil {
                throw UsageError("option '\(opt.name)' takes no value")
            }
            if !opt.repeatable && out.has(opt.name) {
                throw UsageError("option '\(opt.name)' given more than once")
            }
            out.occurrences.append((opt.name, value))
        }
        return out
    }
}
