import Common

/// What stops `--convert` before anything is written (exit 2: the input names what is not there).
enum ConvertError: ToolError, Equatable {
    /// `--kubeconfig PATH` names no file.
    case noFile(String)
    /// `--context NAME`s found in none of the files.
    case noSuchContexts([String], files: [String])

    var exitCode: ExitCode { .usage }

    var message: String {
        switch self {
        case .noFile(let p): return "\(p): no such kubeconfig file"
        case .noSuchContexts(let names, let files):
            let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
            return "no context \(list) in \(files.map { Path.tilde($0) }.joined(separator: ", "))"
        }
    }
}
