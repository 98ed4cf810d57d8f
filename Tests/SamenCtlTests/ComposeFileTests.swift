import Foundation
import SamenCtl
import XCTest

/// compose/compose.yaml keeps keys where they belong: only the one-shot `pki` step sees the CA key, and every other
/// container mounts only its own certificate volume and data volume.
final class ComposeFileTests: XCTestCase {
    /// Each service of the file with the volumes it mounts (`source:target[:mode]`), anchors merged in.
    private func services() throws -> [String: [String]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../compose/compose.yaml")
            .standardizedFileURL.path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

        // Top-level anchors (`x-name: &anchor`) and services (two spaces in, under `services:`), each a block of lines.
        var anchors: [String: [String]] = [:]
        var blocks: [String: [String]] = [:]
        var current: (kind: String, name: String)?
        var inServices = false
        for line in lines where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            if indent(line) == 0 {
                inServices = line.hasPrefix("services:")
                if let range = line.range(of: ": &") {
                    current = ("anchor", String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces))
                } else {
                    current = nil
                }
                continue
            }
            if inServices && indent(line) == 2 && line.hasSuffix(":") {
                current = ("service", line.trimmingCharacters(in: .whitespaces).dropLast().description)
                continue
            }
            guard let current else { continue }
            if current.kind == "anchor" { anchors[current.name, default: []].append(line) } else { blocks[current.name, default: []].append(line) }
        }

        func volumes(_ block: [String]) -> [String] {
            var result: [String] = []
            var listIndent: Int?
            for line in block {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed == "volumes:" { listIndent = indent(line); continue }
                guard let level = listIndent else { continue }
                if indent(line) <= level && !trimmed.hasPrefix("-") || indent(line) < level { listIndent = nil; continue }
                if trimmed.hasPrefix("- ") { result.append(String(trimmed.dropFirst(2)).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))) }
            }
            return result
        }

        var result: [String: [String]] = [:]
        for (name, block) in blocks {
            var mounted = volumes(block)
            for line in block where line.contains("<<: *") {
                let anchor = String(line[line.range(of: "<<: *")!.upperBound...]).trimmingCharacters(in: .whitespaces)
                mounted += volumes(anchors[anchor] ?? [])
            }
            result[name] = mounted
        }
        return result
    }

    private func composeFile(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../compose/\(name)")
            .standardizedFileURL.path
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Every service `samen up` runs is in the compose file for both regions, in the image's list of executables,
    /// and in compose/test.sh's list of what it checks, so a new service cannot be left out of one of them.
    func testEveryServiceOfTheMeshIsDeployedBuiltAndChecked() throws {
        let names = ServiceCatalog.all.map { $0.name }
        let expected = Set(names.flatMap { ["\($0)-gent", "\($0)-antwerpen"] })
        XCTAssertEqual(Set(try services().keys).subtracting(["pki"]), expected)
        let executables = try composeFile("executables").split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(executables), Set(names.map { "samen-\($0)" } + ["samenctl"]))
        let script = try composeFile("test.sh")
        let listed = script.components(separatedBy: "services=(").dropFirst().first?.components(separatedBy: ")").first ?? ""
        XCTAssertEqual(Set(listed.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)), expected)
    }

    func testOnlyThePKIStepMountsTheCAKeyAndEachServiceOnlyItsOwnKeys() throws {
        let services = try services()
        XCTAssertEqual(Set(services.keys), ["pki", "registry-gent", "registry-antwerpen", "intake-gent", "intake-antwerpen",
                                            "trajectory-gent", "trajectory-antwerpen", "tolkdienst-gent", "tolkdienst-antwerpen", "verenigingen-gent", "verenigingen-antwerpen",
                                            "reporting-gent", "reporting-antwerpen"])
        XCTAssertTrue(services["pki"]?.contains { $0.hasPrefix("samen-ca:") } ?? false, "\(services)")
        for (name, mounts) in services where name != "pki" {
            XCTAssertFalse(mounts.isEmpty, "\(name) mounts nothing")
            for mount in mounts {
                let parts = mount.split(separator: ":").map(String.init)
                let source = parts[0]
                XCTAssertFalse(source.hasPrefix(".") || source.hasPrefix("/"), "\(name) bind-mounts \(source): a host folder may hold every key")
                // Only its own certificate volume (read-only) and its own data volume.
                XCTAssertTrue(source == "pki-\(name)" || source == "data-\(name)", "\(name) mounts \(source)")
                if source == "pki-\(name)" { XCTAssertEqual(parts.last, "ro", "\(name) must mount its keys read-only") }
            }
            XCTAssertTrue(mounts.contains { $0.hasPrefix("pki-\(name):") }, "\(name) does not get its certificate: \(mounts)")
        }
        // No volume of one service is mounted by another service.
        for (name, mounts) in services where name != "pki" {
            for (other, otherMounts) in services where other != name && other != "pki" {
                let shared = Set(mounts.map { String($0.split(separator: ":")[0]) }).intersection(otherMounts.map { String($0.split(separator: ":")[0]) })
                XCTAssertTrue(shared.isEmpty, "\(name) and \(other) share \(shared)")
            }
        }
    }

    /// A service needs, besides its block, its volume in the pki step and its published address in compose/mesh.json;
    /// a forgotten one fails here rather than in front of an operator.
    func testEveryServiceGetsItsKeysAndIsReachableFromTheHost() throws {
        let services = try services()
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../compose").standardizedFileURL
        let text = try String(contentsOf: folder.appendingPathComponent("compose.yaml"), encoding: .utf8)
        struct Mesh: Decodable {
            struct Region: Decodable { var name: String; var registry: String }
            var regions: [Region]
            var published: [String: String]
        }
        let mesh = try JSONDecoder().decode(Mesh.self, from: Data(contentsOf: folder.appendingPathComponent("mesh.json")))
        var expected: [String: String] = [:]
        for name in services.keys where name != "pki" {
            XCTAssertTrue(services["pki"]?.contains("pki-\(name):/out/\(name)") ?? false, "the pki step does not fill \(name)'s volume")
            // `--advertise=<name>:<port>` and `"127.0.0.1:<host port>:<port>"` of the service's block.
            guard let advertise = text.range(of: "--advertise=\(name):") else { XCTFail("\(name) advertises no address"); continue }
            let port = String(text[advertise.upperBound...].prefix { $0.isNumber })
            guard let published = text.range(of: #""127\.0\.0\.1:[0-9]+:"# + port + #"""#, options: .regularExpression,
                                             range: advertise.upperBound..<text.endIndex) else {
                XCTFail("\(name) publishes no port"); continue
            }
            let hostPort = text[published].split(separator: ":")[1]
            expected["\(name):\(port)"] = "127.0.0.1:\(hostPort)"
        }
        XCTAssertEqual(mesh.published, expected)
        for region in mesh.regions {
            XCTAssertEqual(mesh.published["registry-\(region.name):7100"], region.registry, "mesh.json's registry of \(region.name)")
        }
        XCTAssertEqual(Set(mesh.regions.map(\.name)), ["gent", "antwerpen"])
    }

    /// The parser above sees a violation when there is one (so the test above can fail).
    func testTheCheckNoticesASharedHome() throws {
        let services = try services()
        XCTAssertFalse(services["registry-gent"]?.contains("samen-ca:/samen") ?? true)
        XCTAssertTrue(services["registry-gent"]?.contains("pki-registry-gent:/samen/pki:ro") ?? false, "\(services)")
        XCTAssertTrue(services["pki"]?.contains("pki-registry-antwerpen:/out/registry-antwerpen") ?? false, "\(services)")
    }
}
