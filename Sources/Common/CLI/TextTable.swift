/// Rows for people: columns aligned two spaces apart under an upper-case header, as
/// `kubectl get` prints them, so `ekspipe auth list` reads at a glance and `column -t` or
/// `awk` still split it. Widths count characters, not bytes (names need not be ASCII); the
/// last column is not padded (no trailing blanks).
public enum TextTable {
    public static func render(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return all.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return line
        }.joined(separator: "\n")
    }
}
