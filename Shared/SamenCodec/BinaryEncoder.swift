// BinaryEncoder: Encodable -> Samen's tagged binary format (docs/PROTOCOL.md §11).
//
// Design: one growing byte buffer per encode call lives in `EncoderState` (kept per thread between calls, so its
// capacity is reused); every container is a small struct that refers to it. Open containers and pending values form a stack of frames. A container reserves one byte
// for its length prefix and patches it when it closes (shifting the body if the length needs more than one
// byte). A frame closes when the value that opened it finishes encoding, or when an outer container is
// written to again; writing into a closed container throws instead of corrupting the output.
import Foundation

/// Encodes `Encodable` values into Samen's compact tagged binary format.
///
/// The format is documented in `docs/PROTOCOL.md §11`. Keys are written by their `stringValue`, so values
/// can evolve (fields added or removed) without breaking older or newer decoders.
///
///     let bytes = try BinaryEncoder().encode(record)
public struct BinaryEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value` and returns its bytes.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let state = EncoderStateCache.take()
        defer { EncoderStateCache.give(state) }
        try state.encodeTopLevel(value)
        let out = state.bytes
        return Array(UnsafeBufferPointer(start: out.base, count: out.count))
    }

    /// Encodes `value` and appends its bytes to `bytes`. On error, `bytes` is left as it was.
    public func encode<T: Encodable>(_ value: T, into bytes: inout [UInt8]) throws {
        let state = EncoderStateCache.take()
        defer { EncoderStateCache.give(state) }
        try state.encodeTopLevel(value)
        let out = state.bytes
        bytes.append(contentsOf: UnsafeBufferPointer(start: out.base, count: out.count))
    }
}

/// Per-thread cache of one `EncoderState` (its buffer and frame stack keep their capacity), so that an encode
/// call normally allocates only its result. Re-entrant or concurrent calls simply allocate.
enum EncoderStateCache {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            let pointer: UnsafeMutableRawPointer? = raw
            guard let pointer else { return }
            Unmanaged<EncoderState>.fromOpaque(pointer).release()
        }
        return key
    }()

    static func take() -> EncoderState {
        if let raw = pthread_getspecific(key) {
            pthread_setspecific(key, nil)
            return Unmanaged<EncoderState>.fromOpaque(raw).takeRetainedValue()
        }
        return EncoderState()
    }

    static func give(_ state: EncoderState) {
        guard pthread_getspecific(key) == nil, state.bytes.capacity <= 1 << 20 else { return }
        state.bytes.count = 0
        state.frames.removeAll(keepingCapacity: true)
        pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
    }
}

/// A growable byte buffer in manually managed memory: appends are a capacity check and a store, with no
/// uniqueness checks or generic collection machinery.
struct ByteWriter {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        self.capacity = capacity
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(1) }
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(contentsOf raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard n > 0, let source = raw.baseAddress else { return }
        if capacity - count < n { grow(n) }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: n)
        count &+= n
    }

    @inline(__always)
    mutating func append(contentsOf utf8: UnsafeBufferPointer<UInt8>) {
        append(contentsOf: UnsafeRawBufferPointer(utf8))
    }

    mutating func append(contentsOf data: Data) {
        data.withUnsafeBytes { append(contentsOf: $0) }
    }

    subscript(index: Int) -> UInt8 {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Inserts `n` zero bytes at `offset`, moving what follows.
    mutating func insertZeros(_ n: Int, at offset: Int) {
        if capacity - count < n { grow(n) }
        memmove(base + offset + n, base + offset, count - offset)
        (base + offset).update(repeating: 0, count: n)
        count += n
    }

    mutating func grow(_ extra: Int) {
        let newCapacity = Swift.max(capacity &* 2, count + extra, 256)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

/// A frame on the encoder's stack: an open container (whose length byte sits at `start`) or a pending value
/// (which starts at `start`; if nothing is written for it, it becomes an empty keyed container).
struct EncoderFrame {
    var start: Int
    var id: Int
    var isContainer: Bool
}

/// The mutable state of one encode call. It lives behind a pointer so that the hot paths pay no dynamic
/// exclusivity checks (which Swift applies to stored properties of classes).
struct EncoderCore {
    var bytes = ByteWriter(capacity: 512)
    var frames: [EncoderFrame] = []
    var lastID = 0
}

final class EncoderState {
    let core: UnsafeMutablePointer<EncoderCore>

    var bytes: ByteWriter {
        @inline(__always) _read { yield core.pointee.bytes }
        @inline(__always) _modify { yield &core.pointee.bytes }
    }
    var frames: [EncoderFrame] {
        @inline(__always) _read { yield core.pointee.frames }
        @inline(__always) _modify { yield &core.pointee.frames }
    }
    var lastID: Int {
        @inline(__always) get { core.pointee.lastID }
        @inline(__always) set { core.pointee.lastID = newValue }
    }

    init() {
        core = UnsafeMutablePointer<EncoderCore>.allocate(capacity: 1)
        core.initialize(to: EncoderCore())
        core.pointee.frames.reserveCapacity(16)
    }

    deinit {
        core.pointee.bytes.deallocate()
        core.deinitialize(count: 1)
        core.deallocate()
    }

    @inline(__always)
    func nextID() -> Int {
        lastID &+= 1
        return lastID
    }

    func encodeTopLevel<T: Encodable>(_ value: T) throws {
        if writeFast(value) { return }
        try writeComposite(value, parent: nil, component: .none)
        close(downTo: 0)
    }

    // MARK: Frames

    /// Closes frames until `count` remain.
    @inline(__always)
    func close(downTo count: Int) {
        while frames.count > count {
            let frame = frames.removeLast()
            if frame.isContainer {
                patchLength(at: frame.start)
            } else if bytes.count == frame.start {
                bytes.append(Tag.keyed)
                bytes.append(0)
            }
        }
    }

    /// Writes the body length into the byte reserved at `offset`, shifting the body if it needs more bytes.
    func patchLength(at offset: Int) {
        let length = bytes.count - offset - 1
        if length < 0x80 {
            bytes[offset] = UInt8(truncatingIfNeeded: length)
            return
        }
        let size = varintSize(UInt64(length))
        bytes.insertZeros(size - 1, at: offset + 1)
        var v = UInt64(length)
        var i = offset
        while v >= 0x80 {
            bytes[i] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            i += 1
        }
        bytes[i] = UInt8(truncatingIfNeeded: v)
    }

    /// Makes the container at frame `index` with identity `id` the innermost open frame, closing anything
    /// opened inside it; throws if that container has already been closed.
    @inline(__always)
    func enter(_ index: Int, _ id: Int, _ path: @autoclosure () -> String) throws {
        if frames.count == index &+ 1 && frames[index].id == id { return }
        try enterSlow(index, id, path())
    }

    func enterSlow(_ index: Int, _ id: Int, _ path: String) throws {
        guard index >= 0, frames.count > index, frames[index].id == id else {
            throw CodecError(.invalidValue, codingPath: path,
                             message: "interleaved container writes are not supported: this container was already closed (or never opened)")
        }
        close(downTo: index + 1)
    }

    /// Opens a container at the current position and pushes its frame; returns (frame index, id).
    @inline(__always)
    func openContainer(tag: UInt8) -> (Int, Int) {
        bytes.append(tag)
        bytes.append(0)
        let id = nextID()
        let index = frames.count
        frames.append(EncoderFrame(start: bytes.count - 1, id: id, isContainer: true))
        return (index, id)
    }

    /// Pushes a pending-value frame at the current position; returns (frame index, id).
    @inline(__always)
    func openSlot() -> (Int, Int) {
        let id = nextID()
        let index = frames.count
        frames.append(EncoderFrame(start: bytes.count, id: id, isContainer: false))
        return (index, id)
    }

    // MARK: Primitive writes

    @inline(__always)
    func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always)
    func writeNil() { bytes.append(Tag.null) }

    @inline(__always)
    func writeBool(_ v: Bool) { bytes.append(v ? Tag.true : Tag.false) }

    @inline(__always)
    func writeSigned(_ v: Int64) {
        bytes.append(Tag.signed)
        writeVarint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    @inline(__always)
    func writeUnsigned(_ v: UInt64) {
        bytes.append(Tag.unsigned)
        writeVarint(v)
    }

    @inline(__always)
    func writeFixed64(_ tag: UInt8, _ bits: UInt64) {
        bytes.append(tag)
        withUnsafeBytes(of: bits.bigEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    func writeDouble(_ v: Double) { writeFixed64(Tag.double, v.bitPattern) }

    @inline(__always)
    func writeFloat(_ v: Float) {
        bytes.append(Tag.float)
        withUnsafeBytes(of: v.bitPattern.bigEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    func writeString(_ s: String) {
        bytes.append(Tag.string)
        writeRawString(s)
    }

    /// varint length + UTF-8, used for strings and keys.
    @inline(__always)
    func writeRawString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    func writeData(_ d: Data) {
        bytes.append(Tag.bytes)
        writeVarint(UInt64(d.count))
        bytes.append(contentsOf: d)
    }

    @inline(__always)
    func writeDate(_ d: Date) { writeFixed64(Tag.date, d.timeIntervalSince1970.bitPattern) }

    @inline(__always)
    func writeUUID(_ u: UUID) {
        bytes.append(Tag.uuid)
        withUnsafeBytes(of: u.uuid) { bytes.append(contentsOf: $0) }
    }

    /// Writes primitives and the specially tagged Foundation types directly; returns false for anything else.
    @inline(__always)
    func writeFast<T: Encodable>(_ value: T) -> Bool {
        if T.self == String.self { writeString(unsafeBitCast(value, to: String.self)); return true }
        if T.self == Int.self { writeSigned(Int64(unsafeBitCast(value, to: Int.self))); return true }
        if T.self == Bool.self { writeBool(unsafeBitCast(value, to: Bool.self)); return true }
        if T.self == Double.self { writeDouble(unsafeBitCast(value, to: Double.self)); return true }
        if T.self == Date.self { writeDate(unsafeBitCast(value, to: Date.self)); return true }
        if T.self == UUID.self { writeUUID(unsafeBitCast(value, to: UUID.self)); return true }
        if T.self == Data.self { writeData(unsafeBitCast(value, to: Data.self)); return true }
        if T.self == Float.self { writeFloat(unsafeBitCast(value, to: Float.self)); return true }
        if T.self == Int64.self { writeSigned(unsafeBitCast(value, to: Int64.self)); return true }
        if T.self == Int32.self { writeSigned(Int64(unsafeBitCast(value, to: Int32.self))); return true }
        if T.self == Int16.self { writeSigned(Int64(unsafeBitCast(value, to: Int16.self))); return true }
        if T.self == Int8.self { writeSigned(Int64(unsafeBitCast(value, to: Int8.self))); return true }
        if T.self == UInt.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt.self))); return true }
        if T.self == UInt64.self { writeUnsigned(unsafeBitCast(value, to: UInt64.self)); return true }
        if T.self == UInt32.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt32.self))); return true }
        if T.self == UInt16.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt16.self))); return true }
        if T.self == UInt8.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt8.self))); return true }
        if ObjectIdentifier(T.self) == stringArrayTypeID { writeStringArray(unsafeBitCast(value, to: [String].self)); return true }
        if ObjectIdentifier(T.self) == stringDictionaryTypeID { writeStringDictionary(unsafeBitCast(value, to: [String: String].self)); return true }
        return false
    }

    /// `[String]`, written exactly as `Array.encode(to:)` would write it, without the generic machinery.
    func writeStringArray(_ array: [String]) {
        bytes.append(Tag.unkeyed)
        bytes.append(0)
        let lengthAt = bytes.count - 1
        for s in array { writeString(s) }
        patchLength(at: lengthAt)
    }

    /// `[String: String]`, written exactly as `Dictionary.encode(to:)` would write it (a keyed container).
    func writeStringDictionary(_ dictionary: [String: String]) {
        bytes.append(Tag.keyed)
        bytes.append(0)
        let lengthAt = bytes.count - 1
        for (key, value) in dictionary {
            writeRawString(key)
            writeString(value)
        }
        patchLength(at: lengthAt)
    }

    /// Encodes any value at the current position (the caller has already written its key, if any).
    @inline(__always)
    func writeValue<T: Encodable>(_ value: T, parent: ValueEncoder?, component: @autoclosure () -> PathComponent) throws {
        if writeFast(value) { return }
        try writeComposite(value, parent: parent, component: component())
    }

    func writeComposite<T: Encodable>(_ value: T, parent: ValueEncoder?, component: PathComponent) throws {
        let (slot, id) = openSlot()
        let encoder = ValueEncoder(state: self, parent: parent, component: component, slotIndex: slot, slotID: id)
        try value.encode(to: encoder)
        close(downTo: slot)
    }
}

/// The `Encoder` handed to each composite value's `encode(to:)`; also its single-value container.
final class ValueEncoder: Encoder, SingleValueEncodingContainer {
    let state: EncoderState
    let parent: ValueEncoder?
    let component: PathComponent
    let slotIndex: Int
    let slotID: Int
    /// 0: no container yet, 1: keyed, 2: unkeyed.
    var containerKind = 0
    var containerIndex = -1
    var containerID = 0

    init(state: EncoderState, parent: ValueEncoder?, component: PathComponent, slotIndex: Int, slotID: Int) {
        self.state = state
        self.parent = parent
        self.component = component
        self.slotIndex = slotIndex
        self.slotID = slotID
    }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: ValueEncoder? = self
        while let n = node {
            switch n.component {
            case .none: break
            case .key(let k): keys.append(k)
            case .index(let i): keys.append(IndexKey(index: i))
            }
            node = n.parent
        }
        return keys.reversed()
    }

    var pathString: String { renderPath(codingPath) }

    func path(appending component: PathComponent) -> String {
        var keys = codingPath
        switch component {
        case .none: break
        case .key(let k): keys.append(k)
        case .index(let i): keys.append(IndexKey(index: i))
        }
        return renderPath(keys)
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private var slotIsOpen: Bool {
        slotIndex >= 0 && state.frames.count > slotIndex && state.frames[slotIndex].id == slotID
    }

    /// Opens this value's container (once); leaves it "dead" (id 0, every write throws) when that is impossible.
    private func open(kind: Int, tag: UInt8) {
        containerKind = kind
        guard slotIsOpen else { return }
        state.close(downTo: slotIndex + 1)
        guard state.bytes.count == state.frames[slotIndex].start else { return }
        (containerIndex, containerID) = state.openContainer(tag: tag)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if containerKind == 0 {
            open(kind: 1, tag: Tag.keyed)
        } else if containerKind != 1 {
            return KeyedEncodingContainer(KeyedEncoder<Key>(encoder: self, index: -1, id: 0))
        }
        return KeyedEncodingContainer(KeyedEncoder<Key>(encoder: self, index: containerIndex, id: containerID))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if containerKind == 0 {
            open(kind: 2, tag: Tag.unkeyed)
        } else if containerKind != 2 {
            return UnkeyedEncoder(encoder: self, index: -1, id: 0)
        }
        return UnkeyedEncoder(encoder: self, index: containerIndex, id: containerID)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    @inline(__always)
    private func beginSingle() throws {
        guard slotIsOpen, containerKind == 0 else {
            throw CodecError(.invalidValue, codingPath: pathString,
                             message: "interleaved container writes are not supported: single value container used after its value was closed or after another container")
        }
        state.close(downTo: slotIndex + 1)
        guard state.bytes.count == state.frames[slotIndex].start else {
            throw CodecError(.invalidValue, codingPath: pathString, message: "single value container already holds a value")
        }
    }

    func encodeNil() throws { try beginSingle(); state.writeNil() }
    func encode(_ value: Bool) throws { try beginSingle(); state.writeBool(value) }
    func encode(_ value: String) throws { try beginSingle(); state.writeString(value) }
    func encode(_ value: Double) throws { try beginSingle(); state.writeDouble(value) }
    func encode(_ value: Float) throws { try beginSingle(); state.writeFloat(value) }
    func encode(_ value: Int) throws { try beginSingle(); state.writeSigned(Int64(value)) }
    func encode(_ value: Int8) throws { try beginSingle(); state.writeSigned(Int64(value)) }
    func encode(_ value: Int16) throws { try beginSingle(); state.writeSigned(Int64(value)) }
    func encode(_ value: Int32) throws { try beginSingle(); state.writeSigned(Int64(value)) }
    func encode(_ value: Int64) throws { try beginSingle(); state.writeSigned(value) }
    func encode(_ value: UInt) throws { try beginSingle(); state.writeUnsigned(UInt64(value)) }
    func encode(_ value: UInt8) throws { try beginSingle(); state.writeUnsigned(UInt64(value)) }
    func encode(_ value: UInt16) throws { try beginSingle(); state.writeUnsigned(UInt64(value)) }
    func encode(_ value: UInt32) throws { try beginSingle(); state.writeUnsigned(UInt64(value)) }
    func encode(_ value: UInt64) throws { try beginSingle(); state.writeUnsigned(value) }
    func encode<T: Encodable>(_ value: T) throws {
        try beginSingle()
        try state.writeValue(value, parent: self, component: .none)
    }
}

/// Keyed container: entries are key (varint length + UTF-8) followed by a value.
struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    let index: Int
    let id: Int

    var codingPath: [any CodingKey] { encoder.codingPath }

    @inline(__always)
    private func begin(_ key: Key) throws {
        try encoder.state.enter(index, id, encoder.path(appending: .key(key)))
        encoder.state.writeRawString(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); encoder.state.writeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); encoder.state.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); encoder.state.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); encoder.state.writeDouble(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); encoder.state.writeFloat(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); encoder.state.writeSigned(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); encoder.state.writeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try encoder.state.writeValue(value, parent: encoder, component: .key(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = ValueEncoder(state: encoder.state, parent: encoder, component: .key(key), slotIndex: -1, slotID: 0)
        child.containerKind = 1
        do { try begin(key) } catch {
            return KeyedEncodingContainer(KeyedEncoder<NestedKey>(encoder: child, index: -1, id: 0))
        }
        (child.containerIndex, child.containerID) = encoder.state.openContainer(tag: Tag.keyed)
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(encoder: child, index: child.containerIndex, id: child.containerID))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = ValueEncoder(state: encoder.state, parent: encoder, component: .key(key), slotIndex: -1, slotID: 0)
        child.containerKind = 2
        do { try begin(key) } catch {
            return UnkeyedEncoder(encoder: child, index: -1, id: 0)
        }
        (child.containerIndex, child.containerID) = encoder.state.openContainer(tag: Tag.unkeyed)
        return UnkeyedEncoder(encoder: child, index: child.containerIndex, id: child.containerID)
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(key: StringKey.super)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(key: key)
    }

    private func superEncoder(key: any CodingKey) -> any Encoder {
        do {
            try encoder.state.enter(index, id, encoder.path(appending: .key(key)))
        } catch {
            return ValueEncoder(state: encoder.state, parent: encoder, component: .key(key), slotIndex: -1, slotID: 0)
        }
        encoder.state.writeRawString(key.stringValue)
        let (slot, slotID) = encoder.state.openSlot()
        return ValueEncoder(state: encoder.state, parent: encoder, component: .key(key), slotIndex: slot, slotID: slotID)
    }
}

/// Unkeyed container: values one after another.
struct UnkeyedEncoder: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    let index: Int
    let id: Int
    private(set) var count = 0

    init(encoder: ValueEncoder, index: Int, id: Int) {
        self.encoder = encoder
        self.index = index
        self.id = id
    }

    var codingPath: [any CodingKey] { encoder.codingPath }

    @inline(__always)
    private mutating func begin() throws {
        try encoder.state.enter(index, id, encoder.path(appending: .index(count)))
        count += 1
    }

    mutating func encodeNil() throws { try begin(); encoder.state.writeNil() }
    mutating func encode(_ value: Bool) throws { try begin(); encoder.state.writeBool(value) }
    mutating func encode(_ value: String) throws { try begin(); encoder.state.writeString(value) }
    mutating func encode(_ value: Double) throws { try begin(); encoder.state.writeDouble(value) }
    mutating func encode(_ value: Float) throws { try begin(); encoder.state.writeFloat(value) }
    mutating func encode(_ value: Int) throws { try begin(); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try begin(); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try begin(); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try begin(); encoder.state.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try begin(); encoder.state.writeSigned(value) }
    mutating func encode(_ value: UInt) throws { try begin(); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try begin(); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try begin(); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try begin(); encoder.state.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try begin(); encoder.state.writeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let position = count
        try begin()
        try encoder.state.writeValue(value, parent: encoder, component: .index(position))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = ValueEncoder(state: encoder.state, parent: encoder, component: .index(count), slotIndex: -1, slotID: 0)
        child.containerKind = 1
        do { try begin() } catch {
            return KeyedEncodingContainer(KeyedEncoder<NestedKey>(encoder: child, index: -1, id: 0))
        }
        (child.containerIndex, child.containerID) = encoder.state.openContainer(tag: Tag.keyed)
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(encoder: child, index: child.containerIndex, id: child.containerID))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = ValueEncoder(state: encoder.state, parent: encoder, component: .index(count), slotIndex: -1, slotID: 0)
        child.containerKind = 2
        do { try begin() } catch {
            return UnkeyedEncoder(encoder: child, index: -1, id: 0)
        }
        (child.containerIndex, child.containerID) = encoder.state.openContainer(tag: Tag.unkeyed)
        return UnkeyedEncoder(encoder: child, index: child.containerIndex, id: child.containerID)
    }

    mutating func superEncoder() -> any Encoder {
        let position = count
        do { try begin() } catch {
            return ValueEncoder(state: encoder.state, parent: encoder, component: .index(position), slotIndex: -1, slotID: 0)
        }
        let (slot, slotID) = encoder.state.openSlot()
        return ValueEncoder(state: encoder.state, parent: encoder, component: .index(position), slotIndex: slot, slotID: slotID)
    }
}
