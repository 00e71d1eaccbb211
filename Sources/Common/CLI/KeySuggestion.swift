/// "Did you mean `mfa_arn`?": the valid name nearest to a misspelled one, so a config typo is
/// fixed from the message alone. Also which names are safe to repeat in a message at all.
public enum KeySuggestion {
    /// The candidate nearest to `word`, when it is near enough to be the likely intent: the
    /// same name in another spelling (`MFA_ARN`, `mfa-arn`, `mfaArn`), or within a few edits
    /// (insertions, deletions, substitutions, swaps of neighbours) for its length, or within
    /// `maxEdits` (kinds: `aws/ecr` is another Atmos kind, not a typo of `aws/eks`).
    public static func nearest(_ word: String, in candidates: [String], maxEdits: Int? = nil) -> String? {
        let w = normalized(word)
        guard !w.isEmpty else { return nil }
        var best: (String, Int)? = nil
        for c in candidates {
            let d = distance(w, normalized(c))
            let limit = maxEdits ?? max(1, min(3, (c.count + 2) / 4))
            if d <= limit && (best == nil || d < best!.1) { best = (c, d) }
        }
        return best?.0
    }

    /// Lowercase, with `-` and camelCase humps as `_`: how config keys are spelled here.
    static func normalized(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var previous: UInt8 = 0
        for c in s.utf8 {
            switch c {
            case 65...90:
                if (97...122).contains(previous) || (48...57).contains(previous) { out.append(95) }
                out.append(c + 32)
            case 45: out.append(95)
            default: out.append(c)
            }
            previous = c
        }
        return out
    }

    /// Optimal string alignment distance (Levenshtein plus swaps of neighbouring letters).
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }

    /// Whether a key as written may appear in a message: shaped like a name (a letter, then
    /// letters, digits, `_`, `-`, `.`, at most 40) and not like a secret (a long mix of upper
    /// and lower case and digits with no separator, as base64 keys and tokens are). A value
    /// written where a key belongs is then described, not shown.
    public static func isPrintableKey(_ key: String) -> Bool {
        let u = Array(key.utf8)
        guard let first = u.first, (65...90).contains(first) || (97...122).contains(first), u.count <= 40 else { return false }
        var upper = false, lower = false, digit = false, separator = false
        for c in u {
            switch c {
            case 65...90: upper = true
            case 97...122: lower = true
            case 48...57: digit = true
            case 95, 45, 46: separator = true
            default: return false
            }
        }
        return separator || u.count < 16 || !(upper && lower && digit)
    }
}
