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
        self.options = options
        self.allowPositionals = allowPositionals
    }

    /// Runs `body` with the parsed arguments and exits. `body` returns the exit code of a
    /// successful run (`.ok`, or `.partial` when it wrote the envelope with failures in it).
    public func main(_ body: (Arguments) throws -> ExitCode) -> Never {
        // A closed pipe must surface as EPIPE from write(2), not kill the process silently.
        signal(SIGPIPE, SIG_IGN)
        let argv = Array(CommandLine.arguments.dropFirst())
        if argv.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            do {
                try Output.stdout("Usage: \(usage)\n\n\(help)")
                exit(0)
            } catch {
                Output.stderr("\(name): \(error)")
                exit(ExitCode.runtime.rawValue)
            }
        }
        do {
            let args = try Arguments.parse(argv, options: options, allowPositionals: allowPositionals)
            let code = try body(args)
            exit(code.rawValue)
        } catch let e as UsageError {
            Output.stderr("\(name): \(e.message)")
            Output.stderr("Usage: \(usage)")
            Output.stderr("See '\(name) --help'.")
            exit(e.exitCode.rawValue)
        } catch let e as ToolError {
            Output.stderr("\(name): \(e.message)")
            exit(e.exitCode.rawValue)
        } catch {
            Output.stderr("\(name): \(error)")
            exit(ExitCode.runtime.rawValue)
        }
    }
}
