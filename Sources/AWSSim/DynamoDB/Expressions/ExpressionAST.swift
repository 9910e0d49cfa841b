import AWSPorts

/// A path into an item: `a.b[2].c`.
struct DocumentPath: Hashable, CustomStringConvertible {
    enum Element: Hashable {
        case name(String)
        case index(Int)
    }

    var elements: [Element]

    /// The top-level attribute the path starts at.
    var topLevelName: String {
        if case .name(let name) = elements.first { return name }
        return ""
    }

    /// As DynamoDB prints paths in errors: `[a, b, [2]]`.
    var description: String {
        "[" + elements.map { element in
            switch element {
            case .name(let n): n
            case .index(let i): "[\(i)]"
            }
        }.joined(separator: ", ") + "]"
    }

    func isPrefix(of other: DocumentPath) -> Bool {
        elements.count <= other.elements.count && Array(other.elements.prefix(elements.count)) == elements
    }
}

/// Something that evaluates to a value in an expression.
indirect enum Operand: Equatable {
    case path(DocumentPath)
    /// A `:placeholder` and its value.
    case value(String, AttributeValue)
    case size(DocumentPath)
    /// Update expressions only.
    case ifNotExists(DocumentPath, Operand)
    case listAppend(Operand, Operand)
    case arithmetic(Operand, plus: Bool, Operand)
}

enum ComparisonOperator: String {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A condition, key condition or filter expression.
indirect enum ConditionNode: Equatable {
    case comparison(Operand, ComparisonOperator, Operand)
    case between(Operand, Operand, Operand)
    case membership(Operand, [Operand])
    case attributeExists(DocumentPath)
    case attributeNotExists(DocumentPath)
    case attributeType(DocumentPath, Operand)
    case beginsWith(Operand, Operand)
    case contains(Operand, Operand)
    case and(ConditionNode, ConditionNode)
    case or(ConditionNode, ConditionNode)
    case not(ConditionNode)
}

/// One action of an update expression.
enum UpdateAction: Equatable {
    case set(DocumentPath, Operand)
    case remove(DocumentPath)
    case add(DocumentPath, Operand)
    case delete(DocumentPath, Operand)

    var path: DocumentPath {
        switch self {
        case .set(let p, _), .remove(let p), .add(let p, _), .delete(let p, _): p
        }
    }
}
