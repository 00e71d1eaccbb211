import Common
import Glibc

/// When and how long to wait before trying a request again: the AWS SDKs' "standard" mode —
/// at most 3 attempts, exponential backoff with full jitter, capped at 20 seconds.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// The first retry waits up to this many seconds; each further one doubles it.
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let standard = RetryPolicy()
    /// One attempt only: IMDS on a machine that is not EC2 must not slow anything down.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The maximum attempts from `AWS_MAX_ATTEMPTS` when set to a positive number.
    public static func fromEnvironment() -> RetryPolicy {
        if let v = Env.nonEmpty("AWS_MAX_ATTEMPTS"), let n = Int(v), n > 0 { return RetryPolicy(maxAttempts: n) }
        return .standard
    }

    /// Seconds to wait before attempt number `attempt + 1` (`attempt` ≥ 1 failed already):
    /// uniformly random in [0, min(maxDelay, baseDelay · 2^(attempt-1))], so parallel clients
    /// that were throttled together do not come back together.
    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 30)))
        return ceiling * min(max(random, 0), 1)
    }

    /// A uniformly random number in [0, 1) from libcrypto.
    public static func randomUnit() -> Double {
        let b = Hashing.randomBytes(4)
        let n = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
        return Double(n) / 4294967296.0
    }

    /// Sleeps for `seconds` (nanosleep, resumed after signals).
    public static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var req = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rem = timespec()
        while nanosleep(&req, &rem) != 0 && errno == EINTR { req = rem }
    }
}
