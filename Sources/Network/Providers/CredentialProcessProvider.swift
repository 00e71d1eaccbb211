import Common

/// A profile's `credential_process`: run without a shell (words split as the AWS CLI splits
/// them), its stdout read as a credential_process document. Its stderr goes to ours: it may
/// need to talk to the user.
public struct CredentialProcessProvider: CredentialProvider {
    public var command: String
    /// file:line of the setting, for errors.
    public var location: String
    public var profile: String

    public init(command: String, location: String, profile: String) {
        self.command = command
        self.location = location
        self.profile = profile
    }

    public func resolve() throws -> ResolvedCredentials? {
        ResolvedCredentials(credentials: try run(), source: ResolvedCredentials.source("credential-process", profile: profile))
    }

    func run() throws -> Credentials {
        let argv: [String]
        do { argv = try ShellWords.split(command) } catch {
            throw CredentialProcessError(program: "", .unterminatedQuote(location: location))
        }
        guard !argv.isEmpty else { throw CredentialProcessError(program: "", .empty(location: location)) }
        let result: Subprocess.Result
        do { result = try Subprocess.run(argv, captureStderr: false) } catch {
            throw CredentialProcessError(program: argv[0], .notRun(reason: "\(error)"))
        }
        guard result.status == 0 else {
            throw CredentialProcessError(program: argv[0], .exitStatus(result.status))
        }
        let doc: JSON
        do { doc = try JSON.parse(result.stdout, source: "credential_process output") } catch let e as JSONSyntaxError {
            throw CredentialProcessError(program: argv[0], .invalidJSON(line: e.line, column: e.column, text: e.text))
        }
        do { return try Credentials(credentialProcess: doc, at: "credential_process output", requireVersion: true) } catch let e as ToolError {
            throw CredentialProcessError(program: argv[0], .badDocument(reason: e.message))
        }
    }
}
