// BinaryDecoder: Samen's tagged binary format (docs/PROTOCOL.md §11) -> Decodable.
//
// Design: the input is read in place through a raw pointer. Every value is self-delimiting and every container
// is length-prefixed, so skipping a value is O(1) in its size class and never recurses. A keyed container indexes
// its entries once (into an arena shared by the whole decode call, truncated when a nested value finishes) and keeps
// a cursor, so fields read in encoding order are found at once; unknown keys are simply never looked at.
import Foundation

/// Decodes `Decodable` values from Samen's compact tagged binary format.
///
/// Unknown keys are skipped and absent optional keys decode as `nil`, so encoders and decoders of different
/// versions of a type interoperate. All errors are `CodecError`s with a precise coding path.
///
///     let record = try BinaryDecoder().decode(Record.self, from: bytes)
public struct BinaryDecoder: Sendable {
    /// The limits applied to every decode call.
    public var limits: DecodingLimits

    /// Creates a decoder with the given limits.
    public init(limits: DecodingLimits = .default) {
        self.limits = limits
    }

    /// Decodes a value of `type` from `bytes`, which must hold exactly one encoded value.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a value of `type` from `bytes`, which must hold exactly one encoded value.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: ArraySlice<UInt8>) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a value of `type` from `buffer`, which must hold exactly one encoded value.
    /// The buffer is only read during the call.
    public func decode<T: Decodable>(_ type: T.Type, from buffer: UnsafeRawBufferPointer) throws -> T {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw CodecError(.truncated, message: "empty input: expected a value")
        }
        let state = DecoderStateCache.take(base: base, count: buffer.count, maximumDepth: limits.maximumDepth)
        defer { DecoderStateCache.give(state) }
        do {
            var end = 0
            do {
                try state.skipValue(&end, buffer.count)
            } catch {
                throw error.codecError(path: "")
            }
            guard end == buffer.count else {
                throw CodecError(.malformed, message: "\(buffer.count - end) trailing bytes after the value")
            }
            var position = 0
            return try state.decodeValue(T.self, &position, buffer.count, parent: nil, depth: 0, component: .none)
        } catch let error as CodecError {
            throw error
        } catch let error as DecodingError {
            throw CodecError(decodingError: error)
        } catch {
            throw CodecError(.invalidValue, message: "\(error)")
        }
    }
}

