/// Runs the passes of one background job one after another, never two at once, whoever asks for them (the job's
/// own loop, or a call that just made work due): two passes side by side would both read the same pending rows and
/// both act on them, e.g. an outbox delivering one result twice.
public actor SerialPasses {
    private var last: Task<Void, Never>?

    public init() {}

    /// Runs `pass` once every pass asked for before it has ended, and answers what it answers; cancelling the caller
    /// cancels this pass.
    public func run<Result: Sendable>(_ pass: @escaping @Sendable () async -> Result) async -> Result {
        let previous = last
        let current = Task { () async -> Result in
            await previous?.value
            return await pass()
        }
        last = Task { _ = await current.value }
        return await withTaskCancellationHandler { await current.value } onCancel: { current.cancel() }
    }
}
