import AWSPorts

/// What a listener rule does with the requests it matches.
public enum RuleAction: Sendable, Equatable {
    /// To one of the target group's registered targets.
    case forward(targetGroup: String)
    /// A response the load balancer makes itself.
    case fixedResponse(status: Int, contentType: String, body: String)
}

/// A listener rule: conditions on the path and the host, an action, and a priority (lower first).
public struct LoadBalancerRule: Sendable, Equatable {
    public var priority: Int
    /// ALB path patterns: case-sensitive, `*` matches any run of characters, `?` exactly one. Any may match.
    public var pathPatterns: [String]
    /// Host patterns, case-insensitive, with the same wildcards. Empty: any host.
    public var hostPatterns: [String]
    public var action: RuleAction

    public init(priority: Int, pathPatterns: [String], hostPatterns: [String] = [], action: RuleAction) {
        self.priority = priority
        self.pathPatterns = pathPatterns
        self.hostPatterns = hostPatterns
        self.action = action
    }

    func matches(_ request: HTTPRequest) -> Bool {
        let pathMatches = pathPatterns.isEmpty || pathPatterns.contains { Wildcard.matches($0, request.pathOnly) }
        guard pathMatches else { return false }
        guard !hostPatterns.isEmpty else { return true }
        let host = (request.header("host") ?? "").lowercased().split(separator: ":").first.map(String.init) ?? ""
        return hostPatterns.contains { Wildcard.matches($0.lowercased(), host) }
    }
}

/// ALB's condition wildcards: `*` any run of characters (also none), `?` exactly one.
enum Wildcard {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
