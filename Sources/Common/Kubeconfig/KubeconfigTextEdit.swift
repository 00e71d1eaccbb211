/// Rewrites only what changed in a kubeconfig's text: the list entries ekspipe upserted or
/// removed and the top-level keys it set, line by line, copying every other byte as it was.
/// Why: people's comments, quoting and layout survive, and merging into a 2 MB file costs a
/// parse plus a copy instead of re-emitting megabytes of YAML.
///
/// It works on the lines libyaml reports for each node, so it only accepts layouts where lines
/// delimit entries unambiguously: a block mapping at the top with its keys at column 1, block
/// sequences whose items each start on a line with their `-`, plain `\n` / `\r\n` line breaks.
/// For anything else it returns nil and the caller writes the whole tree instead (same data).
enum KubeconfigTextEdit {
    /// `changedEntries`: for each named list (by its top-level key), the names of the entries
    /// upserted; `changedKeys`: other top-level keys set; `plainLines`: the text is known to
    /// hold only printable ASCII and `\n` (the parser checked), so it is not scanned again.
    static func splice(_ text: [UInt8], old: YAMLNode, new: YAMLNode, changedEntries: [String: Set<String>], lists: Set<String>,
                       changedKeys: Set<String>, plainLines: Bool = false) throws -> [UInt8]? {
        guard let oldPairs = old.pairs, let newPairs = new.pairs, old.collectionStyle == .block,
              !oldPairs.isEmpty, plainLines || !hasUnusualLineBreaks(text) else { return nil }
        let lineStarts = lineOffsets(text)
        /// Byte offset of the start of 1-based `line` (the end of the text past the last line).
        func offset(_ line: Int) -> Int { line - 1 < lineStarts.count ? lineStarts[line - 1] : text.count }

        var keyLines: [Int] = []
        for p in oldPairs {
            guard p.key.scalar != nil, p.key.mark.column == 1 else { return nil }
            if let last = keyLines.last, p.key.mark.line <= last { return nil }
            keyLines.append(p.key.mark.line)
        }

        var edits: [(start: Int, end: Int, bytes: [UInt8])] = []
        var j = 0
        for (t, p) in oldPairs.enumerated() {
            let key = p.key.scalar!
            let start = offset(keyLines[t])
            let end = t + 1 < oldPairs.count ? offset(keyLines[t + 1]) : text.count
            guard j < newPairs.count, newPairs[j].key.scalar == key else {
                // A key that is gone (ekspipe only ever removes current-context).
                if newPairs[j...].contains(where: { $0.key.scalar == key }) { return nil }
                edits.append((start, end, []))
                continue
            }
            let value = newPairs[j].value
            j += 1
            if lists.contains(key), !changedKeys.contains(key) {
                let changed = changedEntries[key] ?? []
                let lengthChanged = (p.value.items?.count ?? -1) != (value.items?.count ?? -1)
                if changed.isEmpty && !lengthChanged { continue }
                if let itemEdits = try entryEdits(p.value, value, changed: changed, text: text, keyLine: keyLines[t],
                                                  regionEnd: end, offset: offset) {
                    edits += itemEdits
                    continue
                }
                edits.append((start, end, try emitPair(p.key, value)))
            } else if changedKeys.contains(key) {
                edits.append((start, end, try emitPair(p.key, value)))
            }
        }
        // Keys that are new go at the end of the file.
        var appendix: [UInt8] = []
        for p in newPairs[j...] {
            if oldPairs.contains(where: { $0.key.scalar == p.key.scalar }) { return nil }
            appendix += try emitPair(p.key, p.value)
        }

        var out: [UInt8] = []
        out.reserveCapacity(text.count + appendix.count + edits.reduce(0) { $0 + $1.bytes.count })
        var pos = 0
        for e in edits.sorted(by: { $0.start < $1.start }) {
            guard e.start >= pos else { return nil }
            out.append(contentsOf: text[pos..<e.start])
            if !e.bytes.isEmpty && !out.isEmpty && out.last != 10 { out.append(10) }
            out.append(contentsOf: e.bytes)
            pos = e.end
        }
        out.append(contentsOf: text[pos...])
        if !appendix.isEmpty {
            if !out.isEmpty && out.last != 10 { out.append(10) }
            out += appendix
        }
        return out
    }

