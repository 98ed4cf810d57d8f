#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// `Endpoint`'s text form: every valid form parses and prints back exactly, every value prints as text that parses
/// back to it, and hosts that could not be written back are refused naming the field.
final class EndpointTests: XCTestCase {
    private static let edgePorts = [0, 1, 80, 443, 7100, 9999, 10000, 65534, 65535]

    private func assertRoundTrips(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let endpoint = try Endpoint(text)
            XCTAssertEqual(endpoint.description, text, file: file, line: line)
            XCTAssertEqual(try Endpoint(endpoint.description), endpoint, file: file, line: line)
            let decoded = try JSONDecoder().decode(Endpoint.self, from: try JSONEncoder().encode(endpoint))
            XCTAssertEqual(decoded, endpoint, file: file, line: line)
            XCTAssertEqual(try Endpoint(validatingHost: endpoint.host, port: endpoint.port), endpoint, file: file, line: line)
        } catch {
            XCTFail("'\(text)' should parse: \(error)", file: file, line: line)
        }
    }

    private func dnsName(_ random: inout SeededRandom) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let inner = letters + ["-"]
        var labels: [String] = []
        let labelCount = Int.random(in: 1...5, using: &random)
        var total = 1
        for _ in 0..<labelCount {
            let length = [1, 2, 3, 10, 63].randomElement(using: &random)!
            // Within 253 characters with the final ".x".
            guard total + length + 1 <= 253 else { break }
            total += length + 1
            var label = String(letters.randomElement(using: &random)!)
            if length > 1 {
                for _ in 0..<(length - 2) { label.append(inner.randomElement(using: &random)!) }
                label.append(letters.randomElement(using: &random)!)
            }
            labels.append(label)
        }
        // The last label has a letter, so the name is never all digits (that would have to be an IPv4 address).
        return labels.joined(separator: ".") + ".x"
    }

    private func ipv6(_ random: inout SeededRandom) -> String {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { bytes in
            for index in bytes.indices {
                // Runs of zero bytes make the compressed '::' forms appear.
                bytes[index] = Bool.random(using: &random) ? 0 : UInt8.random(in: 0...255, using: &random)
            }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        return String(cString: buffer)
    }

    func testGeneratedHostsRoundTrip() {
        var random = SeededRandom(seed: 20_261_123)
        for _ in 0..<500 {
            let port = Bool.random(using: &random) ? Self.edgePorts.randomElement(using: &random)! : Int.random(in: 0...65535, using: &random)
            let quad = (0..<4).map { _ in String(UInt8.random(in: 0...255, using: &random)) }.joined(separator: ".")
            assertRoundTrips("\(quad):\(port)")
            assertRoundTrips("[\(ipv6(&random))]:\(port)")
            assertRoundTrips("\(dnsName(&random)):\(port)")
        }
    }

    func testKnownFormsRoundTrip() {
        let hosts = ["127.0.0.1", "0.0.0.0", "255.255.255.255", "[::1]", "[::]", "[fe80::1]", "[2001:db8::8a2e:370:7334]",
                     "[::ffff:192.0.2.1]", "[FE80::A]", "localhost", "registry-gent", "a", "a-b.c-d.example",
                     String(repeating: "a", count: 63) + ".be",
                     // 253 characters: the longest name.
                     (0..<4).map { _ in String(repeating: "b", count: 62) }.joined(separator: ".") + ".x"]
        for host in hosts {
            for port in Self.edgePorts { assertRoundTrips("\(host):\(port)") }
        }
    }

    func testEveryConstructibleValuePrintsAsTextThatParsesBack() throws {
        for host in ["::1", "fe80::1", "127.0.0.1", "samen.example"] {
            for port in Self.edgePorts {
                let endpoint = Endpoint(host: host, port: port)
                XCTAssertEqual(try Endpoint(endpoint.description), endpoint)
            }
        }
        XCTAssertEqual(Endpoint(host: "::1", port: 7100).description, "[::1]:7100")
    }

    func testInvalidFormsAreRefusedNamingTheAddress() {
        let longName = (0..<4).map { _ in String(repeating: "b", count: 63) }.joined(separator: ".")
        let invalid = [
            "a]:b:1", "[a]:b]:1", "::1:7100", "[::1]", "[::1]7100", "[localhost]:1", "[127.0.0.1]:1", "[fe80::1%eth0]:1",
            "fe80::1%eth0:1", "host", "host:", ":7100", "host:+80", "host:080", "host:-1", "host:65536", "host:99999999999999999999",
            "host: 80", " host:80", "-host:1", "host-:1", "a..b:1", ".a:1", "a.:1", "a_b:1", "h\u{F6}st:1", "\(longName):1",
            String(repeating: "c", count: 64) + ":1", "999.1.1.1:1", "1.2.3:1", "01.2.3.4:1", "1.2.3.4.5:1", "1:1",
            "host:\u{FF11}", "host\u{0}:1", "[::1]:\u{0661}",
        ]
        for text in invalid {
            do {
                let parsed = try Endpoint(text)
                XCTFail("'\(text)' should be refused, parsed as \(parsed)")
            } catch {
                XCTAssertEqual(error.status, .invalidArgument, text)
                XCTAssertEqual(error.details["field"], "address", text)
                XCTAssertTrue(error.message.contains("'address'"), error.message)
            }
            let json = Data(try! JSONEncoder().encode(text))
            XCTAssertThrowsError(try JSONDecoder().decode(Endpoint.self, from: json), "decoding '\(text)' validates")
        }
        for (host, port) in [("a]:b", 1), ("", 1), ("fe80::1%eth0", 1), ("x", 65536), ("x", -1)] {
            XCTAssertThrowsError(try Endpoint(validatingHost: host, port: port), "\(host) \(port)")
        }
    }
}
