import Common

/// A run that cannot write what the envelope asks for (exit 1); bad envelopes are
/// `EnvelopeError`s and bad files `KubeconfigError`s.
enum MergeError: ToolError, Equatable {
    /// Every cluster of the envelope carries an `error` from an earlier stage.
    case everyClusterFailed(Int)
    /// /proc/self/exe is unreadable, so the eks-presign beside this program cannot be named.
    case noOwnPath

    var exitCode: ExitCode { .runtime }

    var message: String {
        switch self {
        case .everyClusterFailed(let n): return "no kubeconfig entries written: every cluster (\(n)) failed to describe"
        case .noOwnPath: return "cannot find this program's path (/proc/self/exe) to locate eks-presign"
        }
    }
}
