/// An existing kubeconfig file that is not what kubectl reads: bad input (exit 2), located by
/// file, line and column. It is refused, never overwritten. The wording is made here.
public struct KubeconfigError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        case multipleDocuments(Int)
        case notAMapping
        case sectionNotAList(String)
        case entryNotAMapping(section: String, index: Int)
        case entryWithoutName(section: String, index: Int)
        case innerNotAMapping(section: String, index: Int, key: String)
        case currentContextNotAString
        /// Refused before reading: past the YAML size limit.
        case tooLarge(bytes: Int, limit: Int)
        /// `--update error` and an entry of that name with other content (exit 1: nothing is
        /// wrong with the input, the file holds something else).
        case entryExists(section: String, name: String)
    }

    public let source: String
    /// Where in the file; nil for problems of the whole file.
    public let mark: YAMLMark?
    public let problem: Problem

    public init(source: String, mark: YAMLMark?, _ problem: Problem) {
        self.source = source
        self.mark = mark
        self.problem = problem
    }

    public var exitCode: ExitCode {
        if case .entryExists = problem { return .runtime }
        return .usage
    }

    public var message: String {
        let at = mark.map { "\(source):\($0.line):\($0.column)" } ?? source
        switch problem {
        case .multipleDocuments(let n): return "\(at): holds \(n) YAML documents; a kubeconfig holds one"
        case .notAMapping: return "\(at): a kubeconfig must be a mapping"
        case .sectionNotAList(let s): return "\(at): \(s) must be a list"
        case .entryNotAMapping(let s, let i): return "\(at): \(s)[\(i)] must be a mapping"
        case .entryWithoutName(let s, let i): return "\(at): \(s)[\(i)] has no name"
        case .innerNotAMapping(let s, let i, let k): return "\(at): \(s)[\(i)].\(k) must be a mapping"
        case .currentContextNotAString: return "\(at): current-context must be a string"
        case .tooLarge(let bytes, let limit): return "\(at): \(bytes) bytes is more than the \(limit >> 20) MiB limit for a kubeconfig"
        case .entryExists(let s, let name): return "\(at): \(s) entry \"\(name)\" exists with different content (--update error)"
        }
    }
}
