#if canImport(Glibc)
import Glibc
#endif

/// A test hook: the step of a transfer at which the process kills itself with SIGKILL, so that tests can show a
/// crash at that step loses nothing and doubles nothing. Read from `SAMEN_TRAJECTORY_CRASH_AT` by the program
/// only; nil (the default, and always in production) does nothing.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// Source: the request committed (trajectory frozen), the offer not sent.
    case afterFreezeBeforeOffer = "after-freeze-before-offer"
    /// Target: the offer stored, the answer not sent.
    case afterOfferStoredBeforeReply = "after-offer-stored-before-reply"
    /// Target: the acceptance committed, the source not told.
    case afterAcceptBeforeNotify = "after-accept-before-notify"
    /// Source: the outcome (tombstone) committed, the answer to the target not sent.
    case afterSettleBeforeReply = "after-settle-before-reply"

    /// Kills the process if `configured` is this step.
    func reached(_ configured: CrashPoint?) {
        if configured == self { kill(getpid(), SIGKILL) }
    }
}
