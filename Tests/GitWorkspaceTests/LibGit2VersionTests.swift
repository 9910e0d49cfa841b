import GitWorkspace
import Testing

@Suite("libgit2 linkage")
struct LibGit2VersionTests {
    @Test func linksLibgit2OnePointSomething() {
        let parts = LibGit2Version.current.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts.first == 1 && parts[1] >= 5, "Debian's libgit2-dev is 1.5")
    }
}
