/// Where a value sits in an envelope, for messages: `stdin: clusters[0].kubeconfig.mode`.
/// Why a type: every envelope error names the field the same way, whichever tool reads it.
public struct EnvelopePath: Sendable, Equatable, CustomStringConvertible {
    /// What the envelope came from ("stdin", a file).
    public let origin: String
    /// The field inside it (`clusters[0].alias`); empty for the envelope itself.
    public let keyPath: String

    public init(origin: String, keyPath: String = "") {
        self.origin = origin
        self.keyPath = keyPath
    }

    /// The field `key` of the object at this path.
    public func appending(_ key: String) -> EnvelopePath {
        EnvelopePath(origin: origin, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)")
    }

    /// The element `index` of the array at this path.
    public func index(_ index: Int) -> EnvelopePath {
        EnvelopePath(origin: origin, keyPath: "\(keyPath)[\(index)]")
    }

    public var description: String { keyPath.isEmpty ? origin : "\(origin): \(keyPath)" }
}
