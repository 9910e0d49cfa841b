import AWSPorts

/// The placeholders of one request, and which of them its expressions used (DynamoDB rejects unused ones).
final class ExpressionPlaceholders {
    let names: [String: String]
    let values: DynamoDBItem
    private(set) var usedNames: Set<String> = []
    private(set) var usedValues: Set<String> = []

    init(_ parameters: ExpressionParameters) {
        names = parameters.names
        values = parameters.values
    }

    func name(_ placeholder: String) throws(ExpressionError) -> String {
        guard let name = names[placeholder] else {
            throw ExpressionError(
                detail: "An expression attribute name used in the document path is not defined; attribute name: \(placeholder)")
        }
        usedNames.insert(placeholder)
        return name
    }

    func value(_ placeholder: String) throws(ExpressionError) -> AttributeValue {
        guard let value = values[placeholder] else {
            throw ExpressionError(
                detail: "An expression attribute value used in expression is not defined; attribute value: \(placeholder)")
        }
        usedValues.insert(placeholder)
        return value
    }

    /// After every expression of the request is parsed: placeholders given but never used are an error.
    func requireAllUsed(anyExpression: Bool) throws(AWSError) {
        if !anyExpression {
            if !names.isEmpty {
                throw DynamoDBErrors.validation("ExpressionAttributeNames can only be specified when using expressions")
            }
            if !values.isEmpty {
                throw DynamoDBErrors.validation("ExpressionAttributeValues can only be specified when using expressions")
            }
            return
        }
        let unusedValues = Set(values.keys).subtracting(usedValues).sorted()
        if !unusedValues.isEmpty {
            throw DynamoDBErrors.validation(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {\(unusedValues.joined(separator: ", "))}")
        }
        let unusedNames = Set(names.keys).subtracting(usedNames).sorted()
        if !unusedNames.isEmpty {
            throw DynamoDBErrors.validation(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {\(unusedNames.joined(separator: ", "))}")
        }
    }
}

/// A recursive-descent parser for condition, key condition, filter, update and projection expressions.
struct ExpressionParser {
    private let text: String
    private let tokens: [(token: ExpressionToken, offset: Int)]
    private var position = 0
    private let placeholders: ExpressionPlaceholders

    init(_ text: String, placeholders: ExpressionPlaceholders) throws(ExpressionError) {
        self.text = text
        self.tokens = try ExpressionLexer.tokenize(text)
        self.placeholders = placeholders
        if tokens.count == 1 { throw ExpressionError(detail: "The expression can not be empty;") }
    }

    // MARK: Entry points

    static func condition(_ text: String, _ placeholders: ExpressionPlaceholders) throws(ExpressionError) -> ConditionNode {
        var parser = try ExpressionParser(text, placeholders: placeholders)
        let node = try parser.parseOr()
        try parser.expectEnd()
        return node
    }

    static func update(_ text: String, _ placeholders: ExpressionPlaceholders) throws(ExpressionError) -> [UpdateAction] {
        var parser = try ExpressionParser(text, placeholders: placeholders)
        return try parser.parseUpdate()
    }

    static func projection(_ text: String, _ placeholders: ExpressionPlaceholders) throws(ExpressionError) -> [DocumentPath] {
        var parser = try ExpressionParser(text, placeholders: placeholders)
        var paths = [try parser.parsePath()]
        while parser.take(.symbol(",")) { paths.append(try parser.parsePath()) }
        try parser.expectEnd()
        return paths
    }

    // MARK: Conditions

    private mutating func parseOr() throws(ExpressionError) -> ConditionNode {
        var node = try parseAnd()
        while takeKeyword("OR") { node = .or(node, try parseAnd()) }
        return node
    }

    private mutating func parseAnd() throws(ExpressionError) -> ConditionNode {
        var node = try parseNot()
        while takeKeyword("AND") { node = .and(node, try parseNot()) }
        return node
    }

    private mutating func parseNot() throws(ExpressionError) -> ConditionNode {
        if takeKeyword("NOT") { return .not(try parseNot()) }
        return try parsePredicate()
    }

    private mutating func parsePredicate() throws(ExpressionError) -> ConditionNode {
        if take(.symbol("(")) {
            let node = try parseOr()
            try expect(.symbol(")"))
            return node
        }
        if case .word(let word) = current, peek(1) == .symbol("(") {
            switch word {
            case "attribute_exists":
                let path = try functionPath()
                return .attributeExists(path)
            case "attribute_not_exists":
                let path = try functionPath()
                return .attributeNotExists(path)
            case "attribute_type":
                advance(); advance()
                let path = try parsePath()
                try expect(.symbol(","))
                let type = try parseOperand()
                try expect(.symbol(")"))
                if case .value(_, let v) = type, case .s(let descriptor) = v,
                    !["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"].contains(descriptor)
                {
                    throw ExpressionError(detail: "Invalid attribute type name found; type: \(descriptor), valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")
                }
                return .attributeType(path, type)
            case "begins_with":
                advance(); advance()
                let subject = try parseOperand()
                try expect(.symbol(","))
                let prefix = try parseOperand()
                try expect(.symbol(")"))
                return .beginsWith(subject, prefix)
            case "contains":
                advance(); advance()
                let subject = try parseOperand()
                try expect(.symbol(","))
                let element = try parseOperand()
                try expect(.symbol(")"))
                return .contains(subject, element)
            case "size":
                break  // an operand, compared below
            default:
                throw ExpressionError(detail: "Invalid function name; function: \(word)")
            }
        }
        let left = try parseOperand()
        if takeKeyword("BETWEEN") {
            let lower = try parseOperand()
            guard takeKeyword("AND") else { throw syntaxError() }
            let upper = try parseOperand()
            return .between(left, lower, upper)
        }
        if takeKeyword("IN") {
            try expect(.symbol("("))
            var candidates = [try parseOperand()]
            while take(.symbol(",")) { candidates.append(try parseOperand()) }
            try expect(.symbol(")"))
            if candidates.count > 100 {
                throw ExpressionError(detail: "The IN operator is provided with too many operands; number of operands: \(candidates.count)")
            }
            return .membership(left, candidates)
        }
        guard case .symbol(let symbol) = current, let comparator = ComparisonOperator(rawValue: symbol) else {
            throw syntaxError()
        }
        advance()
        return .comparison(left, comparator, try parseOperand())
    }

    private mutating func functionPath() throws(ExpressionError) -> DocumentPath {
        advance(); advance()
        let path = try parsePath()
        try expect(.symbol(")"))
        return path
    }

    private mutating func parseOperand() throws(ExpressionError) -> Operand {
        switch current {
        case .valuePlaceholder(let name):
            advance()
            return .value(name, try placeholders.value(name))
        case .word("size") where peek(1) == .symbol("("):
            advance(); advance()
            let path = try parsePath()
            try expect(.symbol(")"))
            return .size(path)
        default:
            return .path(try parsePath())
        }
    }

    // MARK: Paths

    mutating func parsePath() throws(ExpressionError) -> DocumentPath {
        var elements: [DocumentPath.Element] = [.name(try pathName())]
        while true {
            if take(.symbol(".")) {
                elements.append(.name(try pathName()))
            } else if take(.symbol("[")) {
                guard case .number(let index) = current else { throw syntaxError() }
                advance()
                try expect(.symbol("]"))
                elements.append(.index(index))
            } else {
                return DocumentPath(elements: elements)
            }
        }
    }

    private mutating func pathName() throws(ExpressionError) -> String {
        switch current {
        case .namePlaceholder(let placeholder):
            advance()
            return try placeholders.name(placeholder)
        case .word(let word):
            if DynamoDBReservedWords.contains(word) {
                throw ExpressionError(detail: "Attribute name is a reserved keyword; reserved keyword: \(word)")
            }
            if let first = word.utf8.first, (48...57).contains(first) { throw syntaxError() }
            advance()
            return word
        default:
            throw syntaxError()
        }
    }

    // MARK: Update expressions

    private mutating func parseUpdate() throws(ExpressionError) -> [UpdateAction] {
        var actions: [UpdateAction] = []
        var seenClauses: Set<String> = []
        while current != .end {
            guard case .word(let word) = current else { throw syntaxError() }
            let clause = word.uppercased()
            guard ["SET", "REMOVE", "ADD", "DELETE"].contains(clause) else { throw syntaxError() }
            guard seenClauses.insert(clause).inserted else {
                throw ExpressionError(detail: "The \"\(clause)\" section can only be used once in an update expression;")
            }
            advance()
            repeat {
                let path = try parsePath()
                switch clause {
                case "SET":
                    try expect(.symbol("="))
                    actions.append(.set(path, try parseSetValue()))
                case "REMOVE":
                    actions.append(.remove(path))
                case "ADD":
                    actions.append(.add(path, try parseOperand()))
                default:
                    actions.append(.delete(path, try parseOperand()))
                }
            } while take(.symbol(","))
        }
        if actions.isEmpty { throw ExpressionError(detail: "The expression can not be empty;") }
        return actions
    }

    private mutating func parseSetValue() throws(ExpressionError) -> Operand {
        let left = try parseSetOperand()
        if take(.symbol("+")) { return .arithmetic(left, plus: true, try parseSetOperand()) }
        if take(.symbol("-")) { return .arithmetic(left, plus: false, try parseSetOperand()) }
        return left
    }

    private mutating func parseSetOperand() throws(ExpressionError) -> Operand {
        if case .word(let word) = current, peek(1) == .symbol("(") {
            switch word {
            case "if_not_exists":
                advance(); advance()
                let path = try parsePath()
                try expect(.symbol(","))
                let fallback = try parseSetOperand()
                try expect(.symbol(")"))
                return .ifNotExists(path, fallback)
            case "list_append":
                advance(); advance()
                let first = try parseSetOperand()
                try expect(.symbol(","))
                let second = try parseSetOperand()
                try expect(.symbol(")"))
                return .listAppend(first, second)
            default:
                throw ExpressionError(detail: "Invalid function name; function: \(word)")
            }
        }
        return try parseOperand()
    }

    // MARK: Token helpers

    private var current: ExpressionToken { tokens[position].token }

    private func peek(_ distance: Int) -> ExpressionToken {
        tokens[min(position + distance, tokens.count - 1)].token
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private mutating func take(_ token: ExpressionToken) -> Bool {
        guard current == token else { return false }
        advance()
        return true
    }

    private mutating func takeKeyword(_ keyword: String) -> Bool {
        guard case .word(let word) = current, word.uppercased() == keyword else { return false }
        advance()
        return true
    }

    private mutating func expect(_ token: ExpressionToken) throws(ExpressionError) {
        guard take(token) else { throw syntaxError() }
    }

    private func expectEnd() throws(ExpressionError) {
        guard current == .end else { throw syntaxError() }
    }

    private func syntaxError() -> ExpressionError {
        let offset = tokens[position].offset
        return ExpressionError(
            detail: "Syntax error; token: \"\(current.text)\", near: \"\(ExpressionLexer.near(Array(text.utf8), offset))\"")
    }
}
