import Foundation
import SimKernel

/// `timeline.html`: the run as a picture, self-contained (inline SVG and CSS, no script, no network). One lane
/// per container, then one per session; each stage of each command a coloured bar on simulated time, errors and
/// interrupts as markers, and a hover title with ids and durations on every bar.
public enum TimelinePage {
    static let colours: [RunSpans.Stage: String] = [
        .command: "#d9d9d9", .switchBranch: "#9467bd", .claude: "#1f77b4", .build: "#ff7f0e", .sync: "#2ca02c", .push: "#8c564b",
    ]

    public static func render(_ spans: RunSpans, title: String, subtitle: String) -> String {
        let labelWidth = 170.0, plotWidth = 1000.0, laneHeight = 26.0, top = 40.0
        let total = max(1.0, (spans.end - spans.start).secondsValue)
        func x(_ instant: Instant) -> Double { labelWidth + (instant - spans.start).secondsValue / total * plotWidth }
        let containers = spans.containers, sessions = spans.sessions
        let lanes = containers.map { ("container", $0) } + sessions.map { ("session", $0) }
        let height = top + Double(lanes.count) * laneHeight + 50
        var svg = "<svg width=\"\(Int(labelWidth + plotWidth + 20))\" height=\"\(Int(height))\" role=\"img\">\n"
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
            svg += "<text class=\"lane\" x=\"4\" y=\"\(f(y + 17))\">\(escape(lane.0 == "container" ? "▣ " + lane.1 : "● " + lane.1))</text>\n"
            svg += "<line class=\"lane-line\" x1=\"\(f(labelWidth))\" y1=\"\(f(y + laneHeight))\" x2=\"\(f(labelWidth + plotWidth))\" y2=\"\(f(y + laneHeight))\"/>\n"
            let own = spans.spans.filter { lane.0 == "container" ? $0.container == lane.1 : $0.sessionId == lane.1 }
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
        }
        // The legend.
        var legendX = labelWidth
        let legendY = height - 20
        for stage in RunSpans.Stage.allCases {
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(legendY - 10))\" width=\"14\" height=\"10\" fill=\"\(colours[stage]!)\"/>"
            svg += "<text class=\"legend\" x=\"\(f(legendX + 18))\" y=\"\(f(legendY))\">\(stage.rawValue)</text>\n"
            legendX += 90
        }
        svg += "<path class=\"mark error\" d=\"M\(f(legendX + 6)) \(f(legendY)) l5 -7 h-10 z\"/><text class=\"legend\" x=\"\(f(legendX + 16))\" y=\"\(f(legendY))\">error</text>"
        svg += "<path class=\"mark interrupt\" d=\"M\(f(legendX + 76)) \(f(legendY)) l5 -7 h-10 z\"/><text class=\"legend\" x=\"\(f(legendX + 86))\" y=\"\(f(legendY))\">interrupt</text>\n"
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
            .mark.error { fill: #d62728; } .mark.interrupt { fill: #ff9896; stroke: #d62728; }
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <p>\(escape(subtitle)) · \(spans.spans.count) spans on \(containers.count) container\(containers.count == 1 ? "" : "s") and \(sessions.count) session\(sessions.count == 1 ? "" : "s"); simulated time from the start of the run. Hover a bar for its ids and duration.</p>
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
