import COpenSSL

/// OpenSSL's lifetime in an executable: it lives until the process is gone.
public enum OpenSSLLifetime {
    /// Stops OpenSSL from tearing itself down in an `atexit` handler. `exit` runs that handler on the exiting
    /// thread while other threads may still be inside OpenSSL (an event loop closing a connection's `SSL`, a task
    /// dropping the last reference to a `TLSContext`); `samenctl` crashed in libcrypto at exit that way under load.
    /// The kernel reclaims the memory anyway. Only the first initialisation's options count, so every `main`
    /// calls this before anything else touches OpenSSL. False: OpenSSL could not be initialised.
    @discardableResult
    public static func keepUntilExit() -> Bool {
        OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil) == 1
    }
}
