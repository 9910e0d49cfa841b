import AWSPorts

/// Applies an update expression's actions to an item: every SET value is computed from the item as it was
/// before the update, then the actions are applied in order.
enum UpdateApplier {
    static func apply(_ actions: [UpdateAction], to original: DynamoDBItem) throws(AWSError) -> DynamoDBItem {
        var values: [Int: AttributeValue] = [:]
        for (index, action) in actions.enumerated() {
            if case .set(_, let operand) = action { values[index] = try evaluate(operand, in: original) }
        }
        var item = original
        for (index, action) in actions.enumerated() {
            switch action {
            case .set(let path, _):
                try assign(values[index]!, at: path, in: &item)
            case .remove(let path):
                try remove(path, from: &item)
            case .add(let path, let operand):
                guard case .value(_, let value) = operand else { throw incorrectOperand("ADD", operand) }
                let existing = ExpressionEvaluator.resolve(path, in: item)
                try assign(try add(existing, value), at: path, in: &item)
            case .delete(let path, let operand):
                guard case .value(_, let value) = operand, ["SS", "NS", "BS"].contains(value.typeDescriptor) else {
                    throw incorrectOperand("DELETE", operand)
                }
                guard let existing = ExpressionEvaluator.resolve(path, in: item) else { continue }
                if let remaining = try subtract(existing, value) {
                    try assign(remaining, at: path, in: &item)
                } else {
                    try remove(path, from: &item)
                }
            }
        }
        return item
    }

    private static func evaluate(_ operand: Operand, in item: DynamoDBItem) throws(AWSError) -> AttributeValue {
        switch operand {
        case .path(let path):
            guard let value = ExpressionEvaluator.resolve(path, in: item) else {
                throw DynamoDBErrors.validation("The provided expression refers to an attribute that does not exist in the item")
            }
            return value
        case .value(_, let value):
            return value
        case .size:
            throw DynamoDBErrors.validation("Invalid UpdateExpression: Invalid function name; function: size")
        case .ifNotExists(let path, let fallback):
            if let value = ExpressionEvaluator.resolve(path, in: item) { return value }
            return try evaluate(fallback, in: item)
        case .listAppend(let a, let b):
            guard case .l(let first) = try evaluate(a, in: item), case .l(let second) = try evaluate(b, in: item) else {
                throw wrongType()
            }
            return .l(first + second)
        case .arithmetic(let a, let plus, let b):
            guard case .n(let x) = try evaluate(a, in: item), case .n(let y) = try evaluate(b, in: item) else {
                throw wrongType()
            }
            let left = try ItemCodec.number(x)
            let right = try ItemCodec.number(y)
            guard let sum = left.adding(right, negate: !plus) else {
                throw DynamoDBErrors.validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
            }
            return .n(sum.text)
        }
    }

    private static func add(_ existing: AttributeValue?, _ value: AttributeValue) throws(AWSError) -> AttributeValue {
        switch (existing, value) {
        case (nil, .n), (nil, .ss), (nil, .ns), (nil, .bs): return value
        case (.n(let x)?, .n(let y)):
            guard let sum = try ItemCodec.number(x).adding(try ItemCodec.number(y)) else {
                throw DynamoDBErrors.validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
            }
            return .n(sum.text)
        case (.ss(let x)?, .ss(let y)): return .ss(x + y.filter { !x.contains($0) })
        case (.ns(let x)?, .ns(let y)):
            return .ns(x + y.filter { n in !x.contains { ExpressionEvaluator.equal(.n($0), .n(n)) } })
        case (.bs(let x)?, .bs(let y)): return .bs(x + y.filter { !x.contains($0) })
        case (_, .n), (_, .ss), (_, .ns), (_, .bs): throw wrongType()
        default:
            throw DynamoDBErrors.validation(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: \(value.typeDescriptor)")
        }
    }

    /// The set without the given elements, or nil when nothing is left (the attribute is then removed).
    private static func subtract(_ existing: AttributeValue, _ value: AttributeValue) throws(AWSError) -> AttributeValue? {
        switch (existing, value) {
        case (.ss(let x), .ss(let y)):
            let left = x.filter { !y.contains($0) }
            return left.isEmpty ? nil : .ss(left)
        case (.ns(let x), .ns(let y)):
            let left = x.filter { n in !y.contains { ExpressionEvaluator.equal(.n($0), .n(n)) } }
            return left.isEmpty ? nil : .ns(left)
        case (.bs(let x), .bs(let y)):
            let left = x.filter { !y.contains($0) }
            return left.isEmpty ? nil : .bs(left)
        default:
            throw wrongType()
        }
    }

    static func assign(_ value: AttributeValue, at path: DocumentPath, in item: inout DynamoDBItem) throws(AWSError) {
        let name = path.topLevelName
        if path.elements.count == 1 {
            item[name] = value
            return
        }
        guard var root = item[name] else { throw invalidPath() }
        try assign(value, at: path.elements.dropFirst(), in: &root)
        item[name] = root
    }

    private static func assign(
        _ value: AttributeValue, at elements: ArraySlice<DocumentPath.Element>, in container: inout AttributeValue
    ) throws(AWSError) {
        let rest = elements.dropFirst()
        switch (elements.first!, container) {
        case (.name(let name), .m(var members)):
            if rest.isEmpty {
                members[name] = value
            } else {
                guard var child = members[name] else { throw invalidPath() }
                try assign(value, at: rest, in: &child)
                members[name] = child
            }
            container = .m(members)
        case (.index(let index), .l(var list)):
            if rest.isEmpty {
                if index < list.count { list[index] = value } else { list.append(value) }
            } else {
                guard index < list.count else { throw invalidPath() }
                var child = list[index]
                try assign(value, at: rest, in: &child)
                list[index] = child
            }
            container = .l(list)
        default:
            throw invalidPath()
        }
    }

    static func remove(_ path: DocumentPath, from item: inout DynamoDBItem) throws(AWSError) {
        let name = path.topLevelName
        if path.elements.count == 1 {
            item.removeValue(forKey: name)
            return
        }
        guard var root = item[name] else { return }
        try remove(path.elements.dropFirst(), from: &root)
        item[name] = root
    }

    private static func remove(_ elements: ArraySlice<DocumentPath.Element>, from container: inout AttributeValue) throws(AWSError) {
        let rest = elements.dropFirst()
        switch (elements.first!, container) {
        case (.name(let name), .m(var members)):
            if rest.isEmpty {
                members.removeValue(forKey: name)
            } else if var child = members[name] {
                try remove(rest, from: &child)
                members[name] = child
            }
            container = .m(members)
        case (.index(let index), .l(var list)):
            if rest.isEmpty {
                if index < list.count { list.remove(at: index) }
            } else if index < list.count {
                var child = list[index]
                try remove(rest, from: &child)
                list[index] = child
            }
            container = .l(list)
        default:
            throw invalidPath()
        }
    }

    private static func invalidPath() -> AWSError {
        DynamoDBErrors.validation("The document path provided in the update expression is invalid for update")
    }

    private static func wrongType() -> AWSError {
        DynamoDBErrors.validation("An operand in the update expression has an incorrect data type")
    }

    private static func incorrectOperand(_ clause: String, _ operand: Operand) -> AWSError {
        let type: String
        if case .value(_, let value) = operand { type = value.typeDescriptor } else { type = "path" }
        return DynamoDBErrors.validation(
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: \(clause), operand type: \(type)")
    }
}
