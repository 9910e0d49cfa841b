/// Bugs a test may plant in the worker, to show that the swarm finds them.
public enum PlantedBug: String, Sendable, CaseIterable {
    /// Deletes the input message before the answer is sent (SPEC 3.9 says: only then delete).
    case deleteBeforeAnswer = "delete-before-answer"
}
