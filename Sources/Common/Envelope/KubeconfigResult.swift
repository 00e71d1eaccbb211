/// The envelope's `kubeconfig`, which kubeconfig-merge owns: the files it wrote (or would
/// remove from), or with `--list` the contexts ekspipe wrote for the identity.
public struct KubeconfigResult: Equatable, Sendable {
    public struct File: Equatable, Sendable {
        public var path: String
        public var changed: Bool
        /// The contexts written (or removed) in this file.
        public var contexts: [String]
        /// The file was deleted (--remove left it empty).
        public var deleted: Bool

        public init(path: String, changed: Bool, contexts: [String], deleted: Bool = false) {
            self.path = path
            self.changed = changed
            self.contexts = contexts
            self.deleted = deleted
        }
    }

    public struct Context: Equatable, Sendable {
        public var path: String
        public var name: String
        public var integration: String?

        public init(path: String, name: String, integration: String?) {
            self.path = path
            self.name = name
            self.integration = integration
        }
    }

    public var files: [File]?
    public var contexts: [Context]?

    public init(files: [File]) { self.files = files }
    public init(contexts: [Context]) { self.contexts = contexts }

    public var json: JSON {
        var o = JSONObject()
        if let files {
            o["files"] = .array(files.map { f in
                var j = JSONObject([("path", .string(f.path)), ("changed", .bool(f.changed)), ("contexts", .array(f.contexts.map(JSON.string)))])
                if f.deleted { j["deleted"] = true }
                return .object(j)
            })
        }
        if let contexts {
            o["contexts"] = .array(contexts.map { c in
                var j = JSONObject([("path", .string(c.path)), ("name", .string(c.name))])
                if let i = c.integration { j["integration"] = .string(i) }
                return .object(j)
            })
        }
        return .object(o)
    }

    /// Reads a result back (a later stage, or a test, inspecting what was done).
    init(_ v: JSON, at: EnvelopePath) throws {
        guard v.object != nil else { throw EnvelopeError.wrongType(at, expected: "an object", v) }
        func list(_ key: String) throws -> [(JSON, EnvelopePath)]? {
            guard let l = v[key], !l.isNull else { return nil }
            guard let a = l.array else { throw EnvelopeError.wrongType(at.appending(key), expected: "an array", l) }
            return a.enumerated().map { ($1, at.appending(key).index($0)) }
        }
        func string(_ o: JSON, _ key: String, _ p: EnvelopePath) throws -> String {
            guard let s = o[key] else { throw EnvelopeError(p, .missing(field: key, hint: nil)) }
            guard let t = s.string else { throw EnvelopeError.wrongType(p.appending(key), expected: "a string", s) }
            return t
        }
        files = try list("files")?.map { o, p in
            let contexts = try (o["contexts"]?.array ?? []).enumerated().map { i, c in
                guard let s = c.string else { throw EnvelopeError.wrongType(p.appending("contexts").index(i), expected: "a string", c) }
                return s
            }
            return File(path: try string(o, "path", p), changed: o["changed"]?.bool ?? false, contexts: contexts,
                        deleted: o["deleted"]?.bool ?? false)
        }
        contexts = try list("contexts")?.map { o, p in
            Context(path: try string(o, "path", p), name: try string(o, "name", p), integration: o["integration"]?.string)
        }
    }
}
