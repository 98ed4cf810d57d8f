import Foundation
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

    func testOnlyThePKIStepMountsTheCAKeyAndEachServiceOnlyItsOwnKeys() throws {
        let services = try services()
        XCTAssertEqual(Set(services.keys), ["pki", "registry-gent", "registry-antwerpen", "intake-gent", "intake-antwerpen",
                                            "trajectory-gent", "trajectory-antwerpen", "verenigingen-gent", "verenigingen-antwerpen",
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

    /// The parser above sees a violation when there is one (so the test above can fail).
    func testTheCheckNoticesASharedHome() throws {
        let services = try services()
        XCTAssertFalse(services["registry-gent"]?.contains("samen-ca:/samen") ?? true)
        XCTAssertTrue(services["registry-gent"]?.contains("pki-registry-gent:/samen/pki:ro") ?? false, "\(services)")
        XCTAssertTrue(services["pki"]?.contains("pki-registry-antwerpen:/out/registry-antwerpen") ?? false, "\(services)")
    }
}