extension CodecError {
    init(decodingError: DecodingError) {
        switch decodingError {
        case .typeMismatch(_, let context):
            self.init(.typeMismatch, codingPath: renderPath(context.codingPath), message: context.debugDescription)
        case .valueNotFound(_, let context):
            self.init(.typeMismatch, codingPath: renderPath(context.codingPath), message: context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(.keyNotFound, codingPath: renderPath(context.codingPath + [key]), message: context.debugDescription)
        case .dataCorrupted(let context):
            self.init(.invalidValue, codingPath: renderPath(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(.invalidValue, message: "\(decodingError)")
        }
    }
}

/// A low-level failure, before the coding path is attached.
struct Failure: Error {
    var kind: CodecError.Kind
    var message: String
    init(_ kind: CodecError.Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

extension Failure {
    func codecError(path: String) -> CodecError { CodecError(kind, codingPath: path, message: message) }
}

/// One entry of a keyed container: where its key and its value start.
struct KeyedEntry {
    var keyStart: Int
    var keyLength: Int
    var valueStart: Int
}

/// Per-thread cache of one `DecoderState` (with its arena capacity and recycled decoders), so that a decode
/// call normally allocates none of its own bookkeeping. Re-entrant or concurrent calls simply allocate.
enum DecoderStateCache {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            let pointer: UnsafeMutableRawPointer? = raw
            guard let pointer else { return }
            let state = Unmanaged<DecoderState>.fromOpaque(pointer).takeRetainedValue()
            state.pool.removeAll()  // the pooled decoders refer back to the state
        }
        return key
    }()

    static func take(base: UnsafeRawPointer, count: Int, maximumDepth: Int) -> DecoderState {
        if let raw = pthread_getspecific(key) {
            pthread_setspecific(key, nil)
            let state = Unmanaged<DecoderState>.fromOpaque(raw).takeRetainedValue()
            state.base = base
            state.count = count
            state.maximumDepth = maximumDepth
            return state
        }
        return DecoderState(base: base, count: count, maximumDepth: maximumDepth)
    }

    static func give(_ state: DecoderState) {
        guard pthread_getspecific(key) == nil, state.arena.capacity <= 4_096, state.pool.count <= 64 else {
            state.pool.removeAll()
            return
        }
        state.arena.removeAll(keepingCapacity: true)
        pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
    }
}

final class DecoderState {
    @exclusivity(unchecked) var base: UnsafeRawPointer
    @exclusivity(unchecked) var count: Int
    @exclusivity(unchecked) var maximumDepth: Int
    @exclusivity(unchecked) var arena: [KeyedEntry] = []
    /// Decoders no longer referenced by anything, ready for reuse.
    @exclusivity(unchecked) var pool: [ValueDecoder] = []

    init(base: UnsafeRawPointer, count: Int, maximumDepth: Int) {
        self.base = base
        self.count = count
        self.maximumDepth = maximumDepth
        arena.reserveCapacity(32)
    }

    // MARK: Low-level reads. `end` bounds the enclosing container body (or the input).

    @inline(__always)
    func byte(_ p: Int) -> UInt8 { base.load(fromByteOffset: p, as: UInt8.self) }

    func pastEnd(_ what: String, _ end: Int) -> Failure {
        if end < count {
            return Failure(.malformed, "\(what) runs past the end of its container")
        }
        return Failure(.truncated, "input ends inside \(what)")
    }

    @inline(__always)
    func readTag(_ p: inout Int, _ end: Int) throws(Failure) -> UInt8 {
        guard p < end else { throw pastEnd("a value", end) }
        let t = byte(p)
        p &+= 1
        return t
    }

    @inline(__always)
    func readVarint(_ p: inout Int, _ end: Int) throws(Failure) -> UInt64 {
        if p < end {
            let b = byte(p)
            if b < 0x80 {
                p &+= 1
                return UInt64(b)
            }
        }
        return try readVarintSlow(&p, end)
    }

    func readVarintSlow(_ p: inout Int, _ end: Int) throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard p < end else { throw pastEnd("a varint", end) }
            let b = byte(p)
            p += 1
            if shift == 63 {
                guard b <= 1 else { throw Failure(.malformed, "varint is longer than 10 bytes or overflows 64 bits") }
                return result | (UInt64(b) << 63)
            }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a varint length and checks it against the bytes remaining before anything is allocated.
    @inline(__always)
    func readLength(_ p: inout Int, _ end: Int, _ what: @autoclosure () -> String) throws(Failure) -> Int {
        let n = try readVarint(&p, end)
        guard n <= UInt64(end - p) else {
            if end < count {
                throw Failure(.malformed, "\(what()) length \(n) exceeds the \(end - p) bytes left in its container")
            }
            throw Failure(.truncated, "\(what()) length \(n) exceeds the \(end - p) bytes remaining")
        }
        return Int(n)
    }

    @inline(__always)
    func need(_ n: Int, _ p: Int, _ end: Int, _ what: @autoclosure () -> String) throws(Failure) {
        guard end - p >= n else { throw pastEnd(what(), end) }
    }

    /// Advances `p` past one value without decoding it.
    func skipValue(_ p: inout Int, _ end: Int) throws(Failure) {
        let tag = try readTag(&p, end)
        switch tag {
        case Tag.null, Tag.false, Tag.true:
            return
        case Tag.signed, Tag.unsigned:
            _ = try readVarint(&p, end)
        case Tag.double, Tag.date:
            try need(8, p, end, Tag.name(tag)); p += 8
        case Tag.float:
            try need(4, p, end, Tag.name(tag)); p += 4
        case Tag.uuid:
            try need(16, p, end, Tag.name(tag)); p += 16
        case Tag.string, Tag.bytes, Tag.keyed, Tag.unkeyed:
            let n = try readLength(&p, end, Tag.name(tag))
            p += n
        default:
            throw Failure(.malformed, "unknown tag \(Tag.hex(tag))")
        }
    }

    func mismatch(_ expected: String, _ tag: UInt8) -> Failure {
        if tag > Tag.unkeyed { return Failure(.malformed, "unknown tag \(Tag.hex(tag))") }
        return Failure(.typeMismatch, "expected \(expected), found \(Tag.name(tag)) (tag \(Tag.hex(tag)))")
    }

    @inline(__always)
    func readFixed64(_ p: inout Int, _ end: Int, _ what: @autoclosure () -> String) throws(Failure) -> UInt64 {
        try need(8, p, end, what())
        let v = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: p, as: UInt64.self))
        p += 8
        return v
    }

    @inline(__always)
    func readInteger<I: FixedWidthInteger>(_: I.Type, _ p: inout Int, _ end: Int) throws(Failure) -> I {
        let tag = try readTag(&p, end)
        if tag == Tag.signed {
            let raw = try readVarint(&p, end)
            let v = Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
            guard let r = I(exactly: v) else { throw Failure(.valueOutOfRange, "\(v) does not fit in \(I.self)") }
            return r
        }
        if tag == Tag.unsigned {
            let v = try readVarint(&p, end)
            guard let r = I(exactly: v) else { throw Failure(.valueOutOfRange, "\(v) does not fit in \(I.self)") }
            return r
        }
        throw mismatch("\(I.self) (integer)", tag)
    }

    @inline(__always)
    func readBool(_ p: inout Int, _ end: Int) throws(Failure) -> Bool {
        let tag = try readTag(&p, end)
        if tag == Tag.true { return true }
        if tag == Tag.false { return false }
        throw mismatch("Bool", tag)
    }

    @inline(__always)
    func readDouble(_ p: inout Int, _ end: Int) throws(Failure) -> Double {
        let tag = try readTag(&p, end)
        if tag == Tag.double { return Double(bitPattern: try readFixed64(&p, end, "Double")) }
        if tag == Tag.float {
            try need(4, p, end, "Float")
            let bits = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: p, as: UInt32.self))
            p += 4
            return Double(Float(bitPattern: bits))
        }
        throw mismatch("Double", tag)
    }

    @inline(__always)
    func readFloat(_ p: inout Int, _ end: Int) throws(Failure) -> Float {
        let tag = try readTag(&p, end)
        if tag == Tag.float {
            try need(4, p, end, "Float")
            let bits = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: p, as: UInt32.self))
            p += 4
            return Float(bitPattern: bits)
        }
        if tag == Tag.double {
            let d = Double(bitPattern: try readFixed64(&p, end, "Double"))
            if d.isFinite && abs(d) > Double(Float.greatestFiniteMagnitude) {
                throw Failure(.valueOutOfRange, "\(d) does not fit in Float")
            }
            return Float(d)
        }
        throw mismatch("Float", tag)
    }

    @inline(__always)
    func readString(_ p: inout Int, _ end: Int) throws(Failure) -> String {
        let tag = try readTag(&p, end)
        guard tag == Tag.string else { throw mismatch("String", tag) }
        let n = try readLength(&p, end, "String")
        let start = p
        p += n
        return try makeString(start, n)
    }

    func makeString(_ start: Int, _ n: Int) throws(Failure) -> String {
        let buffer = UnsafeBufferPointer(start: base.advanced(by: start).assumingMemoryBound(to: UInt8.self), count: n)
        // ASCII needs no validation; String(decoding:) is the fast path for it.
        var i = 0
        var high: UInt8 = 0
        while i < n {
            high |= buffer[i]
            i += 1
        }
        if high < 0x80 { return String(decoding: buffer, as: UTF8.self) }
        guard let s = String(validating: buffer, as: UTF8.self) else {
            throw Failure(.malformed, "invalid UTF-8 in String")
        }
        return s
    }

    func readData(_ p: inout Int, _ end: Int) throws(Failure) -> Data {
        let tag = try readTag(&p, end)
        guard tag == Tag.bytes else { throw mismatch("bytes (Data)", tag) }
        let n = try readLength(&p, end, "bytes")
        let d = Data(bytes: base.advanced(by: p), count: n)
        p += n
        return d
    }

    @inline(__always)
    func readDate(_ p: inout Int, _ end: Int) throws(Failure) -> Date {
        let tag = try readTag(&p, end)
        guard tag == Tag.date else { throw mismatch("Date", tag) }
        return Date(timeIntervalSince1970: Double(bitPattern: try readFixed64(&p, end, "Date")))
    }

    @inline(__always)
    func readUUID(_ p: inout Int, _ end: Int) throws(Failure) -> UUID {
        let tag = try readTag(&p, end)
        guard tag == Tag.uuid else { throw mismatch("UUID", tag) }
        try need(16, p, end, "UUID")
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base.advanced(by: p), count: 16)) }
        p += 16
        return UUID(uuid: raw)
    }

    /// Decodes the value at `p` (bounded by `end`) and advances `p` past it.
    @inline(__always)
    func decodeValue<T: Decodable>(_ type: T.Type, _ p: inout Int, _ end: Int,
                                   parent: ValueDecoder?, depth: Int,
                                   component: @autoclosure () -> PathComponent) throws -> T {
        let start = p
        do throws(Failure) {
            if T.self == String.self { return unsafeBitCast(try readString(&p, end), to: T.self) }
            if T.self == Int.self { return unsafeBitCast(try readInteger(Int.self, &p, end), to: T.self) }
            if T.self == Bool.self { return unsafeBitCast(try readBool(&p, end), to: T.self) }
            if T.self == Double.self { return unsafeBitCast(try readDouble(&p, end), to: T.self) }
            if T.self == Date.self { return unsafeBitCast(try readDate(&p, end), to: T.self) }
            if T.self == UUID.self { return unsafeBitCast(try readUUID(&p, end), to: T.self) }
            if T.self == Data.self { return unsafeBitCast(try readData(&p, end), to: T.self) }
            if T.self == Float.self { return unsafeBitCast(try readFloat(&p, end), to: T.self) }
            if T.self == Int64.self { return unsafeBitCast(try readInteger(Int64.self, &p, end), to: T.self) }
            if T.self == Int32.self { return unsafeBitCast(try readInteger(Int32.self, &p, end), to: T.self) }
            if T.self == Int16.self { return unsafeBitCast(try readInteger(Int16.self, &p, end), to: T.self) }
            if T.self == Int8.self { return unsafeBitCast(try readInteger(Int8.self, &p, end), to: T.self) }
            if T.self == UInt.self { return unsafeBitCast(try readInteger(UInt.self, &p, end), to: T.self) }
            if T.self == UInt64.self { return unsafeBitCast(try readInteger(UInt64.self, &p, end), to: T.self) }
            if T.self == UInt32.self { return unsafeBitCast(try readInteger(UInt32.self, &p, end), to: T.self) }
            if T.self == UInt16.self { return unsafeBitCast(try readInteger(UInt16.self, &p, end), to: T.self) }
            if T.self == UInt8.self { return unsafeBitCast(try readInteger(UInt8.self, &p, end), to: T.self) }
        } catch {
            throw error.codecError(path: ValueDecoder.path(parent, component()))
        }
        if ObjectIdentifier(T.self) == stringArrayTypeID {
            return unsafeBitCast(try readStringArray(&p, end, parent: parent, depth: depth, component: component()), to: T.self)
        }
        if ObjectIdentifier(T.self) == stringDictionaryTypeID {
            return unsafeBitCast(try readStringDictionary(&p, end, parent: parent, depth: depth, component: component()), to: T.self)
        }
        do {
            try skipValue(&p, end)
        } catch {
            throw error.codecError(path: ValueDecoder.path(parent, component()))
        }
        return try decodeComposite(type, start, p, parent: parent, depth: depth, component: component())
    }

    /// Opens a container body at `p` (tag already checked by the caller's expectations); returns the body end.
    func openBody(_ wanted: UInt8, _ p: inout Int, _ end: Int, depth: Int) throws(Failure) -> Int {
        let tag = try readTag(&p, end)
        guard tag == wanted else { throw mismatch(Tag.name(wanted), tag) }
        guard depth < maximumDepth else {
            throw Failure(.limitExceeded, "nesting deeper than the maximum depth of \(maximumDepth)")
        }
        let n = try readLength(&p, end, Tag.name(tag))
        return p + n
    }

    /// `[String]` without the generic machinery; same wire form as `Array.init(from:)` reads.
    func readStringArray(_ p: inout Int, _ end: Int, parent: ValueDecoder?, depth: Int,
                         component: @autoclosure () -> PathComponent) throws -> [String] {
        var result: [String] = []
        var index = 0
        var opened = false
        do throws(Failure) {
            let bodyEnd = try openBody(Tag.unkeyed, &p, end, depth: depth)
            opened = true
            // Count first (values are skipped, not decoded) so the array is allocated once.
            var q = p
            var n = 0
            while q < bodyEnd {
                try skipValue(&q, bodyEnd)
                n += 1
            }
            result.reserveCapacity(n)
            while p < bodyEnd {
                result.append(try readString(&p, bodyEnd))
                index += 1
            }
            return result
        } catch {
            var keys = ValueDecoder.keys(parent, component())
            if opened { keys.append(IndexKey(index: index)) }
            throw error.codecError(path: renderPath(keys))
        }
    }

    /// `[String: String]` without the generic machinery; same wire form as `Dictionary.init(from:)` reads.
    func readStringDictionary(_ p: inout Int, _ end: Int, parent: ValueDecoder?, depth: Int,
                              component: @autoclosure () -> PathComponent) throws -> [String: String] {
        var result: [String: String] = [:]
        var currentKey: String? = nil
        do throws(Failure) {
            let bodyEnd = try openBody(Tag.keyed, &p, end, depth: depth)
            // Count the entries first (cheap: values are skipped, not decoded) to size the dictionary once.
            var q = p
            var entries = 0
            while q < bodyEnd {
                q += try readLength(&q, bodyEnd, "key")
                guard q < bodyEnd else { break }
                try skipValue(&q, bodyEnd)
                entries += 1
            }
            result.reserveCapacity(entries)
            while p < bodyEnd {
                let n = try readLength(&p, bodyEnd, "key")
                let key = try makeString(p, n)
                p += n
                currentKey = key
                guard p < bodyEnd else {
                    throw Failure(.malformed, "key without a value at the end of a keyed container")
                }
                result[key] = try readString(&p, bodyEnd)
            }
            return result
        } catch {
            var keys = ValueDecoder.keys(parent, component())
            if let k = currentKey { keys.append(StringKey(stringValue: k)) }
            throw error.codecError(path: renderPath(keys))
        }
    }

    func decodeComposite<T: Decodable>(_ type: T.Type, _ start: Int, _ end: Int,
                                       parent: ValueDecoder?, depth: Int, component: PathComponent) throws -> T {
        var decoder: ValueDecoder
        if let recycled = pool.popLast() {
            decoder = recycled
            decoder.parent = parent
            decoder.component = component
            decoder.position = start
            decoder.end = end
            decoder.depth = depth
        } else {
            decoder = ValueDecoder(state: self, parent: parent, component: component, position: start, end: end, depth: depth)
        }
        let mark = arena.count
        defer {
            if arena.count > mark { arena.removeSubrange(mark..<arena.count) }
        }
        let value: T
        do {
            value = try T(from: decoder)
        } catch let error where error is CodecError || error is DecodingError {
            throw error  // each carries its own coding path
        } catch {
            // A type's own error (say, a validating initialiser's) gets the path of the value it refused.
            throw CodecError(.invalidValue, codingPath: ValueDecoder.path(parent, component), message: "\(error)")
        }
        // Nothing else holds the decoder (the usual case): keep it for the next composite value.
        if isKnownUniquelyReferenced(&decoder) {
            decoder.parent = nil
            decoder.component = .none
            decoder.kind = 0
            decoder.cachedCount = nil
            pool.append(decoder)
        }
        return value
    }

    /// Indexes the entries of a keyed container body into the arena; returns the first arena index.
    func indexEntries(_ bodyStart: Int, _ bodyEnd: Int) throws(Failure) -> Int {
        let first = arena.count
        var p = bodyStart
        while p < bodyEnd {
            let keyLength = try readLength(&p, bodyEnd, "key")
            let keyStart = p
            p += keyLength
            let valueStart = p
            guard p < bodyEnd else {
                throw Failure(.malformed, "key without a value at the end of a keyed container")
            }
            try skipValue(&p, bodyEnd)
            arena.append(KeyedEntry(keyStart: keyStart, keyLength: keyLength, valueStart: valueStart))
        }
        return first
    }

    @inline(__always)
    func keyMatches(_ entry: KeyedEntry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard entry.keyLength == key.count else { return false }
        guard let keyBase = key.baseAddress else { return true }
        return memcmp(base.advanced(by: entry.keyStart), keyBase, key.count) == 0
    }
}

