import Foundation
import SimKernel

/// `timeline.html`: the run as a picture, self-contained (inline SVG and CSS, no script, no network). A lane for
/// the faults the run injected (when it injected any), one per container, then one per session; each stage of
/// each command a coloured bar on simulated time, faults and errors as markers, each interrupt as an arrow from
/// the interrupting session to the interrupted one, and a hover title with ids and durations on every bar.
public enum TimelinePage {
    static let colours: [RunSpans.Stage: String] = [
        .command: "#d9d9d9", .switchBranch: "#9467bd", .claude: "#1f77b4", .commit: "#bcbd22", .build: "#ff7f0e", .sync: "#2ca02c",
        .push: "#8c564b", .respond: "#17becf",
    ]

    public static func render(_ spans: RunSpans, title: String, subtitle: String) -> String {
        let labelWidth = 170.0, plotWidth = 1000.0, laneHeight = 26.0, top = 40.0
        let total = max(1.0, (spans.end - spans.start).secondsValue)
        func x(_ instant: Instant) -> Double { labelWidth + (instant - spans.start).secondsValue / total * plotWidth }
        let containers = spans.containers, sessions = spans.sessions
        let faults = spans.marks.filter { $0.kind == "fault" }
        let lanes = (faults.isEmpty ? [] : [("faults", "faults")]) + containers.map { ("container", $0) } + sessions.map { ("session", $0) }
        let height = top + Double(lanes.count) * laneHeight + 50
        func seconds(_ instant: Instant) -> String { String(format: "%.1f s", (instant - spans.start).secondsValue) }
        var svg = "<svg width=\"\(Int(labelWidth + plotWidth + 20))\" height=\"\(Int(height))\" role=\"img\">\n"
        /// A vertical arrow from y1 to y2 at x: a line and its head (no marker reference: nothing but inline shapes).
        func arrow(_ x: Double, _ y1: Double, _ y2: Double, attributes: String = "", title: String = "") -> String {
            let down = y2 > y1, head = down ? -6.0 : 6.0
            let hover = title.isEmpty ? "" : "<title>\(escape(title))</title>"
            return "<g class=\"arrow\"\(attributes)><line x1=\"\(f(x))\" y1=\"\(f(y1))\" x2=\"\(f(x))\" y2=\"\(f(y2))\"/>"
                + "<path d=\"M\(f(x)) \(f(y2)) l-4 \(f(head)) h8 z\"/>\(hover)</g>"
        }
        // The time axis: a tick every step seconds.
        let step = [1.0, 5, 10, 30, 60, 120, 300, 600, 1800].first { total / $0 <= 12 } ?? 3600
        var tick = 0.0
        while tick <= total {
            let position = labelWidth + tick / total * plotWidth
            svg += "<line class=\"tick\" x1=\"\(f(position))\" y1=\"\(f(top - 6))\" x2=\"\(f(position))\" y2=\"\(f(height - 40))\"/>"
            svg += "<text class=\"axis\" x=\"\(f(position))\" y=\"\(f(top - 10))\">\(Int(tick)) s</text>\n"
            tick += step
        }
        for (index, lane) in lanes.enumerated() {
            let y = top + Double(index) * laneHeight
            let icon = ["faults": "⚡ ", "container": "▣ "][lane.0] ?? "● "
            svg += "<text class=\"lane\" x=\"4\" y=\"\(f(y + 17))\">\(escape(icon + lane.1))</text>\n"
            svg += "<line class=\"lane-line\" x1=\"\(f(labelWidth))\" y1=\"\(f(y + laneHeight))\" x2=\"\(f(labelWidth + plotWidth))\" y2=\"\(f(y + laneHeight))\"/>\n"
            let own = spans.spans.filter { (lane.0 == "container" && $0.container == lane.1) || (lane.0 == "session" && $0.sessionId == lane.1) }
            for span in own {
                let inset = span.stage == .command ? 2.0 : 6.0
                let width = max(1.5, x(span.end) - x(span.start))
                let seconds = String(format: "%.1f s", (span.end - span.start).secondsValue)
                let hover = "\(span.stage.rawValue) \(seconds) · \(span.commandId) · \(span.sessionId) · \(span.container) · \(span.outcome)"
                let failed = span.outcome.contains("failed") ? " failed" : ""
                svg += "<rect class=\"stage\(failed)\" data-lane=\"\(lane.0)\" data-stage=\"\(span.stage.rawValue)\" data-command=\"\(escape(span.commandId))\" "
                    + "x=\"\(f(x(span.start)))\" y=\"\(f(y + inset))\" width=\"\(f(width))\" height=\"\(f(laneHeight - 2 * inset))\" "
                    + "fill=\"\(colours[span.stage]!)\"><title>\(escape(hover))</title></rect>\n"
            }
            if lane.0 == "container" {
                for mark in spans.marks where mark.container == lane.1 {
                    let mx = x(mark.at)
                    svg += "<path class=\"mark \(mark.kind)\" d=\"M\(f(mx)) \(f(y + 1)) l5 -7 h-10 z\"><title>\(escape(mark.kind + ": " + mark.text))</title></path>\n"
                }
            }
            if lane.0 == "faults" {
                for fault in faults {
                    let mx = x(fault.at)
                    svg += "<path class=\"mark fault\" d=\"M\(f(mx)) \(f(y + 5)) l5 8 l-5 8 l-5 -8 z\"><title>\(escape("fault at " + seconds(fault.at) + ": " + fault.text))</title></path>\n"
                }
            }
        }
        // Interrupts: an arrow from the interrupting session's lane to the interrupted one's, at the instant.
        func laneMiddle(_ session: String) -> Double? {
            lanes.firstIndex { $0.0 == "session" && $0.1 == session }.map { top + Double($0) * laneHeight + laneHeight / 2 }
        }
        for mark in spans.marks where mark.kind == "interrupt" {
            guard let by = mark.by, let from = laneMiddle(by), let to = laneMiddle(mark.sessionId), from != to else { continue }
            let tip = to + (from < to ? -4 : 4)
            svg += arrow(x(mark.at), from, tip, attributes: " data-interrupt=\"\(escape(mark.sessionId))\"", title: "interrupt at " + seconds(mark.at) + ": " + mark.text) + "\n"
        }
        // The legend.
        var legendX = labelWidth
        let legendY = height - 20
        for stage in RunSpans.Stage.allCases {
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(legendY - 10))\" width=\"14\" height=\"10\" fill=\"\(colours[stage]!)\"/>"
            svg += "<text class=\"legend\" x=\"\(f(legendX + 18))\" y=\"\(f(legendY))\">\(stage.rawValue)</text>\n"
            legendX += 78
        }
        svg += "<path class=\"mark error\" d=\"M\(f(legendX + 6)) \(f(legendY)) l5 -7 h-10 z\"/><text class=\"legend\" x=\"\(f(legendX + 16))\" y=\"\(f(legendY))\">error</text>"
        svg += "<path class=\"mark interrupt\" d=\"M\(f(legendX + 66)) \(f(legendY)) l5 -7 h-10 z\"/>" + arrow(legendX + 76, legendY - 10, legendY)
            + "<text class=\"legend\" x=\"\(f(legendX + 84))\" y=\"\(f(legendY))\">interrupt</text>"
        svg += "<path class=\"mark fault\" d=\"M\(f(legendX + 150)) \(f(legendY - 10)) l5 5 l-5 5 l-5 -5 z\"/><text class=\"legend\" x=\"\(f(legendX + 160))\" y=\"\(f(legendY))\">fault</text>\n"
        svg += "</svg>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title)) · wsim timeline</title>
            <style>
            body { font: 13px system-ui, sans-serif; margin: 16px; color: #222; background: #fff; }
            h1 { font-size: 17px; margin: 0 0 4px; } p { margin: 0 0 12px; color: #555; }
            .tick { stroke: #eee; } .lane-line { stroke: #f2f2f2; } .axis { font-size: 10px; fill: #888; text-anchor: middle; }
            .lane { font-size: 11px; fill: #333; } .legend { font-size: 11px; fill: #333; }
            .stage { stroke: #fff; stroke-width: 0.5; } .stage.failed { stroke: #d62728; stroke-width: 1.5; }
            .mark.error { fill: #d62728; } .mark.interrupt { fill: #ff9896; stroke: #d62728; } .mark.fault { fill: #ffbb00; stroke: #8a6d00; }
            .arrow line { stroke: #d62728; stroke-width: 1.5; } .arrow path { fill: #d62728; }
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <p>\(escape(subtitle)) · \(spans.spans.count) spans on \(containers.count) container\(containers.count == 1 ? "" : "s") and \(sessions.count) session\(sessions.count == 1 ? "" : "s")\(faults.isEmpty ? "" : ", \(faults.count) fault\(faults.count == 1 ? "" : "s") injected"); simulated time from the start of the run. Hover a bar for its ids and duration.</p>
            \(svg)</body>
            </html>

            """
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
