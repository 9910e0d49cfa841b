import Foundation

/// `wsim check`: what a sim config file is (a scenario, a fault plan, a fault space) and whether it loads,
/// with every error of the file at once. A scenario is also prepared (its seed set, its plans, its sites),
/// exactly as `wsim run` does before anything runs.
public enum ConfigFileCheck {
    public enum Kind: String, Sendable {
        case scenario
        case faultPlan = "fault plan"
        case faultSpace = "fault space"
    }

    /// What the file is; every error found in it (and, for a scenario, in the plans it names) when it does not
    /// load.
    public static func check(_ url: URL, projectRoot: URL) -> Result<Kind, ConfigError> {
        let display = ProjectPath.display(url, projectRoot: projectRoot)
        do throws(ConfigError) {
            let root = try ConfigNode.load(url, displayName: display)
            let keys = (try? root.mapping(allowed: nil).keys) ?? []
            if keys.contains("workload") || keys.contains("checks") {
                let scenario = try ScenarioLoader.load(url, displayName: display)
                _ = try ScenarioRunner.prepare(scenario, settings: RunSettings(seed: 0, projectRoot: projectRoot))
                return .success(.scenario)
            }
            if keys.contains("rules") {
                _ = try FaultSpaceLoader.parse(root)
                return .success(.faultSpace)
            }
            if keys.contains("faults") {
                _ = try FaultPlanLoader.parse(root, name: url.deletingPathExtension().lastPathComponent)
                return .success(.faultPlan)
            }
            throw root.error("not a scenario (workload, checks), a fault plan (faults) or a fault space (rules, faults)")
        } catch {
            return .failure(error)
        }
    }
}
