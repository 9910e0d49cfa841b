import Foundation
import SimKernel
import Worker

/// How long a build takes: a base, plus per page, plus per KiB of source, times a seeded jitter. The real
/// amelia site built in about 560 ms.
public struct BuildTiming: Sendable {
    public var base: Duration
    public var perPage: Duration
    public var perKiB: Duration
    public var jitter: ClosedRange<Double>

    public init(base: Duration = .milliseconds(350), perPage: Duration = .milliseconds(40), perKiB: Duration = .milliseconds(4),
                jitter: ClosedRange<Double> = 0.85...1.3) {
        self.base = base
        self.perPage = perPage
        self.perKiB = perKiB
        self.jitter = jitter
    }
}

/// `npm run build` for the starter sites: a small real static-site generator. Pages in `src/pages/*.astro`
/// become `dist/<name>/index.html` (`index` and `404` stay at the root), `public/` is copied, and templates
/// are rendered with their layouts, components, frontmatter constants and JSON config.
public final class FakeAstroBuilder: SiteBuilder {
    private var random: SeededGenerator
    private let timing: BuildTiming
    public var faults: ToolFaultPolicy?

    public init(random: SeededGenerator, timing: BuildTiming = BuildTiming(), faults: ToolFaultPolicy? = nil) {
        self.random = random
        self.timing = timing
        self.faults = faults
    }

    public func start(workspace: String, at instant: Instant) -> BuildTask {
        let root = URL(fileURLWithPath: workspace)
        let fault = faults?.fault(for: .build, workspace: workspace, at: instant)
        let plan = BuildPlan.make(root: root)
        var duration = timing.base + timing.perPage * plan.pageCount + timing.perKiB * (plan.sourceBytes / 1024)
        let jitter = timing.jitter.lowerBound + random.unitInterval() * (timing.jitter.upperBound - timing.jitter.lowerBound)
        duration = duration * jitter
        if case .slow(let factor) = fault { duration = duration * factor }
        return FakeBuildTask(root: root, plan: plan, duration: duration, fault: fault)
    }
}

/// Everything a build will write, rendered when the build starts.
struct BuildPlan {
    var outputs: [(path: String, contents: Data)] = []
    var failure: String?
    var pageCount = 0
    var sourceBytes = 0

    static func make(root: URL) -> BuildPlan {
        var plan = BuildPlan()
        let renderer = AstroRenderer(root: root)
        let pages = files(under: root.appendingPathComponent("src/pages"), relativeTo: root).filter {
            $0.hasSuffix(".astro") && !($0.split(separator: "/").last?.hasPrefix("_") ?? false)
        }
        plan.pageCount = pages.count
        plan.sourceBytes = FileTree.files(under: root.appendingPathComponent("src").path).reduce(0) { $0 + $1.size }
        if pages.isEmpty {
            plan.failure = "no pages in src/pages"
            return plan
        }
        for page in pages {
            do {
                var html = try renderer.renderPage(page)
                if html.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().hasPrefix("<html") {
                    html = "<!DOCTYPE html>\n" + html.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
                }
                plan.outputs.append((outputPath(for: page), Data(html.utf8)))
            } catch {
                plan.failure = "\(error)"
                return plan
            }
        }
        for file in files(under: root.appendingPathComponent("public"), relativeTo: root) {
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) {
                plan.outputs.append((String(file.dropFirst("public/".count)), data))
            }
        }
        plan.outputs.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return plan
    }

    /// `src/pages/about.astro` → `about/index.html`; `index` and `404` pages stay at the root.
    static func outputPath(for page: String) -> String {
        var name = String(page.dropFirst("src/pages/".count).dropLast(".astro".count))
        if name == "404" { return "404.html" }
        if name == "index" { return "index.html" }
        if name.hasSuffix("/index") { name.removeLast("/index".count) }
        return name + "/index.html"
    }

    /// Files below `directory`, as paths relative to `root`, sorted bytewise.
    static func files(under directory: URL, relativeTo root: URL) -> [String] {
        let prefix = String(directory.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
            .drop { $0 == "/" }
        let base = prefix.isEmpty ? "" : prefix + "/"
        return FileTree.files(under: directory.path).map { base + $0.path }
    }
}

final class FakeBuildTask: BuildTask {
    let root: URL
    let plan: BuildPlan
    let duration: Duration
    let fault: ToolFault?

    init(root: URL, plan: BuildPlan, duration: Duration, fault: ToolFault?) {
        self.root = root
        self.plan = plan
        self.duration = duration
        self.fault = fault
    }

    func complete() -> BuildResult {
        if case .fail(let reason) = fault {
            return .failure(reason: reason)
        }
        if case .stopHalfway = fault {
            write(count: plan.outputs.count / 2)
            return .failure(reason: "build stopped half way")
        }
        if let failure = plan.failure { return .failure(reason: failure) }
        write(count: plan.outputs.count)
        return .success(files: plan.outputs.map(\.path))
    }

    func interrupt(after elapsed: Duration) -> BuildResult {
        let fraction = min(1, max(0, elapsed.secondsValue / max(duration.secondsValue, 0.001)))
        write(count: Int(Double(plan.outputs.count) * fraction))
        return .interrupted
    }

    /// Leaves `dist/` holding exactly the first `count` outputs, as Astro's emptying of `dist/` and writing
    /// would, but without rewriting files whose bytes are already right: creating files is the slowest
    /// thing a build does here.
    private func write(count: Int) {
        let dist = root.appendingPathComponent("dist")
        let wanted = plan.outputs.prefix(count)
        let keep = Set(wanted.map(\.path))
        for existing in BuildPlan.files(under: dist, relativeTo: dist) where !keep.contains(existing) {
            try? FileManager.default.removeItem(at: dist.appendingPathComponent(existing))
        }
        var directories: Set<String> = []
        for output in wanted {
            let url = dist.appendingPathComponent(output.path)
            if FileManager.default.contents(atPath: url.path) == output.contents { continue }
            let directory = url.deletingLastPathComponent().path
            if !directories.contains(directory) {
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                directories.insert(directory)
            }
            try? output.contents.write(to: url)
        }
        removeEmptyDirectories(in: dist)
    }

    private func removeEmptyDirectories(in directory: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names {
            let child = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            removeEmptyDirectories(in: child)
            if (try? FileManager.default.contentsOfDirectory(atPath: child.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: child)
            }
        }
    }
}