/// The `Decoder` handed to each composite value's `init(from:)`; also its single-value container, and the
/// holder of its keyed container's index and cursor.
final class ValueDecoder: Decoder, SingleValueDecodingContainer {
    let state: DecoderState
    // Variable only so that decoders can be recycled (see DecoderState.decodeComposite).
    @exclusivity(unchecked) var parent: ValueDecoder?
    @exclusivity(unchecked) var component: PathComponent
    /// Where this value's tag is, and the end of the region it lives in.
    @exclusivity(unchecked) var position: Int
    @exclusivity(unchecked) var end: Int
    /// Containers enclosing this value.
    @exclusivity(unchecked) var depth: Int

    // Container state, set when a container is opened.
    @exclusivity(unchecked) var bodyStart = 0
    @exclusivity(unchecked) var bodyEnd = 0
    @exclusivity(unchecked) var kind: UInt8 = 0
    @exclusivity(unchecked) var firstEntry = 0
    @exclusivity(unchecked) var entryCount = 0
    @exclusivity(unchecked) var cursor = 0
    @exclusivity(unchecked) var cachedCount: Int? = nil

    init(state: DecoderState, parent: ValueDecoder?, component: PathComponent, position: Int, end: Int, depth: Int) {
        self.state = state
        self.parent = parent
        self.component = component
        self.position = position
        self.end = end
        self.depth = depth
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var codingPath: [any CodingKey] {
        ValueDecoder.keys(self, .none)
    }

    static func keys(_ node: ValueDecoder?, _ last: PathComponent) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        func add(_ c: PathComponent) {
            switch c {
            case .none: break
            case .key(let k): keys.append(k)
            case .index(let i): keys.append(IndexKey(index: i))
            }
        }
        add(last)
        var n = node
        while let d = n {
            add(d.component)
            n = d.parent
        }
        return keys.reversed()
    }

