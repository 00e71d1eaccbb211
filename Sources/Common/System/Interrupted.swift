import Glibc

/// The two ways a system call is retried after a signal interrupted it (EINTR), written once:
/// every loop over read, write, open, waitpid, fsync or nanosleep goes through these.
extension Sys {
    /// Runs `body` (one system call returning -1 and setting errno on failure) until it does
    /// not fail with EINTR; returns its result, errno still set on another failure.
    @inline(__always)
    public static func retrying<T: BinaryInteger>(_ body: () -> T) -> T {
        while true {
            let r = body()
            if r == -1 && Glibc.errno == EINTR { continue }
            return r
        }
    }

    /// Sleeps `seconds` in full: a signal that interrupts nanosleep only shortens the wait
    /// to what was left of it.
    public static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rest = timespec()
        while nanosleep(&ts, &rest) != 0 && Glibc.errno == EINTR { ts = rest }
    }
}
