import Foundation

/// What `astro dev` does for a browser: an HTML page of a session preview, served on the load balancer's socket,
/// gets a small script that opens the thread's live-reload WebSocket and reloads the page on `reload`.
enum LiveReloadScript {
    /// The thread of a preview path (`/session/{chatThreadId}/...`), if it is safe to write into a script.
    static func thread(ofPreviewPath path: String) -> String? {
        let parts = path.prefix { $0 != "?" }.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].isEmpty, parts[1] == "session" else { return nil }
        let thread = parts[2]
        let safe = !thread.isEmpty && thread.count <= 128
            && thread.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.".unicodeScalars.contains($0) }
        return safe ? String(thread) : nil
    }

    static func tag(thread: String) -> String {
        "<script>/* wsim live reload */(function(){var s=new WebSocket(location.origin.replace(/^http/,\"ws\")+\"/session/\(thread)/_hmr\");"
            + "s.onmessage=function(e){if(e.data===\"reload\")location.reload()}})();</script>"
    }

    /// The page with the script before its last `</body>` (or at its end).
    static func inject(into page: Data, thread: String) -> Data {
        let text = String(decoding: page, as: UTF8.self)
        let tag = tag(thread: thread)
        guard let body = text.range(of: "</body>", options: [.backwards, .caseInsensitive]) else { return Data((text + tag).utf8) }
        return Data((text[..<body.lowerBound] + tag + text[body.lowerBound...]).utf8)
    }
}
