import Common
import Glibc

/// Everything that happens to one kubeconfig file in a run: the entries bound for it, then
/// read, edit and write under the `<file>.lock` lock.
final class FileJob {
    /// The path as the user or envelope named it (a symlink stays one: its target is written).
    let path: String
    var entries: [KubeconfigEKSEntry] = []
    var updates: [UpdateMode] = []
    var mode: mode_t?
    private var target = ""
    private var locks: [FileLock] = []
    /// The file as read under the lock (compared with the result instead of reading it again).
    private var loaded: [UInt8]?
    private var existed: Bool { loaded != nil }
    private(set) var config: Kubeconfig?
    /// Contexts written (or removed) in this file.
    private(set) var contexts: [String] = []
    private(set) var deleteFile = false
    /// The cluster entries the file had before the merge (`aws eks update-kubeconfig` says
    /// "Updated context" for a cluster that was there, "Added new context" otherwise).
    private(set) var clustersBefore: Set<String> = []

    init(path: String) { self.path = path }

    /// Takes the lock kubectl uses on the path and, for a symlink, on its target too (a
    /// kubectl run may name either). Parent directories of a new file are created 0700.
    ///
    /// Refused before anything is created: a target that is not a regular file; a directory on
    /// the way (the path's, each link's, the target's) that another user owns or may write,
    /// except a shared sticky one like /tmp, where only the user's own files and links count
    /// (`DirectoryTrust`).
    func lock(timeout: Double) throws {
        let chain = try AtomicFile.linkChain(path)
        target = chain.last ?? path
        try AtomicFile.checkReplaceable(target, named: path)
        let what = "the kubeconfig \(path)"
        for link in chain.dropLast() {
            try DirectoryTrust.check(Path.dirname(link), holding: what, allowShared: true)
        }
        try DirectoryTrust.ensure(Path.dirname(target), holding: what, allowShared: true)
        try DirectoryTrust.checkOwnFile(target, named: path)
        for p in Set([path, target]).sorted() {
            locks.append(try FileLock(for: p, timeout: timeout))
        }
    }

    func unlock() {
        for l in locks.reversed() { l.release() }
        locks = []
    }

    deinit { unlock() }

    /// Reads and parses the file, only after `lock` (or for --dry-run, which locks nothing):
    /// kubectl's lock is what keeps a concurrent writer from changing it under us. Anything but
    /// a regular file, an unreadable file or one that does not parse is refused; a missing file
    /// starts a new kubeconfig that ekspipe marks as its own.
    func load() throws {
        if target.isEmpty { target = try AtomicFile.resolveLinks(path) }
        if let bytes = try FileJob.read(target, named: path) {
            loaded = bytes
            config = try Kubeconfig(parsing: bytes, source: path)
        } else {
            config = Kubeconfig(source: path, markCreated: true)
        }
    }

    /// Writes this run's entries. `replace` (from any cluster bound here) starts from an empty
    /// file; `error` refuses to change an entry that exists with other content.
    func merge(policy: CurrentContextPolicy) throws {
        guard var cfg = config else { return }
        clustersBefore = Set(cfg.names(.clusters))
        if updates.contains(.replace) {
            let created = !existed || cfg.createdByEkspipe
            let fresh = Kubeconfig(source: path, markCreated: created)
            cfg = replaced(cfg, with: fresh, policy: policy)
        } else {
            try apply(&cfg, policy: policy)
        }
        config = cfg
    }

    private func replaced(_ old: Kubeconfig, with fresh: Kubeconfig, policy: CurrentContextPolicy) -> Kubeconfig {
        var cfg = fresh
        // A fresh file cannot conflict, so `error` cannot fail here.
        try? apply(&cfg, policy: policy == .never ? .never : .ifUnset)
        // The same entries and current context as before: keep the file untouched.
        return old.root.sameContent(as: cfg.root) ? old : cfg
    }

    private func apply(_ cfg: inout Kubeconfig, policy: CurrentContextPolicy) throws {
        let strict = updates.contains(.error)
        if strict {
            for e in entries {
                for (section, name, node) in [(Kubeconfig.Section.clusters, e.arn, e.clusterNode), (.contexts, e.contextName, e.contextNode),
                                              (.users, e.userName, e.userNode)] {
                    if cfg.upsert(section, name: name, inner: node, keepForeignFields: section == .contexts, dryRun: true).outcome == .replaced {
                        throw KubeconfigError(source: path, mark: nil, .entryExists(section: section.rawValue, name: name))
                    }
                }
            }
        }
        contexts = []
        for e in entries {
            cfg.upsert(.clusters, name: e.arn, inner: e.clusterNode)
            cfg.upsert(.contexts, name: e.contextName, inner: e.contextNode, keepForeignFields: true)
            cfg.upsert(.users, name: e.userName, inner: e.userNode)
            if !contexts.contains(e.contextName) { contexts.append(e.contextName) }
        }
        if let first = contexts.first {
            switch policy {
            case .always: cfg.setCurrentContext(first)
            case .ifUnset: if cfg.currentContext == nil { cfg.setCurrentContext(first) }
            case .never: break
            }
        }
    }

