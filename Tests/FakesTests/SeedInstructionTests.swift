import Fakes
import Foundation
import Testing
import Worker

/// Every instruction of the three seeds, applied by the fake Claude and built by the fake Astro: the built
/// page shows the edit a reader of the instruction would expect (SPEC section 5).
@Suite("Seed instructions reach the built site")
struct SeedInstructionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let instruction: String
        /// The built file to read, relative to `dist/`.
        let page: String
        let expected: [String]
        var testDescription: String { instruction }
    }

    static let cases: [Case] = [
        Case(instruction: "Add a welcome message to the homepage", page: "index.html",
             expected: ["<p class=\"welcome\">Welcome to Amelia Stamps! We are glad you are here.</p>"]),
        Case(instruction: "Update the footer copyright year", page: "index.html", expected: ["&copy; 2025 Amelia Stamps"]),
        Case(instruction: "Change the welcome message color to blue", page: "index.html",
             expected: ["<p class=\"welcome\" style=\"color: blue\">Welcome to Amelia Stamps!"]),
        Case(instruction: "Emergency fix for contact form", page: "contact/index.html",
             expected: ["action=\"/api/contact\" method=\"post\"", "<input type=\"email\" name=\"email\" required />", "<button type=\"submit\">"]),
        Case(instruction: "User 1 making changes", page: "index.html", expected: ["User 1 making changes"]),
        Case(instruction: "User 2 making changes", page: "index.html", expected: ["User 2 making changes"]),
        Case(instruction: "Add header with text \"Client A Site\"", page: "index.html",
             expected: ["<header class=\"page-header\"><h2>Client A Site</h2></header>"]),
        Case(instruction: "Update page title to \"Version 5\"", page: "index.html", expected: ["<title>Version 5</title>"]),
        Case(instruction: "Create site for client 2", page: "index.html",
             expected: ["<h1>Client 2 Site</h1>", "Everything client 2 offers."]),
        Case(instruction: "Add secret key ABC123 to config", page: "index.html", expected: ["<p class=\"config-secretKey\">ABC123</p>"]),
        Case(instruction: "Add different key XYZ789 to config", page: "index.html", expected: ["<p class=\"config-differentKey\">XYZ789</p>"]),
        Case(instruction: "Test S3 failure handling", page: "index.html",
             expected: ["<ul class=\"instructions\">", "<li>Test S3 failure handling</li>"]),
        Case(instruction: "Update timestamp to 1755216000000", page: "index.html", expected: ["<p class=\"updated\">Updated 1755216000000</p>"]),
        Case(instruction: "Add a new page called \"Test Page\"", page: "test-page/index.html",
             expected: ["<title>Test Page</title>", "<h1>Test Page</h1>"]),
        Case(instruction: "Create a components/Header.astro file", page: "index.html",
             expected: ["<header class=\"site-header\">", "<p class=\"site-name\">Amelia Stamps</p>"]),
        Case(instruction: "Something no rule knows about", page: "index.html", expected: ["<li>Something no rule knows about</li>"]),
    ]

    @Test(arguments: cases)
    func theBuiltPageReflectsTheInstruction(_ testCase: Case) throws {
        let site = try StarterSite()
        let before = site.build()
        guard case .success = before else { Issue.record("the starter must build: \(before)"); return }
        let untouched = site.built(testCase.page) ?? ""
        let result = try site.apply(testCase.instruction)
        #expect(!result.filesWritten.isEmpty, "the instruction must change a file")
        let after = site.build()
        guard case .success(let files) = after else { Issue.record("the edited site must build: \(after)"); return }
        #expect(files.contains(testCase.page))
        let page = try #require(site.built(testCase.page))
        for text in testCase.expected {
            #expect(page.contains(text), "\(testCase.page) should contain \(text)")
            #expect(!untouched.contains(text), "\(text) must come from the edit, not the starter")
        }
    }

    @Test func updatingHeaderAstroChangesTheComponentItCreated() throws {
        let site = try StarterSite()
        try site.apply("Create a components/Header.astro file")
        try site.apply("Update Header.astro with new content")
        _ = site.build()
        #expect(site.built("index.html")?.contains("<p class=\"header-note\">Fresh content for the header</p>") == true)
    }

    @Test func theNewPageIsLinkedFromTheNavigation() throws {
        let site = try StarterSite()
        try site.apply("Add a new page called \"Test Page\"")
        _ = site.build()
        #expect(site.built("about/index.html")?.contains("<a href=\"/test-page/\">Test Page</a>") == true)
    }

    @Test func aRepeatedWelcomeMessageIsNotDoubled() throws {
        let site = try StarterSite()
        try site.apply("Add a welcome message to the homepage")
        try site.apply("Add a welcome message to the homepage")
        #expect(site.source("src/pages/index.astro")?.components(separatedBy: "class=\"welcome\"").count == 2)
    }

    @Test func configValuesAreWrittenAsReadableJSON() throws {
        let site = try StarterSite()
        try site.apply("Add secret key ABC123 to config")
        let config = try #require(site.source("src/config.json"))
        #expect(config.contains("\"secretKey\" : \"ABC123\""))
        #expect(config.contains("\"contactEmail\" : \"hello@amelia.example\""))
    }
}
