import CXML2
import Common

/// XML that could not be parsed, with libxml2's line and reason.
public struct XMLSyntaxError: ToolError {
    public let line: Int
    public let reason: String
    public var exitCode: ExitCode { .runtime }
    public var message: String { "invalid XML in the answer (line \(line)): \(reason)" }
}

/// One parsed libxml2 document (init acquires, deinit frees it). AWS's Query-protocol answers
/// (STS) are small; elements are looked up by local name, ignoring namespaces.
public final class XMLTree {
    private let doc: xmlDocPtr

    public init(_ bytes: [UInt8]) throws {
        // No network access for DTDs, no entity expansion, no error printing to stderr.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { c in
                xmlReadMemory(c.baseAddress, Int32(c.count), "answer.xml", nil, options)
            }
        }
        guard let parsed else {
            let err = xmlGetLastError()
            let reason = err.flatMap { $0.pointee.message.map { String(cString: $0).trimmingWhitespace() } } ?? "not XML"
            throw XMLSyntaxError(line: Int(err?.pointee.line ?? 0), reason: String(reason))
        }
        doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    public var root: Element? {
        guard let n = xmlDocGetRootElement(doc) else { return nil }
        return Element(tree: self, node: n)
    }

    /// An element of the tree; holds the tree so the node stays valid.
    public struct Element {
        let tree: XMLTree
        let node: xmlNodePtr

        public var name: String { node.pointee.name.map { String(cString: $0) } ?? "" }

        /// The concatenated text content.
        public var text: String {
            guard let p = xmlNodeGetContent(node) else { return "" }
            defer { ekspipe_xml_free(p) }
            return String(cString: p)
        }

        public var children: [Element] {
            var out: [Element] = []
            var c = node.pointee.children
            while let n = c {
                if n.pointee.type == XML_ELEMENT_NODE { out.append(Element(tree: tree, node: n)) }
                c = n.pointee.next
            }
            return out
        }

        public func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// The first element named `name` at or below this one, depth first.
        public func descendant(_ name: String) -> Element? {
            if self.name == name { return self }
            for c in children {
                if let d = c.descendant(name) { return d }
            }
            return nil
        }

        /// Follows `path` from the first descendant named `path[0]`.
        public func find(_ path: [String]) -> Element? {
            guard let first = path.first, var e = descendant(first) else { return nil }
            for name in path.dropFirst() {
                guard let c = e.child(name) else { return nil }
                e = c
            }
            return e
        }
    }
}
