import Messages
import Testing

@Suite("Site keys and site names")
struct SiteKeyTests {
    @Test func keysFormatAndParseInOnePlace() {
        let key = SiteKey(clientId: "amelia", projectId: "stamps")
        #expect(key.description == "amelia#stamps")
        #expect(key.path == "amelia/stamps")
        #expect(SiteKey("amelia#stamps") == key)
        for bad in ["amelia", "#stamps", "amelia#", "a#b#c", ""] {
            #expect(SiteKey(bad) == nil, "\(bad)")
        }
        #expect([SiteKey(clientId: "b", projectId: "x"), key].sorted().first == key)
    }

    @Test func namesAreAClientOrAClientAndProject() {
        #expect(SiteName("amelia").clientId == "amelia" && SiteName("amelia").projectId == nil)
        #expect(SiteName("amelia/stamps").projectId == "stamps")
        #expect(SiteName("").clientId == "", "an empty name is a name no site has, not a crash")
        #expect(SiteName("a/b/c").projectId == "b/c")
        #expect(SiteName("amelia/stamps").description == "amelia/stamps")
    }

    @Test func claimRequestsKeyTheirSite() {
        #expect(ClaimRequest(clientId: "amelia", projectId: "stamps").siteKey == "amelia#stamps")
        #expect(ClaimRequest.repeatInterval == .seconds(60))
    }
}
