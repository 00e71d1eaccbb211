import Common

/// The envelope's credentials cannot be used for DescribeCluster: a runtime failure (exit 1)
/// that says to resolve them again.
struct EnvelopeCredentialsError: ToolError, Equatable {
    /// When the envelope's credentials expired (ISO 8601).
    let expiredAt: String

    var exitCode: ExitCode { .runtime }

    var message: String {
        "the credentials in the envelope expired at \(expiredAt): run creds-resolve (or ekspipe auth login) again"
    }
}