    static func path(_ node: ValueDecoder?, _ last: PathComponent) -> String {
        renderPath(keys(node, last))
    }

    func path(_ last: PathComponent) -> String { ValueDecoder.path(self, last) }

    /// Opens this value's container of the given kind (once).
    func open(_ wanted: UInt8) throws {
        if kind == wanted { return }
        do throws(Failure) {
            var p = position
            let tag = try state.readTag(&p, end)
            guard tag == wanted else {
                throw state.mismatch(Tag.name(wanted), tag)
            }
            guard depth < state.maximumDepth else {
                throw Failure(.limitExceeded, "nesting deeper than the maximum depth of \(state.maximumDepth)")
            }
            let n = try state.readLength(&p, end, Tag.name(tag))
            bodyStart = p
            bodyEnd = p + n
            if wanted == Tag.keyed {
                firstEntry = try state.indexEntries(bodyStart, bodyEnd)
                entryCount = state.arena.count - firstEntry
                cursor = 0
            }
            kind = wanted
        } catch {
            throw error.codecError(path: path(.none))
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try open(Tag.keyed)
        return KeyedDecodingContainer(KeyedDecoder<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try open(Tag.unkeyed)
        return UnkeyedDecoder(decoder: self, offset: bodyStart)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// The arena position of `key`'s entry's value, or nil.
    @inline(__always)
    func find(_ key: some CodingKey) -> Int? {
        var name = key.stringValue
        return name.withUTF8 { utf8 -> Int? in
            let arena = state.arena
            if cursor < entryCount {
                let e = arena[firstEntry + cursor]
                if state.keyMatches(e, utf8) {
                    cursor += 1
                    return e.valueStart
                }
            }
            var i = 0
            while i < entryCount {
                let e = arena[firstEntry + i]
                if state.keyMatches(e, utf8) {
                    cursor = i + 1
                    return e.valueStart
                }
                i += 1
            }
            return nil
        }
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool {
        position < end && state.byte(position) == Tag.null
    }

    @inline(__always)
    func single<T: Decodable>(_ type: T.Type) throws -> T {
        var p = position
        return try state.decodeValue(type, &p, end, parent: self, depth: depth, component: .none)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try single(type) }
    func decode(_ type: String.Type) throws -> String { try single(type) }
    func decode(_ type: Double.Type) throws -> Double { try single(type) }
    func decode(_ type: Float.Type) throws -> Float { try single(type) }
    func decode(_ type: Int.Type) throws -> Int { try single(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try single(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try single(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try single(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try single(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try single(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try single(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try single(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try single(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try single(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try single(type) }
}

/// Keyed container over an indexed body.
struct KeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        let state = decoder.state
        var keys: [Key] = []
        keys.reserveCapacity(decoder.entryCount)
        for i in 0..<decoder.entryCount {
            let e = state.arena[decoder.firstEntry + i]
            let raw = UnsafeBufferPointer(start: state.base.advanced(by: e.keyStart).assumingMemoryBound(to: UInt8.self),
                                          count: e.keyLength)
            if let key = Key(stringValue: String(decoding: raw, as: UTF8.self)) {
                keys.append(key)
            }
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { decoder.find(key) != nil }

    @inline(__always)
    private func position(_ key: Key) throws -> Int {
        guard let p = decoder.find(key) else {
            throw CodecError(.keyNotFound, codingPath: decoder.path(.key(key)), message: "no value for key \"\(key.stringValue)\"")
        }
        return p
    }

    @inline(__always)
    private func value<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        var p = try position(key)
        return try decoder.state.decodeValue(type, &p, decoder.bodyEnd, parent: decoder, depth: decoder.depth + 1,
                                             component: .key(key))
    }

    @inline(__always)
    private func valueIfPresent<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard var p = decoder.find(key) else { return nil }
        if decoder.state.byte(p) == Tag.null { return nil }
        return try decoder.state.decodeValue(type, &p, decoder.bodyEnd, parent: decoder, depth: decoder.depth + 1,
                                             component: .key(key))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.state.byte(try position(key)) == Tag.null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(type, key) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try valueIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try valueIfPresent(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try valueIfPresent(type, key) }

    private func child(_ key: any CodingKey, _ p: Int) throws -> ValueDecoder {
        var end = p
        do {
            try decoder.state.skipValue(&end, decoder.bodyEnd)
        } catch {
            throw error.codecError(path: decoder.path(.key(key)))
        }
        return ValueDecoder(state: decoder.state, parent: decoder, component: .key(key), position: p, end: end,
                            depth: decoder.depth + 1)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key, try position(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key, try position(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = StringKey.super
        guard let p = decoder.find(key) else {
            throw CodecError(.keyNotFound, codingPath: decoder.path(.key(key)), message: "no value for key \"super\"")
        }
        return try child(key, p)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try child(key, try position(key))
    }
}

/// Unkeyed container: a cursor over the values of a body.
struct UnkeyedDecoder: UnkeyedDecodingContainer {
    let decoder: ValueDecoder
    var offset: Int
    var currentIndex = 0

    init(decoder: ValueDecoder, offset: Int) {
        self.decoder = decoder
        self.offset = offset
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// Computed on first use by skipping over the values (O(1) per value); nil if the body does not parse.
    var count: Int? {
        if let c = decoder.cachedCount { return c }
        var p = decoder.bodyStart
        var n = 0
        while p < decoder.bodyEnd {
            do { try decoder.state.skipValue(&p, decoder.bodyEnd) } catch { return nil }
            n += 1
        }
        decoder.cachedCount = n
        return n
    }

    var isAtEnd: Bool { offset >= decoder.bodyEnd }

    @inline(__always)
    private func checkNotAtEnd() throws {
        if offset >= decoder.bodyEnd {
            throw CodecError(.keyNotFound, codingPath: decoder.path(.index(currentIndex)),
                             message: "unkeyed container has no value at index \(currentIndex) (it is at its end)")
        }
    }

    mutating func decodeNil() throws -> Bool {
        try checkNotAtEnd()
        if decoder.state.byte(offset) == Tag.null {
            offset += 1
            currentIndex += 1
            return true
        }
        return false
    }

    @inline(__always)
    private mutating func next<T: Decodable>(_ type: T.Type) throws -> T {
        try checkNotAtEnd()
        let index = currentIndex
        let v = try decoder.state.decodeValue(type, &offset, decoder.bodyEnd, parent: decoder, depth: decoder.depth + 1,
                                              component: .index(index))
        currentIndex += 1
        return v
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) }

    private mutating func nextChild() throws -> ValueDecoder {
        try checkNotAtEnd()
        let start = offset
        do {
            try decoder.state.skipValue(&offset, decoder.bodyEnd)
        } catch {
            throw error.codecError(path: decoder.path(.index(currentIndex)))
        }
        let child = ValueDecoder(state: decoder.state, parent: decoder, component: .index(currentIndex),
                                 position: start, end: offset, depth: decoder.depth + 1)
        currentIndex += 1
        return child
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextChild().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextChild().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try nextChild()
    }
}
