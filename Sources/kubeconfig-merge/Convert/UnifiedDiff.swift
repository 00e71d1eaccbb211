/// A unified diff (`diff -u`, three lines of context) of two texts, computed in memory with
/// Myers' O(ND) algorithm. Why not `diff -u` on temp files: a kubeconfig may hold secrets, and
/// a dry run should write nothing anywhere; and a conversion changes a few lines of a file that
/// may be megabytes, which is what O(ND) after trimming the common ends is good at.
enum UnifiedDiff {
    private enum Op { case same, delete, insert }

    /// The diff, with `--- label` / `+++ label` headers; "" when the texts are equal.
    /// `shown` may rewrite a line before it is printed (masking secrets on a terminal).
    static func render(old: [UInt8], new: [UInt8], label: String, context: Int = 3,
                       shown: (ArraySlice<UInt8>) -> ArraySlice<UInt8> = { $0 }) -> String {
        let a = lines(old), b = lines(new)
        let ops = diff(a, b)
        guard ops.contains(where: { $0.op != .same }) else { return "" }
        var out: [UInt8] = Array("--- \(label)\n+++ \(label)\n".utf8)
        for h in hunks(ops, context: context) {
            let part = ops[h]
            let aLen = part.filter { $0.op != .insert }.count, bLen = part.filter { $0.op != .delete }.count
            let first = part.first!
            func range(_ start: Int, _ len: Int) -> String { len == 1 ? "\(start + 1)" : "\(len == 0 ? start : start + 1),\(len)" }
            out += Array("@@ -\(range(first.a, aLen)) +\(range(first.b, bLen)) @@\n".utf8)
            for o in part {
                let (sign, line): (UInt8, ArraySlice<UInt8>) = o.op == .insert ? (43, b[o.b]) : (o.op == .delete ? 45 : 32, a[o.a])
                out.append(sign)
                out += shown(line)
                if line.last != 10 { out += Array("\n\\ No newline at end of file\n".utf8) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lines with their `\n` (the last one may have none).
    private static func lines(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, c) in text.enumerated() where c == 10 {
            out.append(text[start...i])
            start = i + 1
        }
        if start < text.count { out.append(text[start...]) }
        return out
    }

    /// The edit script: each op with the index of its line in `a` and in `b` (for `.insert`,
    /// `a` is the count of `a`'s lines before it; for `.delete`, likewise `b`).
    private static func diff(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [(op: Op, a: Int, b: Int)] {
        var pre = 0
        while pre < a.count && pre < b.count && a[pre] == b[pre] { pre += 1 }
        var suf = 0
        while suf < a.count - pre && suf < b.count - pre && a[a.count - 1 - suf] == b[b.count - 1 - suf] { suf += 1 }
        var ops: [(op: Op, a: Int, b: Int)] = (0..<pre).map { (.same, $0, $0) }
        ops += myers(a, b, from: pre, toA: a.count - suf, toB: b.count - suf)
        ops += (0..<suf).map { (.same, a.count - suf + $0, b.count - suf + $0) }
        return ops
    }

    /// Myers' shortest edit script for a[lo..<n] against b[lo..<m].
    private static func myers(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>], from lo: Int, toA n: Int, toB m: Int) -> [(op: Op, a: Int, b: Int)] {
        let N = n - lo, M = m - lo, maxD = N + M
        guard maxD > 0 else { return [] }
        let off = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        // trace[d]: v[-d...d] after step d (x values, relative to lo).
        var trace: [[Int]] = []
        search: for d in 0...maxD {
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1
                var y = x - k
                while x < N && y < M && a[lo + x] == b[lo + y] { x += 1; y += 1 }
                v[off + k] = x
                if x >= N && y >= M {
                    trace.append(Array(v[(off - d)...(off + d)]))
                    break search
                }
            }
            trace.append(Array(v[(off - d)...(off + d)]))
        }
        var rev: [(op: Op, a: Int, b: Int)] = []
        var x = N, y = M
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let prev = trace[d - 1], po = d - 1
            let k = x - y
            let prevK = (k == -d || (k != d && prev[po + k - 1] < prev[po + k + 1])) ? k + 1 : k - 1
            let px = prev[po + prevK], py = px - prevK
            while x > px && y > py { x -= 1; y -= 1; rev.append((.same, lo + x, lo + y)) }
            if x == px { y -= 1; rev.append((.insert, lo + x, lo + y)) } else { x -= 1; rev.append((.delete, lo + x, lo + y)) }
        }
        while x > 0 && y > 0 { x -= 1; y -= 1; rev.append((.same, lo + x, lo + y)) }
        return rev.reversed()
    }

    /// Ranges of `ops` to print: each change with `context` lines around it, changes closer
    /// than twice that joined into one hunk.
    private static func hunks(_ ops: [(op: Op, a: Int, b: Int)], context: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while let c = ops[i...].firstIndex(where: { $0.op != .same }) {
            var last = c, j = c + 1
            while j < ops.count {
                if ops[j].op != .same { last = j } else if j - last > 2 * context { break }
                j += 1
            }
            let end = min(last + context + 1, ops.count)
            out.append(max(c - context, out.last?.upperBound ?? 0)..<end)
            i = end
            if i >= ops.count { break }
        }
        return out
    }
}
