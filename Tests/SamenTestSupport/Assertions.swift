import SamenRPC
import Synchronization
import XCTest

/// Asserts that `body` throws an RPCError with `status`, and returns it for further checks.
@discardableResult
public func assertRPCError<T>(_ status: StatusCode, file: StaticString = #filePath, line: UInt = #line,
                              _ body: () async throws -> T) async -> RPCError? {
    do {
        let value = try await body()
        XCTFail("expected \(status), got a result: \(value)", file: file, line: line)
        return nil
    } catch let error as RPCError {
        XCTAssertEqual(error.status, status, "message: \(error.message)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected RPCError \(status), got \(error)", file: file, line: line)
        return nil
    }
}

/// Waits until `condition` holds, polling every `interval`; fails (saying `message`) after `timeout`, and returns
/// whether it held. Tests never assert on how fast things are.
@discardableResult
public func eventually(timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(10),
                       _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line,
                       _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    XCTFail("condition not met within \(timeout). \(message())", file: file, line: line)
    return false
}

/// The next item of a stream, or a failure after `timeout` (so a missing push fails the test instead of hanging).
public func nextItem<T: Sendable>(_ iterator: inout AsyncThrowingStream<T, any Error>.Iterator,
                                  timeout: Duration = .seconds(10)) async throws -> T? {
    let box = IteratorBox(iterator)
    defer { iterator = box.iterator }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await box.next() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw RPCError(.deadlineExceeded, "no stream item within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// What a consumer that falls behind gets: it takes one item, then none until `done` is set (by the server's handler
/// as it ends: a handler that holds the stream open until the client cancels it, since one that ends once its items
/// are queued can end before the client has received them, and a consumer that reads on then keeps up), then the rest. Returns how many items came and the error the stream ended
/// with, if any.
public func consumeAfterFallingBehind<T: Sendable>(_ stream: AsyncThrowingStream<T, any Error>,
                                                  until done: Flag) async throws -> (items: Int, failure: RPCError?) {
    var iterator = stream.makeAsyncIterator()
    var items = 0
    if try await nextItem(&iterator, timeout: .seconds(60)) != nil { items += 1 }
    await eventually(timeout: .seconds(120)) { done.isSet }
    do {
        while try await nextItem(&iterator) != nil { items += 1 }
    } catch let error as RPCError {
        return (items, error)
    }
    return (items, nil)
}

/// Lets a child task advance an iterator the test owns.
final class IteratorBox<T: Sendable>: @unchecked Sendable {
    var iterator: AsyncThrowingStream<T, any Error>.Iterator
    init(_ iterator: AsyncThrowingStream<T, any Error>.Iterator) { self.iterator = iterator }
    func next() async throws -> T? { try await iterator.next() }
}

/// A list that concurrent tasks append to.
public final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    public init() {}
    public func append(_ item: Element) { items.withLock { $0.append(item) } }
    public var all: [Element] { items.withLock { $0 } }
}

/// A one-way signal from a handler to the test.
public final class Flag: Sendable {
    private let state = Mutex<Bool>(false)
    public init() {}
    public func set() { state.withLock { $0 = true } }
    public var isSet: Bool { state.withLock { $0 } }
}
