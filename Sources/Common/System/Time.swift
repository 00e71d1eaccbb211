import Glibc

/// A UTC instant with one-second resolution: AWS signing, credential expirations and
/// ExecCredential timestamps all work in whole seconds.
public struct Timestamp: Comparable, Hashable, Sendable {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// The wall clock (clock_gettime, which faketime can freeze in tests).
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec))
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }
    public static func + (a: Timestamp, s: Int64) -> Timestamp { Timestamp(seconds: a.seconds + s) }
    public static func - (a: Timestamp, s: Int64) -> Timestamp { Timestamp(seconds: a.seconds - s) }

    private var fields: tm {
        var t = time_t(seconds)
        var out = tm()
        gmtime_r(&t, &out)
        return out
    }

    private static func pad(_ v: Int32, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `2026-11-22T12:00:00Z`: the form of credential_process, ExecCredential and the envelope.
    public var iso8601: String {
        let f = fields
        return "\(Self.pad(f.tm_year + 1900, 4))-\(Self.pad(f.tm_mon + 1, 2))-\(Self.pad(f.tm_mday, 2))T"
            + "\(Self.pad(f.tm_hour, 2)):\(Self.pad(f.tm_min, 2)):\(Self.pad(f.tm_sec, 2))Z"
    }

    /// `20261122T120000Z`: SigV4's X-Amz-Date.
    public var amzDate: String {
        let f = fields
        return "\(Self.pad(f.tm_year + 1900, 4))\(Self.pad(f.tm_mon + 1, 2))\(Self.pad(f.tm_mday, 2))T"
            + "\(Self.pad(f.tm_hour, 2))\(Self.pad(f.tm_min, 2))\(Self.pad(f.tm_sec, 2))Z"
    }

    /// `20261122`: SigV4's credential scope date.
    public var dateStamp: String { String(amzDate.prefix(8)) }

    /// Parses the ISO 8601 / RFC 3339 forms AWS services and SDKs write:
    /// `2026-11-22T12:00:00Z`, with fractional seconds, with `+hh:mm` offsets, `20261122T120000Z`,
    /// or a date and time separated by a space. Nil when it is none of these.
    public static func parse(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int32? {
            guard i + n <= b.count else { return nil }
            var v: Int32 = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int32(c - 48)
            }
            i += n
            return v
        }
        func accept(_ c: Character) -> Bool {
            if i < b.count && b[i] == c.asciiValue! { i += 1; return true }
            return false
        }
        guard let year = digits(4) else { return nil }
        let dashed = accept("-")
        guard let month = digits(2) else { return nil }
        if dashed && !accept("-") { return nil }
        guard let day = digits(2) else { return nil }
        guard accept("T") || accept("t") || accept(" ") else { return nil }
        guard let hour = digits(2) else { return nil }
        let colons = accept(":")
        guard let minute = digits(2) else { return nil }
        if colons && !accept(":") { return nil }
        guard let second = digits(2) else { return nil }
        if accept(".") || accept(",") {
            while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 }
        }
        var offset: Int64 = 0
        if accept("Z") || accept("z") {
        } else if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
            let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = accept(":")
            guard let om = digits(2) else { return nil }
            offset = sign * (Int64(oh) * 3600 + Int64(om) * 60)
        } else {
            return nil
        }
        guard i == b.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        var t = tm()
        t.tm_year = year - 1900
        t.tm_mon = month - 1
        t.tm_mday = day
        t.tm_hour = hour
        t.tm_min = minute
        t.tm_sec = second
        return Timestamp(seconds: Int64(timegm(&t)) - offset)
    }
}
