import CCrypto
import Glibc

/// SHA-256, HMAC-SHA256 and SHA-1 on libcrypto's hash cores. The EVP interface is avoided on
/// purpose: its first use initialises OpenSSL 3's provider machinery and reads openssl.cnf,
/// which costs more than everything else eks-presign does on each kubectl call.
public enum Hashing {
    public static func sha256(_ data: [UInt8]) -> [UInt8] { sha256(parts: [data]) }

    /// SHA-256 of the parts one after another, without joining them first.
    static func sha256(parts: [[UInt8]]) -> [UInt8] {
        var ctx = SHA256_CTX()
        ekspipe_sha256_init(&ctx)
        for part in parts { part.withUnsafeBytes { ekspipe_sha256_update(&ctx, $0.baseAddress, $0.count) } }
        var out = [UInt8](repeating: 0, count: 32)
        ekspipe_sha256_final(&out, &ctx)
        return out
    }

    public static func sha256(_ text: String) -> [UInt8] { sha256(Array(text.utf8)) }

    /// SHA-1, only because the AWS CLI names its SSO token cache files by the SHA-1 of the
    /// session name or start URL; never used for anything security-relevant.
    public static func sha1(_ text: String) -> [UInt8] {
        var ctx = SHA_CTX()
        ekspipe_sha1_init(&ctx)
        let data = Array(text.utf8)
        data.withUnsafeBytes { ekspipe_sha1_update(&ctx, $0.baseAddress, $0.count) }
        var out = [UInt8](repeating: 0, count: 20)
        ekspipe_sha1_final(&out, &ctx)
        return out
    }

    /// HMAC-SHA256 (RFC 2104): H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), the key hashed first when
    /// longer than the 64-byte block.
    public static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var k = key.count > 64 ? sha256(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        let inner = sha256(parts: [k.map { $0 ^ 0x36 }, data])
        return sha256(parts: [k.map { $0 ^ 0x5c }, inner])
    }

    public static func hmacSHA256(key: [UInt8], _ text: String) -> [UInt8] { hmacSHA256(key: key, Array(text.utf8)) }

    /// Random bytes from the kernel for temp-file names, jitter and OAuth state; no DRBG to
    /// initialise. Falls back to the standard library's generator (itself kernel-seeded).
    public static func randomBytes(_ n: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: n)
        let fd = Glibc.open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        var filled = 0
        if fd >= 0 {
            while filled < n {
                let r = out.withUnsafeMutableBytes { b in Sys.retrying { read(fd, b.baseAddress! + filled, n - filled) } }
                if r <= 0 { break }
                filled += r
            }
            Glibc.close(fd)
        }
        var g = SystemRandomNumberGenerator()
        for i in filled..<n { out[i] = g.next() }
        return out
    }
}
