import Glibc

/// The one entry point of every ekspipe tool. It parses the command line, runs the tool, and
/// turns every error into the documented exit code and a `TOOL: message` line on stderr, so
/// that no error ever escapes top-level code.
public struct Tool: Sendable {
    public let name: String
    /// The synopsis lines printed after a usage error and at the top of --help.
    public let usage: String
    /// The full --help text (after the synopsis).
    public let help: String
    public let options: [Option]
    public let allowPositionals: Bool

    public init(name: String, usage: String, help: String, options: [Option], allowPositionals: Bool = false) {
        self.name = name
        self.usage = usage
        self.help = help
        self.options = options + Self.commonOptions
        self.allowPositionals = allowPositionals
    }

    /// Runs `body` with the parsed arguments and exits. `body` returns the exit code of a
    /// successful run (`.ok`, or `.partial` when it wrote the envelope with failures in it).
    public func main(_ body: (Arguments) throws -> ExitCode) -> Never {
        // A closed pipe must surface as EPIPE from write(2), not kill the process silently.
        signal(SIGPIPE, SIG_IGN)
        let name = self.name
        Output.toolName = name
        Notices.install { if !Quiet.isOn { Output.stderr("\(name): \($0)") } }
        let argv = Array(CommandLine.arguments.dropFirst())
        if let info = Self.informational(argv) {
            do {
                try Output.stdout(info == "--version" ? Version.line(name) : "Usage: \(usage)\n\n\(help)")
                exit(0)
            } catch {
                exit(report(error))
            }
        }
        do {
            let args = try Arguments.parse(argv, options: options, allowPositionals: allowPositionals)
            Quiet.set(args.has("--quiet") || Quiet.fromEnvironment)
            let code = try body(args)
            exit(code.rawValue)
        } catch {
            exit(report(error))
        }
    }

    /// Options every tool takes, besides -h/--help and --version (answered before parsing).
    static let commonOptions = [Option("--quiet", "-q")]

    /// `-h`/`--help` or `--version` anywhere before `--`: the first of them wins over every other
    /// argument, valid or not (as in git, curl, jq and coreutils), so that a command line being
    /// put together can always be asked what it does.
    static func informational(_ argv: [String]) -> String? {
        argv.prefix(while: { $0 != "--" }).first { $0 == "-h" || $0 == "--help" || $0 == "--version" }
    }

    /// The one place an error becomes words and an exit status: `TOOL: message` on stderr (a
    /// line per problem), the synopsis after a command-line error, the error's exit code (1 for
    /// anything that is not a ToolError).
    func report(_ error: Error) -> Int32 {
        guard let e = error as? ToolError else {
            Output.stderr("\(name): \(error)")
            return ExitCode.runtime.rawValue
        }
        for line in e.messages { Output.stderr("\(name): \(line)") }
        if e.showsUsage {
            Output.stderr("Usage: \(usage)")
            Output.stderr("See '\(name) --help'.")
        }
        return e.exitCode.rawValue
    }
}
