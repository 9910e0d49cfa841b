import AWSPorts
import SimKernel

/// Query-protocol parameters as a tree: `Attribute.1.Name=x` is the `Name` of the first `Attribute`. Read
/// into the JSON protocol's member shape so one decoder serves both protocols.
struct FormTree {
    indirect enum Node {
        case value(String)
        case children([String: Node])
    }

    private var root: [String: Node] = [:]

    /// The deepest real SQS parameter (`SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue`)
    /// has six parts; anything much deeper or longer is refused, never recursed into.
    static let maximumParts = 8
    static let maximumNameLength = 256
    static let maximumPairs = 2000

    init(_ pairs: [(name: String, value: String)]) throws(AWSError) {
        guard pairs.count <= Self.maximumPairs else {
            throw WireErrors.invalidValue("the request", "more than \(Self.maximumPairs) parameters", service: .sqs)
        }
        for (name, value) in pairs {
            guard name.utf8.count <= Self.maximumNameLength else {
                throw WireErrors.invalidValue(String(name.prefix(40)) + "...", "a parameter name longer than \(Self.maximumNameLength) bytes", service: .sqs)
            }
            let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard path.count <= Self.maximumParts else {
                throw WireErrors.invalidValue(String(name.prefix(40)), "a parameter name of more than \(Self.maximumParts) parts", service: .sqs)
            }
            Self.insert(value, at: path[...], into: &root)
        }
    }

    private static func insert(_ value: String, at path: ArraySlice<String>, into nodes: inout [String: Node]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            // The first value of a repeated name wins; a name that is also a parent stays a parent.
            if nodes[head] == nil { nodes[head] = .value(value) }
            return
        }
        var children: [String: Node] = [:]
        if case .children(let existing)? = nodes[head] { children = existing }
        insert(value, at: path.dropFirst(), into: &children)
        nodes[head] = .children(children)
    }

    func scalar(_ name: String) -> String? {
        if case .value(let text)? = root[name] { return text }
        return nil
    }

    /// The SQS members: scalars as strings; `Attribute.N`, `Tag.N`, `MessageAttribute.N`,
    /// `MessageSystemAttribute.N` as maps; `AttributeName.N` and the like as lists; batch entries as `Entries`.
    func sqsMembers() -> [String: JSONValue] { Self.members(root) }

    private static let maps: [String: (member: String, key: String)] = [
        "Attribute": ("Attributes", "Name"), "Tag": ("tags", "Key"),
        "MessageAttribute": ("MessageAttributes", "Name"), "MessageSystemAttribute": ("MessageSystemAttributes", "Name"),
    ]
    private static let lists: [String: String] = [
        "AttributeName": "AttributeNames", "MessageAttributeName": "MessageAttributeNames",
        "MessageSystemAttributeName": "MessageSystemAttributeNames",
        "SendMessageBatchRequestEntry": "Entries", "DeleteMessageBatchRequestEntry": "Entries",
        "ChangeMessageVisibilityBatchRequestEntry": "Entries",
    ]

    private static func members(_ nodes: [String: Node]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for name in nodes.keys.sorted() {
            let node = nodes[name]!
            if let map = maps[name], case .children(let items) = node {
                var object: [String: JSONValue] = [:]
                for item in ordered(items) {
                    guard case .children(let fields) = item, case .value(let key)? = fields[map.key] else { continue }
                    switch fields["Value"] {
                    case .value(let text)?: object[key] = .string(text)
                    case .children(let inner)?: object[key] = .object(members(inner))
                    case nil: break
                    }
                }
                out[map.member] = .object(object)
            } else if let list = lists[name], case .children(let items) = node {
                out[list] = .array(ordered(items).map { item in
                    switch item {
                    case .value(let text): .string(text)
                    case .children(let fields): .object(members(fields))
                    }
                })
            } else {
                switch node {
                case .value(let text): out[name] = .string(text)
                case .children(let fields): out[name] = .object(members(fields))
                }
            }
        }
        return out
    }

    /// `1`, `2`, ... `10` in numeric order; names that are not numbers are left out.
    private static func ordered(_ items: [String: Node]) -> [Node] {
        items.compactMap { key, node in Int(key).map { ($0, node) } }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
