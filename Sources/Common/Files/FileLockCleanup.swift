import Glibc

/// Removes held kubeconfig lock files when the process is interrupted (Ctrl-C, SIGTERM,
/// a closed terminal), so an interrupted login does not block every later kubectl write.
/// The signal handler only calls unlink(2), raise(2) and signal(2), which are async-signal-safe;
/// the paths live in a fixed table of C strings that the handler reads without allocating.
enum FileLockCleanup {
    private static let slots = 16
    nonisolated(unsafe) private static var paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 16)
    nonisolated(unsafe) private static var installed = false

    static func register(_ path: String) {
        if !installed {
            installed = true
            paths.initialize(repeating: nil, count: slots)
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig) { sig in
                    for i in 0..<FileLockCleanup.slots {
                        if let p = FileLockCleanup.paths[i] { _ = unlink(p) }
                    }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
        }
        for i in 0..<slots where paths[i] == nil {
            paths[i] = strdup(path)
            return
        }
    }

    /// Runs `body` with SIGINT, SIGTERM and SIGHUP held back, then delivers any that came.
    /// Why: between creating a lock file and `register`ing it, an interrupt would leave the new
    /// lock behind (the handler does not know it yet); held back, it arrives after the
    /// registration and the handler removes the lock.
    static func holdingInterrupts<T>(_ body: () throws -> T) rethrows -> T {
        var block = sigset_t(), previous = sigset_t()
        sigemptyset(&block)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&block, sig) }
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    static func unregister(_ path: String) {
        guard installed else { return }
        for i in 0..<slots {
            if let p = paths[i], String(cString: p) == path {
                paths[i] = nil
                free(p)
                return
            }
        }
    }
}