    /// Removes the entries whose ekspipe marker `matches`; clears a current context that
    /// pointed at a removed context; deletes the file when ekspipe created it and it is empty.
    func remove(matching matches: (KubeconfigMarker) -> Bool) {
        guard var cfg = config, existed else { return }
        func pred(_ inner: YAMLNode) -> Bool { KubeconfigMarker.read(from: inner).map(matches) ?? false }
        func clusterRefs() -> Set<String> { Set(cfg.entries(.contexts).compactMap { $0["context"]?["cluster"]?.scalar }) }
        let referencedBefore = clusterRefs()
        contexts = cfg.remove(.contexts, where: pred)
        cfg.remove(.users, where: pred)
        // A cluster entry is shared by every identity signed in to that cluster (the last login
        // marked it): it goes when it is ekspipe's, this identity's or left unreferenced by the
        // contexts just removed, and no remaining context still points at it.
        let stillUsed = clusterRefs()
        let released = referencedBefore.subtracting(stillUsed)
        cfg.remove(.clusters, whereNamed: { name, inner in
            guard let marker = KubeconfigMarker.read(from: inner), !stillUsed.contains(name) else { return false }
            return matches(marker) || released.contains(name)
        })
        if let cc = cfg.currentContext, contexts.contains(cc) { cfg.setCurrentContext(nil) }
        // A symlinked file stays: deleting its target would leave a dangling link behind.
        deleteFile = cfg.modified && cfg.createdByEkspipe && cfg.isEmptySkeleton && target == path
        config = cfg
    }

    /// The file's bytes in one read of its size (kubeconfigs can be megabytes); nil when missing.
    /// A device, FIFO or directory is refused without reading (`NotARegularFile`, exit 2).
    static func read(_ path: String, named name: String) throws -> [UInt8]? {
        let opened: (fd: Int32, info: FileInfo)?
        do { opened = try Sys.openRegular(path) } catch let e as NotARegularFile {
            throw NotARegularFile(path: name, target: path, kind: e.kind)
        }
        guard let (fd, st) = opened else { return nil }
        defer { Sys.close(fd) }
        let size = Int(st.st_size)
        // Refused before reading: a file past the YAML limit would be refused by the parser anyway.
        if size > YAML.maxInputBytes {
            throw KubeconfigError(source: name, mark: nil, .tooLarge(bytes: size, limit: YAML.maxInputBytes))
        }
        // Read straight into the array's storage: no zero-fill of megabytes before the read.
        var failure: SystemError?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { b, count in
            var got = 0
            while got < size {
                let n = Sys.retrying { Glibc.read(fd, b.baseAddress! + got, size - got) }
                if n < 0 { failure = SystemError.current("read", path); break }
                if n == 0 { break }
                got += n
            }
            count = got
        }
        if let failure { throw failure }
        // A file that grew meanwhile (it cannot under the lock, but a foreign writer may ignore it).
        let rest = try Sys.readAll(fd, path: path)
        return rest.isEmpty ? bytes : bytes + rest
    }

    /// `--convert`: the aws / aws-iam-authenticator users rewritten to run `presign`.
    func convert(presign: String, only: Set<String>?) -> [Kubeconfig.Conversion] {
        guard var cfg = config else { return [] }
        let done = cfg.convertTokenCommands(presignCommand: presign, only: only)
        config = cfg
        return done
    }

    /// The bytes read by `load` (empty for a new file): what a dry run's diff starts from.
    var original: [UInt8] { loaded ?? [] }

    var changed: Bool { config?.modified ?? false }

    /// The resulting file's text.
    func render() throws -> [UInt8] { try config?.render() ?? [] }

    /// Writes (atomically) or deletes the file. Returns whether the bytes on disk changed.
    func commit() throws -> Bool {
        if deleteFile {
            try Sys.unlink(target)
            AtomicFile.syncDirectory(Path.dirname(target))
            return true
        }
        guard changed else {
            // Unchanged content is not rewritten; --mode still applies on request.
            if let mode, existed, let st = try Sys.fileInfo(target), (st.st_mode & 0o7777) != mode {
                if chmod(target, mode) != 0 { throw SystemError.current("chmod", target) }
            }
            return false
        }
        // `target` is where `lock` resolved the links to (links are resolved once).
        return try AtomicFile.write(try render(), to: target, mode: mode ?? 0o600, forceMode: mode != nil, followLinks: false,
                                    current: loaded ?? [])
    }
}
