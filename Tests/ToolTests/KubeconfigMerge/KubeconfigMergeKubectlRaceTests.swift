import Foundation
import XCTest

/// kubeconfig-merge writers and `kubectl config set-cluster` writers on one file at once.
///
/// kubectl (client-go's ModifyConfig) reads the file *before* it takes `<file>.lock`, then under
/// the lock re-reads it and deletes every entry its first read lacked: it writes back a stale
/// copy and can drop entries written in between. That is kubectl's race and cannot be fixed from
/// here. What this test holds ekspipe to: it never drops a foreign entry, and its writers never
/// drop each other's.
///
/// How a lost entry is attributed without timing: the kubectl writers run one after another
/// (so kubectl cannot drop kubectl's entries), each attempt after a snapshot of the file; every
/// writer logs `begin`/`end` lines to one O_APPEND log, whose order is the order of events. A
/// kubectl run K can drop ekspipe's entry E only if E was written after K's read and before K's
/// lock: E is missing from K's snapshot and the two runs overlap in the log. An entry lost with
/// no such K was lost by ekspipe.
final class KubeconfigMergeKubectlRaceTests: KubeconfigMergeTestCase {
    func testEkspipeLosesNothingBesideKubectlWriters() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign-seed", "--server", "https://seed"])
        let log = home.appendingPathComponent("events.log").path
        let snaps = home.appendingPathComponent("snapshots")
        try FileManager.default.createDirectory(at: snaps, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log, contents: nil)
        // Each lane merges until the kubectl writes are done (at most `perLane` times), so the
        // two kinds of writers overlap for the whole run.
        let lanes = 3, perLane = 30, kubectlWrites = 12
        let done = home.appendingPathComponent("kubectl-done").path
        for i in 0..<(lanes * perLane) {
            try Self.envelope([Self.cluster(Self.name("e", i), alias: "ctx-" + Self.name("e", i))], identity: "id-\(i)")
                .write(to: home.appendingPathComponent("in-\(i).json"))
        }

        // ekspipe: `lanes` concurrent shells, each running its share of merges one after another.
        var shells: [Process] = []
        for lane in 0..<lanes {
            let ids = (0..<perLane).map { lane * perLane + $0 }.map(String.init).joined(separator: " ")
            shells.append(try shell("""
                for i in \(ids); do
                  [ -e "\(done)" ] && break
                  echo "E $i begin" >> "$LOG"
                  "$TOOL" --kubeconfig "$KC" --lock-timeout 120 < "$HOME/in-$i.json" > /dev/null 2> "$HOME/err-$i.txt"
                  echo "E $i end $?" >> "$LOG"
                done
                """, log: log, path: path))
        }
        // kubectl: one shell, one write after another; a write refused because the lock is held
        // ("file exists", client-go does not wait) is retried.
        shells.append(try shell("""
            for j in $(seq 0 \(kubectlWrites - 1)); do
              rc=1; n=0
              while [ $rc -ne 0 ] && [ $n -lt 400 ]; do
                cp "$KC" "$SNAPS/pre-$j"
                echo "K $j begin" >> "$LOG"
                kubectl --kubeconfig "$KC" config set-cluster "$(printf 'k-%03d' $j)" --server "https://k$j" > /dev/null 2> "$HOME/kerr-$j.txt"
                rc=$?; n=$((n + 1))
                if [ $rc -ne 0 ] && ! grep -q 'file exists' "$HOME/kerr-$j.txt"; then break; fi
                [ $rc -ne 0 ] && sleep 0.01
              done
              echo "K $j end $rc" >> "$LOG"
            done
            touch "\(done)"
            """, log: log, path: path, snaps: snaps.path))
        for s in shells { s.waitUntilExit() }

        let events = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        // The last `begin` of a kubectl write is its successful attempt's.
        func index(_ who: String, _ id: Int, _ what: String) -> Int? {
            events.lastIndex { $0.count >= 3 && $0[0] == who && $0[1] == String(id) && $0[2] == what }
        }
        let merged = (0..<(lanes * perLane)).filter { index("E", $0, "begin") != nil }
        for i in merged {
            let end = try XCTUnwrap(events.first { $0.count == 4 && $0[0] == "E" && $0[1] == String(i) })
            XCTAssertEqual(end[3], "0", (try? String(contentsOfFile: home.appendingPathComponent("err-\(i).txt").path, encoding: .utf8)) ?? "")
        }
        XCTAssertGreaterThan(merged.count, kubectlWrites, "the merges ran beside the kubectl writes")
        let kubectlDone = (0..<kubectlWrites).filter { j in events.contains { $0 == ["K", String(j), "end", "0"] } }
        XCTAssertEqual(kubectlDone.count, kubectlWrites, "every kubectl write eventually took the lock")

        let final = try view(path)
        let clusters = Set(Self.named(final, "clusters").keys)
        let contexts = Set(Self.named(final, "contexts").keys)
        // 0 foreign entries lost through ekspipe's writes.
        XCTAssertTrue(clusters.contains("foreign-seed"))
        for j in kubectlDone { XCTAssertTrue(clusters.contains(Self.name("k", j)), "\(Self.name("k", j)) lost: only an ekspipe write can drop it") }

        // 0 entries lost among ekspipe's own writers; the ones kubectl dropped are counted.
        var droppedByKubectl: [Int] = []
        for i in merged where !contexts.contains("ctx-" + Self.name("e", i)) {
            let began = try XCTUnwrap(index("E", i, "begin")), ended = try XCTUnwrap(index("E", i, "end"))
            let suspects = kubectlDone.filter { j in
                let snapshot = (try? String(contentsOfFile: snaps.appendingPathComponent("pre-\(j)").path, encoding: .utf8)) ?? ""
                let overlap = began < (index("K", j, "end") ?? -1) && ended > (index("K", j, "begin") ?? Int.max)
                return overlap && !snapshot.contains("ctx-" + Self.name("e", i))
            }
            if suspects.isEmpty {
                XCTFail("ctx-\(Self.name("e", i)) lost, and no kubectl write could have dropped it: ekspipe did")
            } else {
                droppedByKubectl.append(i)
            }
        }
        print("kubectl beside ekspipe: \(merged.count) merges, \(kubectlWrites) kubectl writes; "
              + "kubectl dropped \(droppedByKubectl.count) of ekspipe's entries (its read-before-lock race)")
        try assertNoDebris(path)
    }

    static func name(_ prefix: String, _ i: Int) -> String { prefix + "-" + String(format: "%03d", i) }

    /// Starts `/bin/sh -c script` with the tool, the file, the log and the snapshot directory
    /// in its environment.
    func shell(_ script: String, log: String, path: String, snaps: String = "") throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        var e = env
        e["LOG"] = log
        e["KC"] = path
        e["SNAPS"] = snaps
        e["TOOL"] = Harness.tool("kubeconfig-merge")
        p.environment = e
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }
}
