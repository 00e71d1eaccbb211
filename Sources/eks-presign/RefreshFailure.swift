import Common

/// Why creds-resolve, run as eks-presign's child, gave no credentials — reported once.
/// Why this exists: the child's last diagnostic line already ends in the command to run
/// ("…; run: ekspipe auth login dev-admin"), and eks-presign used to quote that line inside its
/// own message and add the same hint again. Here the child's hint is dropped from its reason and
/// eks-presign's own (which names `--config` when needed) is given once.
struct RefreshFailure: ToolError {
    var selection: CredentialSelection
    /// The child's last line, without its `creds-resolve: ` prefix and its own login hint.
    var reason: String
    /// The child refused its input (exit 2: a broken config, say): that is no failed refresh,
    /// and cached credentials must not hide it.
    var badInput = false

    init(selection: CredentialSelection, reason: String, badInput: Bool = false) {
        self.selection = selection
        self.reason = reason
        self.badInput = badInput
    }

    /// From the child's last diagnostic line.
    init(selection: CredentialSelection, childLine: String?, badInput: Bool) {
        self.init(selection: selection, reason: Self.withoutHint(Self.withoutPrefix(childLine ?? "it exited without a message")),
                  badInput: badInput)
    }

    var exitCode: ExitCode { .runtime }
    /// A refresh was tried and failed (a person needed, no answer in time, access denied).
    var refreshFailed: Bool { !badInput }

    var message: String {
        if selection.identity != nil {
            return "credentials for \(selection.displayName) expired or unavailable (\(reason)); run: \(selection.loginHint)"
        }
        return "could not get credentials for \(selection.displayName) (\(reason))"
    }

    /// The one warning when cached credentials that could not be refreshed are used for the
    /// time they have left.
    func expiryWarning(secondsLeft: Int64) -> String {
        let left = secondsLeft >= 60 ? "\(secondsLeft / 60) min" : "\(max(secondsLeft, 1)) s"
        return "credentials for \(selection.displayName) expire in \(left) and could not be refreshed (\(reason)); run: \(selection.loginHint)"
    }

    /// The child's diagnostic lines: all but the last are passed on as they are, each once by
    /// the tool that has it; the last is the reason of a failure.
    static func lines(_ stderr: [UInt8]) -> (earlier: [String], last: String?) {
        var lines = String(decoding: stderr, as: UTF8.self).split(separator: "\n")
            .map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
        let last = lines.popLast()
        return (lines, last)
    }

    static func withoutPrefix(_ line: String) -> String {
        line.hasPrefix("creds-resolve: ") ? String(line.dropFirst("creds-resolve: ".count)) : line
    }

    /// "…; run: ekspipe auth login X [--config F]" (or `aws sso login …`) cut off the end.
    static func withoutHint(_ text: String) -> String {
        guard let r = text.ranges(of: "; run: ").last else { return text }
        let hint = text[r.upperBound...]
        guard hint.hasPrefix("ekspipe auth login") || hint.hasPrefix("aws sso login") else { return text }
        return String(text[..<r.lowerBound])
    }
}
