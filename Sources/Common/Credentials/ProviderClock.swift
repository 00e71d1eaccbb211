/// The time a credential provider reads and the waits it makes, injected so that a device
/// authorization that polls every few seconds, or a refresh window, is unit-tested without
/// sleeping. `now` is the run's one instant unless a flow that lasts (a sign-in) asks again.
public struct ProviderClock: Sendable {
    public var now: @Sendable () -> Timestamp
    public var sleep: @Sendable (Double) -> Void

    public init(now: @escaping @Sendable () -> Timestamp, sleep: @escaping @Sendable (Double) -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The wall clock and real sleeps.
    public static let system = ProviderClock(now: { Timestamp.now() }, sleep: { FileLock.sleep($0) })

    /// A clock stopped at `instant` whose sleeps return at once (for a run that reads the time
    /// once, and for tests).
    public static func fixed(_ instant: Timestamp) -> ProviderClock {
        ProviderClock(now: { instant }, sleep: { _ in })
    }
}
