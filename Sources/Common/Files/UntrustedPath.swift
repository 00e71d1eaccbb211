/// A path ekspipe was asked to write (or read secrets from) that it must not touch because of
/// who *controls* it (another user, a shared directory: the file system's state, exit 1). What
/// the path *is* (a device, a FIFO: bad input, exit 2) is `NotARegularFile` in System/FileKind.swift,
/// which Sys.openRegular throws. Either way nothing on disk has been changed when it is thrown.

/// A directory, link or file that someone other than the user can change, so that what ekspipe
/// reads there (cached credentials, a kubeconfig) or where its write lands is theirs to choose.
/// The message says who and how to fix it.
public struct UntrustedPath: ToolError {
    public let message: String
    public var exitCode: ExitCode { .runtime }
    public init(_ message: String) { self.message = message }
}