    /// Edits for one named list: changed entries rewritten where they stand, removed ones
    /// deleted, new ones appended after the last entry. Nil when the list's layout is not
    /// line-editable (flow style, empty, items not starting on their own `-` line).
    private static func entryEdits(_ oldList: YAMLNode, _ newList: YAMLNode, changed: Set<String>, text: [UInt8], keyLine: Int,
                                   regionEnd: Int, offset: (Int) -> Int) throws -> [(start: Int, end: Int, bytes: [UInt8])]? {
        guard let oldItems = oldList.items, let newItems = newList.items, oldList.collectionStyle == .block,
              !oldItems.isEmpty, !newItems.isEmpty else { return nil }
        // Each item starts on its own line after the key, with `-` at the same column and
        // only spaces around it.
        var dashColumn = -1
        var starts: [Int] = []
        for item in oldItems {
            let line = item.mark.line
            guard line > keyLine, !item.isNull, item.mark.column >= 3 else { return nil }
            let lineStart = offset(line)
            let col = item.mark.column - 1
            guard lineStart + col <= text.count else { return nil }
            let prefix = text[lineStart..<(lineStart + col)]
            guard let dash = prefix.firstIndex(of: 45) else { return nil }
            let dashCol = dash - lineStart
            guard prefix[..<dash].allSatisfy({ $0 == 32 }), prefix[(dash + 1)...].allSatisfy({ $0 == 32 }), dash + 1 < lineStart + col else { return nil }
            if dashColumn == -1 { dashColumn = dashCol } else if dashColumn != dashCol { return nil }
            if let last = starts.last, lineStart <= last { return nil }
            starts.append(lineStart)
        }
        func itemEnd(_ i: Int) -> Int { i + 1 < starts.count ? starts[i + 1] : regionEnd }

        var edits: [(start: Int, end: Int, bytes: [UInt8])] = []
        var j = 0
        for (i, item) in oldItems.enumerated() {
            let name = item["name"]?.scalar
            if j < newItems.count, let name, newItems[j]["name"]?.scalar == name {
                if changed.contains(name) {
                    edits.append((starts[i], itemEnd(i), try emitItem(newItems[j], indent: dashColumn)))
                }
                j += 1
            } else {
                edits.append((starts[i], itemEnd(i), []))
            }
        }
        if j < newItems.count {
            var added: [UInt8] = []
            for item in newItems[j...] {
                guard let name = item["name"]?.scalar, changed.contains(name) else { return nil }
                added += try emitItem(item, indent: dashColumn)
            }
            // After the last entry (and whatever comments follow it), before the next key.
            let at = itemEnd(oldItems.count - 1)
            if let k = edits.lastIndex(where: { $0.start == starts[oldItems.count - 1] }) {
                edits[k].bytes += added
            } else {
                edits.append((at, at, added))
            }
        }
        return edits
    }

    /// `key: value` as a top-level block.
    private static func emitPair(_ key: YAMLNode, _ value: YAMLNode) throws -> [UInt8] {
        try YAML.emit(YAMLNode(.mapping([YAMLPair(key: key, value: value)]), collectionStyle: .block))
    }

    /// `- item` as one entry of a block list whose dashes are at column `indent` (0-based).
    /// Blank lines are left blank: indenting them could change a block scalar.
    private static func emitItem(_ item: YAMLNode, indent: Int) throws -> [UInt8] {
        let text = try YAML.emit(YAMLNode(.sequence([item]), collectionStyle: .block))
        guard indent > 0 else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 64)
        var atLineStart = true
        for b in text {
            if atLineStart && b != 10 { out.append(contentsOf: repeatElement(32, count: indent)) }
            out.append(b)
            atLineStart = b == 10
        }
        return out
    }

    /// Byte offsets where each line starts (megabyte files: one unchecked pass).
    private static func lineOffsets(_ text: [UInt8]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(text.count / 24)
        text.withUnsafeBufferPointer { t in
            var i = ByteScan.find(10, in: t, from: 0, to: t.count)
            while i < t.count {
                starts.append(i + 1)
                i = ByteScan.find(10, in: t, from: i + 1, to: t.count)
            }
        }
        return starts
    }

    /// Line breaks libyaml counts but a split on `\n` would not: a lone `\r`, NEL, LS, PS.
    private static func hasUnusualLineBreaks(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { t in
            // The usual case, ASCII without CR, in two vectorised passes.
            if ByteScan.isASCII(t) && ByteScan.find(13, in: t, from: 0, to: t.count) == t.count { return false }
            let n = t.count
            var i = 0
            while i < n {
                let b = t[i]
                if b < 0x0E || b >= 0xC2 {
                    if b == 13 && (i + 1 >= n || t[i + 1] != 10) { return true }
                    if b == 0xC2 && i + 1 < n && t[i + 1] == 0x85 { return true }
                    if b == 0xE2 && i + 2 < n && t[i + 1] == 0x80 && (t[i + 2] == 0xA8 || t[i + 2] == 0xA9) { return true }
                }
                i += 1
            }
            return false
        }
    }
}
