/// Where the config reader sends each problem it finds, so that one set of checks serves two
/// readers: every command reads strictly (the first problem is thrown, nothing is half-used),
/// `ekspipe auth validate` collects (each problem is kept and reading goes on with the next key,
/// entry or reference, so a person fixes the whole file in one pass).
///
/// The readers call `report` for a problem they detect themselves and `attempt` around a read
/// that may throw; a part that could not be read is left out and the reader moves on.
public final class AuthConfigProblems {
    /// False: `report` throws (the strict reader of every command).
    public let collecting: Bool
    /// What was found, in the order found (only when collecting).
    public private(set) var found: [any ToolError] = []
    /// Identity chains already reported as cycles (their members, sorted), so a loop is named once.
    var reportedCycles: Set<[String]> = []

    public init(collecting: Bool = false) { self.collecting = collecting }

    /// Throws `error` when strict; keeps it when collecting.
    public func report(_ error: any ToolError) throws {
        guard collecting else { throw error }
        found.append(error)
    }

    /// `body`'s value; when it fails while collecting, the failure is kept and nil returned.
    public func attempt<T>(_ body: () throws -> T) throws -> T? {
        do {
            return try body()
        } catch let e as any ToolError where collecting {
            found.append(e)
            return nil
        }
    }
}

/// Every problem of a config at once (`creds-resolve --validate`): bad input, exit 2, a line each.
public struct AuthConfigProblemsError: ToolError {
    public let problems: [any ToolError]
    public init(_ problems: [any ToolError]) { self.problems = problems }
    public var exitCode: ExitCode { .usage }
    public var message: String { messages.joined(separator: "\n") }
    public var messages: [String] { problems.flatMap(\.messages) }
}
