import CCrypto

/// SHA-256 and HMAC-SHA256 through libcrypto's one-shot functions (no context objects to
/// manage, nothing to free).
public enum Hashing {
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        data.withUnsafeBufferPointer { d in
            _ = SHA256(d.baseAddress, d.count, &out)
        }
        return out
    }

    public static func sha256(_ text: String) -> [UInt8] { sha256(Array(text.utf8)) }

    public static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 32
        key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), d.baseAddress, d.count, &out, &len)
            }
        }
        return out
    }

    public static func hmacSHA256(key: [UInt8], _ text: String) -> [UInt8] { hmacSHA256(key: key, Array(text.utf8)) }

    /// Cryptographically random bytes (temp-file names, jitter, state parameters).
    public static func randomBytes(_ n: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: n)
        if RAND_bytes(&out, Int32(n)) != 1 {
            for i in 0..<n { out[i] = UInt8.random(in: 0...255) }
        }
        return out
    }
}
