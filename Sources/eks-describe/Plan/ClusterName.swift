/// EKS's rule for cluster names (CreateCluster's `name`: 1-100 characters matching
/// `^[0-9A-Za-z][A-Za-z0-9\-_]*$`). Checked before any request, so a typo is a usage error that
/// names the cluster instead of an AWS round trip per bad name; it also means a valid name never
/// needs escaping in the request path.
enum ClusterName {
    static let maxLength = 100

    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maxLength, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// Why `name` is refused, for the error message.
    static func problem(_ name: String) -> String {
        if name.isEmpty { return "an empty cluster name" }
        if name.utf8.count > maxLength { return "cluster name longer than \(maxLength) characters" }
        return "'\(name)' is not a valid EKS cluster name (letters, digits, '-' and '_', starting with a letter or digit)"
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
}
