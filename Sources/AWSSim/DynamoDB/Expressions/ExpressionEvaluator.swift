import AWSPorts
import Foundation

/// Evaluates parsed expressions against items, with DynamoDB's semantics: comparisons between different
/// types are false (and `<>` true), sets compare as sets, numbers compare exactly.
enum ExpressionEvaluator {
    // MARK: Paths

    static func resolve(_ path: DocumentPath, in item: DynamoDBItem) -> AttributeValue? {
        guard case .name(let first) = path.elements.first, var current = item[first] else { return nil }
        for element in path.elements.dropFirst() {
            switch (element, current) {
            case (.name(let name), .m(let members)):
                guard let next = members[name] else { return nil }
                current = next
            case (.index(let index), .l(let elements)):
                guard index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    // MARK: Conditions

    static func evaluate(_ node: ConditionNode, in item: DynamoDBItem) -> Bool {
        switch node {
        case .and(let a, let b): return evaluate(a, in: item) && evaluate(b, in: item)
        case .or(let a, let b): return evaluate(a, in: item) || evaluate(b, in: item)
        case .not(let a): return !evaluate(a, in: item)
        case .attributeExists(let path): return resolve(path, in: item) != nil
        case .attributeNotExists(let path): return resolve(path, in: item) == nil
        case .attributeType(let path, let type):
            guard let value = resolve(path, in: item), case .s(let descriptor)? = operandValue(type, in: item) else {
                return false
            }
            return value.typeDescriptor == descriptor
        case .comparison(let left, let op, let right):
            let a = operandValue(left, in: item)
            let b = operandValue(right, in: item)
            switch op {
            case .equal: return a != nil && b != nil && equal(a!, b!)
            case .notEqual: return !(a != nil && b != nil && equal(a!, b!))
            default:
                guard let a, let b, let ordering = order(a, b) else { return false }
                switch op {
                case .less: return ordering < 0
                case .lessOrEqual: return ordering <= 0
                case .greater: return ordering > 0
                default: return ordering >= 0
                }
            }
        case .between(let subject, let lower, let upper):
            guard let value = operandValue(subject, in: item), let low = operandValue(lower, in: item),
                let high = operandValue(upper, in: item), let a = order(value, low), let b = order(value, high)
            else { return false }
            return a >= 0 && b <= 0
        case .membership(let subject, let candidates):
            guard let value = operandValue(subject, in: item) else { return false }
            return candidates.contains { candidate in operandValue(candidate, in: item).map { equal(value, $0) } ?? false }
        case .beginsWith(let subject, let prefix):
            switch (operandValue(subject, in: item), operandValue(prefix, in: item)) {
            case (.s(let s)?, .s(let p)?): return s.utf8.starts(with: p.utf8)
            case (.b(let b)?, .b(let p)?): return b.starts(with: p)
            default: return false
            }
        case .contains(let subject, let element):
            guard let container = operandValue(subject, in: item), let needle = operandValue(element, in: item) else {
                return false
            }
            switch (container, needle) {
            case (.s(let s), .s(let n)): return n.isEmpty || Array(s.utf8).firstRange(of: Array(n.utf8)) != nil
            case (.b(let b), .b(let n)): return n.isEmpty || Array(b).firstRange(of: Array(n)) != nil
            case (.ss(let set), .s(let n)): return set.contains(n)
            case (.ns(let set), .n(let n)): return set.contains { equal(.n($0), .n(n)) }
            case (.bs(let set), .b(let n)): return set.contains(n)
            case (.l(let list), _): return list.contains { equal($0, needle) }
            default: return false
            }
        }
    }

    static func operandValue(_ operand: Operand, in item: DynamoDBItem) -> AttributeValue? {
        switch operand {
        case .path(let path): return resolve(path, in: item)
        case .value(_, let value): return value
        case .size(let path):
            guard let value = resolve(path, in: item) else { return nil }
            let size: Int
            switch value {
            case .s(let s): size = s.utf8.count
            case .b(let b): size = b.count
            case .ss(let v): size = v.count
            case .ns(let v): size = v.count
            case .bs(let v): size = v.count
            case .l(let v): size = v.count
            case .m(let v): size = v.count
            case .n, .bool, .null: return nil
            }
            return .n(String(size))
        default:
            return nil
        }
    }

    /// Equality as DynamoDB defines it: same type, numbers by value, sets regardless of order.
    static func equal(_ a: AttributeValue, _ b: AttributeValue) -> Bool {
        switch (a, b) {
        case (.s(let x), .s(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.n(let x), .n(let y)): return (try? DynamoNumber(x)) == (try? DynamoNumber(y))
        case (.b(let x), .b(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.ss(let x), .ss(let y)): return Set(x) == Set(y)
        case (.ns(let x), .ns(let y)):
            return Set(x.compactMap { try? DynamoNumber($0) }) == Set(y.compactMap { try? DynamoNumber($0) })
        case (.bs(let x), .bs(let y)): return Set(x) == Set(y)
        case (.l(let x), .l(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.m(let x), .m(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return false
        }
    }

    /// -1, 0 or 1 for two values of the same scalar type (S by UTF-8 bytes, N by value, B by bytes).
    static func order(_ a: AttributeValue, _ b: AttributeValue) -> Int? {
        switch (a, b) {
        case (.s(let x), .s(let y)): return compare(Array(x.utf8), Array(y.utf8))
        case (.b(let x), .b(let y)): return compare(Array(x), Array(y))
        case (.n(let x), .n(let y)):
            guard let p = try? DynamoNumber(x), let q = try? DynamoNumber(y) else { return nil }
            return p < q ? -1 : (p == q ? 0 : 1)
        default: return nil
        }
    }

    private static func compare(_ x: [UInt8], _ y: [UInt8]) -> Int {
        x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
    }

    /// Checks operand types that are wrong whatever the item holds (a map compared with `<`, ...).
    static func validate(_ node: ConditionNode) throws(ExpressionError) {
        func scalarValue(_ operand: Operand, _ function: String) throws(ExpressionError) {
            if case .value(_, let value) = operand, !["S", "N", "B"].contains(value.typeDescriptor) {
                throw ExpressionError(
                    detail: "Incorrect operand type for operator or function; operator or function: \(function), operand type: \(value.typeDescriptor)")
            }
        }
        switch node {
        case .and(let a, let b), .or(let a, let b):
            try validate(a)
            try validate(b)
        case .not(let a): try validate(a)
        case .comparison(let left, let op, let right) where op != .equal && op != .notEqual:
            try scalarValue(left, op.rawValue)
            try scalarValue(right, op.rawValue)
        case .between(let subject, let lower, let upper):
            try scalarValue(subject, "BETWEEN")
            try scalarValue(lower, "BETWEEN")
            try scalarValue(upper, "BETWEEN")
            if case .value(_, let low) = lower, case .value(_, let high) = upper, let ordering = order(low, high), ordering > 0 {
                throw ExpressionError(
                    detail: "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: AttributeValue: {\(low.typeDescriptor):\(describe(low))}, upper operand: AttributeValue: {\(high.typeDescriptor):\(describe(high))}")
            }
        case .beginsWith(_, let prefix):
            if case .value(_, let value) = prefix, value.typeDescriptor != "S", value.typeDescriptor != "B" {
                throw ExpressionError(
                    detail: "Incorrect operand type for operator or function; operator or function: begins_with, operand type: \(value.typeDescriptor)")
            }
        default: break
        }
    }

    private static func describe(_ value: AttributeValue) -> String {
        switch value {
        case .s(let s): s
        case .n(let n): n
        default: value.typeDescriptor
        }
    }

    // MARK: Projection

    /// Keeps only the projected paths, nested as in the item (list elements keep their relative order).
    static func project(_ item: DynamoDBItem, paths: [DocumentPath]) -> DynamoDBItem {
        var result: DynamoDBItem = [:]
        for path in paths {
            guard let value = resolve(path, in: item) else { continue }
            var elements = path.elements[...]
            guard case .name(let first) = elements.removeFirst() else { continue }
            result[first] = insert(value, at: elements, into: result[first], source: item[first]!)
        }
        return result
    }

    private static func insert(
        _ value: AttributeValue, at elements: ArraySlice<DocumentPath.Element>, into existing: AttributeValue?,
        source: AttributeValue
    ) -> AttributeValue {
        guard let element = elements.first else { return value }
        let rest = elements.dropFirst()
        switch (element, source) {
        case (.name(let name), .m(let members)):
            var target: [String: AttributeValue] = [:]
            if case .m(let current)? = existing { target = current }
            target[name] = insert(value, at: rest, into: target[name], source: members[name]!)
            return .m(target)
        case (.index(let index), .l(let list)):
            var target: [AttributeValue] = []
            if case .l(let current)? = existing { target = current }
            target.append(insert(value, at: rest, into: nil, source: list[index]))
            return .l(target)
        default:
            return value
        }
    }
}
