/// One field of an envelope object (the envelope itself, a cluster, a cluster's kubeconfig
/// settings): its key, how its JSON is checked and read, how a value is written. `Record` says
/// which object the field belongs to, so a cluster's `alias` cannot be asked of the envelope.
/// Why descriptors: the schema is written once (Envelope+Schema.swift, EnvelopeCluster.swift)
/// and every read names the field's path in its error.
public struct EnvelopeField<Record, Value>: Sendable {
    public let key: String
    let decode: @Sendable (JSON, EnvelopePath) throws -> Value
    let encode: @Sendable (Value) -> JSON

    public init(_ key: String, decode: @escaping @Sendable (JSON, EnvelopePath) throws -> Value,
                encode: @escaping @Sendable (Value) -> JSON) {
        self.key = key
        self.decode = decode
        self.encode = encode
    }
}

extension EnvelopeField where Value == String {
    /// A string field.
    public static func string(_ key: String) -> EnvelopeField {
        EnvelopeField(key, decode: { v, at in
            guard let s = v.string else { throw EnvelopeError.wrongType(at, expected: "a string", v) }
            return s
        }, encode: { .string($0) })
    }
}

extension EnvelopeField where Value == JSON {
    /// A field kept as the JSON it holds (a stage's report that others only pass on).
    public static func json(_ key: String) -> EnvelopeField {
        EnvelopeField(key, decode: { v, _ in v }, encode: { $0 })
    }
}

/// An object of the envelope: its fields in document order, and where it sits (for messages).
/// Reads and writes go through `EnvelopeField`s; a field no descriptor names is never touched,
/// which is how a tool keeps every field it does not own, in order.
public protocol EnvelopeRecord {
    var fields: JSONObject { get set }
    var path: EnvelopePath { get }
}

extension EnvelopeRecord {
    /// The field's value; nil when absent or null; an `EnvelopeError` naming the path when of
    /// the wrong type or not allowed.
    public func get<V>(_ field: EnvelopeField<Self, V>) throws -> V? {
        guard let v = fields[field.key], !v.isNull else { return nil }
        return try field.decode(v, path.appending(field.key))
    }

    /// The field's value, which must be there; `hint` says which stage provides it.
    public func require<V>(_ field: EnvelopeField<Self, V>, hint: String? = nil) throws -> V {
        guard let v = fields[field.key] else { throw EnvelopeError(path, .missing(field: field.key, hint: hint)) }
        return try field.decode(v, path.appending(field.key))
    }

    /// The field's value with an empty string read as absent (`"region": ""` is no region).
    public func nonEmpty(_ field: EnvelopeField<Self, String>) throws -> String? {
        guard let s = try get(field), !s.isEmpty else { return nil }
        return s
    }

    /// Sets the field in place (a new field goes last); nil removes it.
    public mutating func set<V>(_ field: EnvelopeField<Self, V>, _ value: V?) {
        fields[field.key] = value.map(field.encode)
    }

    /// Whether the field is present at all, null included.
    public func has<V>(_ field: EnvelopeField<Self, V>) -> Bool { fields[field.key] != nil }

    /// The raw JSON of a field, for messages that quote a stage's report as it came.
    public func raw<V>(_ field: EnvelopeField<Self, V>) -> JSON? { fields[field.key] }
}
