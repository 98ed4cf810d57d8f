/// A growable byte queue over one manually managed allocation: socket reads land directly in its free tail
/// and writes leave from its head, so neither side pays for zero-filling or per-read arrays.
///
/// Not thread-safe: a connection's buffers belong to the event loop that owns the connection.
public final class ByteBuffer {
    private var storage: UnsafeMutableRawPointer
    public private(set) var capacity: Int
    private var readIndex = 0
    private var writeIndex = 0

    public init(capacity: Int = 16 * 1024) {
        self.capacity = max(capacity, 64)
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    public var readableCount: Int { writeIndex - readIndex }
    public var isEmpty: Bool { writeIndex == readIndex }

    /// The bytes not yet consumed.
    public var readableBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + readIndex, count: writeIndex - readIndex)
    }

    /// Makes room for at least `count` more bytes at the tail, moving unread bytes to the front first.
    public func reserveWritable(_ count: Int) {
        if capacity - writeIndex >= count { return }
        let unread = writeIndex - readIndex
        if readIndex > 0 && capacity - unread >= count {
            storage.copyMemory(from: storage + readIndex, byteCount: unread)
        } else {
            var newCapacity = capacity
            while newCapacity - unread < count { newCapacity *= 2 }
            let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            newStorage.copyMemory(from: storage + readIndex, byteCount: unread)
            storage.deallocate()
            storage = newStorage
            capacity = newCapacity
        }
        readIndex = 0
        writeIndex = unread
    }

    /// The free tail, after `reserveWritable`; call `commitWritten` with how much was filled.
    public var writableBytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: storage + writeIndex, count: capacity - writeIndex)
    }

    public func commitWritten(_ count: Int) {
        precondition(count >= 0 && writeIndex + count <= capacity)
        writeIndex += count
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserveWritable(bytes.count)
        (storage + writeIndex).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        writeIndex += bytes.count
    }

    public func consume(_ count: Int) {
        precondition(count >= 0 && count <= writeIndex - readIndex)
        readIndex += count
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
    }

    /// Drops the contents and frees all but a minimal allocation: for a buffer whose connection has closed.
    public func release() {
        readIndex = 0
        writeIndex = 0
        guard capacity > 64 else { return }
        storage.deallocate()
        storage = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        capacity = 64
    }

    /// Gives back memory after a burst: a connection that once carried a large frame should not keep its buffer.
    public func shrink(to target: Int) {
        guard capacity > target, readableCount <= target / 2 else { return }
        let unread = readableCount
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: target, alignment: 16)
        newStorage.copyMemory(from: storage + readIndex, byteCount: unread)
        storage.deallocate()
        storage = newStorage
        capacity = target
        readIndex = 0
        writeIndex = unread
    }
}
