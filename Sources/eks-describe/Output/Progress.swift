import Common
import Glibc

/// A line on stderr before and after a long run. Why only on a terminal with more than a few
/// clusters: in pipelines and scripts stderr is for errors, and one cluster needs no progress.
struct Progress {
    static let threshold = 3
    let enabled: Bool
    private let started: Double

    init(clusters: Int) {
        enabled = Output.stderrIsTerminal && clusters > Self.threshold
        started = Self.monotonic()
    }

    func begin(clusters: Int, regions: Int) {
        guard enabled else { return }
        Notices.post(.info("describing \(clusters) clusters in \(regions) region\(regions == 1 ? "" : "s")…"))
    }

    func end(described: Int, failed: Int) {
        guard enabled else { return }
        let ms = Int((Self.monotonic() - started) * 1000)
        Notices.post(.info("\(described - failed) of \(described) clusters described in \(ms) ms"))
    }

    /// `--progress`: a failed cluster as the flows show it (ekspipe auth login), named by the
    /// context it would have had.
    static func failure(_ label: String, code: String, message: String) -> String {
        "⚠ EKS kubeconfig: \(label): \(code): \(message)"
    }

    private static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
