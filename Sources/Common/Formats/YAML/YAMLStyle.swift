/// Where a YAML node stood and how it was written: shared by the tree (YAMLNode.swift), the
/// readers and the emitter, and by YAMLResolve, since quoting changes what a scalar means.

/// A position in the source text, 1-based as editors show it.
public struct YAMLMark: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    /// Nodes made by the program rather than read from a file.
    public static let none = YAMLMark(line: 0, column: 0)
}

/// How a scalar was written; `.any` lets the emitter choose (plain where that reads back the same).
public enum YAMLScalarStyle: Sendable, Equatable {
    case any, plain, singleQuoted, doubleQuoted, literal, folded
}

/// How a sequence or mapping was written: indented block or `[...]`/`{...}` flow.
public enum YAMLCollectionStyle: Sendable, Equatable {
    case any, block, flow
}
