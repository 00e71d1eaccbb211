import Glibc

/// How long one run of a tool may wait for the network (and for the children it starts), in
/// all. Why an overall limit and not only per-request timeouts: an endpoint that accepts the
/// connection and never answers (or drips a byte now and then) used to cost 3 attempts × 20 s
/// per request, and kubectl runs its exec plugin up to six times per command, so one
/// `kubectl get ns` took six minutes to fail. Every request, every retry and every child
/// process is bounded by what is left of this one budget.
///
/// Time spent waiting for a person (an MFA code typed, a browser sign-in approved) does not
/// count: `pausing` stops the clock, so a login may take as long as the person needs while
/// the network parts stay bounded.
///
/// Set once per run, by the tool's entry point (`install`), before any work; read from that
/// one thread only.
public final class Deadline: @unchecked Sendable {
    /// The budget, in seconds.
    public let seconds: Double
    /// Where the budget came from ("--timeout", "EKSPIPE_TIMEOUT", "default"), for messages.
    public let origin: String
    private let clock: () -> Double
    private let start: Double
    private var paused: Double = 0
    private var pausedSince: Double?

    public init(seconds: Double, origin: String = "default", clock: @escaping () -> Double = Deadline.monotonic) {
        self.seconds = seconds
        self.origin = origin
        self.clock = clock
        start = clock()
    }

    /// The environment variable every tool reads its budget from (a `--timeout` flag wins).
    public static let variable = "EKSPIPE_TIMEOUT"

    /// This run's deadline once `install` ran; nil means no overall limit (library use, tests).
    nonisolated(unsafe) public static var current: Deadline?

    /// Seconds left (negative once passed). Frozen while paused.
    public var remaining: Double {
        let now = clock()
        let waitingNow = pausedSince.map { now - $0 } ?? 0
        return seconds - (now - start - paused - waitingNow)
    }

    public var expired: Bool { remaining <= 0 }

    /// Runs `body` with the clock stopped: the time a person takes does not count.
    public func pausing<T>(_ body: () throws -> T) rethrows -> T {
        if pausedSince != nil { return try body() }
        pausedSince = clock()
        defer {
            paused += clock() - pausedSince!
            pausedSince = nil
        }
        return try body()
    }

    /// Runs `body`, a wait for a person, with this run's deadline (if any) paused.
    public static func waitingForAPerson<T>(_ body: () throws -> T) rethrows -> T {
        guard let current else { return try body() }
        return try current.pausing(body)
    }

    /// "the 10 s deadline (EKSPIPE_TIMEOUT)": how messages name the limit and where to change it.
    public var summary: String {
        let how = origin == "default" ? "--timeout or \(Self.variable) changes it" : origin
        return "the \(Self.format(seconds)) s deadline (\(how))"
    }

    /// The budget from `--timeout` (`flag`), else `EKSPIPE_TIMEOUT`, else `defaultSeconds`,
    /// made this run's `current` deadline. A malformed value is bad input (exit 2).
    @discardableResult
    public static func install(flag: String?, defaultSeconds: Double) throws -> Deadline {
        let d: Deadline
        if let flag {
            guard let s = parse(flag) else { throw UsageError("--timeout must be a number of seconds from 0.1 to 86400, not '\(flag)'") }
            d = Deadline(seconds: s, origin: "--timeout")
        } else if let env = Env.nonEmpty(variable) {
            guard let s = parse(env) else { throw EnvironmentValueError(variable: variable, value: env, expected: "a number of seconds from 0.1 to 86400") }
            d = Deadline(seconds: s, origin: variable)
        } else {
            d = Deadline(seconds: defaultSeconds)
        }
        current = d
        return d
    }

    /// A number of seconds ("10", "2.5") within 0.1 … 86400, else nil.
    public static func parse(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let s = Double(text), s >= 0.1, s <= 86_400 else { return nil }
        return s
    }

    /// Seconds as a short decimal ("10", "2.5", "0.125"), also how children get the rest.
    public static func format(_ seconds: Double) -> String {
        let ms = Int64((max(seconds, 0) * 1000).rounded(.down))
        let whole = ms / 1000, frac = ms % 1000
        if frac == 0 { return String(whole) }
        var f = String(frac)
        while f.count < 3 { f = "0" + f }
        while f.hasSuffix("0") { f.removeLast() }
        return "\(whole).\(f)"
    }

    /// CLOCK_MONOTONIC in seconds: a wall clock set back or forward must not move a deadline.
    public static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
