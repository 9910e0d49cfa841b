import Hermes

/// The world's sites and the seed set's users, as Hermes looks them up.
struct WorldDirectory: HermesDirectory {
    let world: World

    func sites(of clientId: String) -> [HermesSite] {
        world.sites.filter { $0.seedSite.clientId == clientId }.map {
            HermesSite(
                clientId: $0.seedSite.clientId, projectId: $0.seedSite.projectId, inputQueueURL: $0.endpoints.inputQueueURL,
                previewHost: $0.endpoints.previewHost)
        }
    }

    func userId(forEmail email: String) -> String? {
        world.seedSet.users.first { $0.email.lowercased() == email.lowercased() }?.userId
    }
}
