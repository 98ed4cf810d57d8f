#ifndef SAMEN_CZLIB_SHIM_H
#define SAMEN_CZLIB_SHIM_H
#include <zlib.h>
// deflateInit and inflateInit are macros over the versioned functions.
static inline int samen_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
static inline int samen_inflateInit2(z_streamp strm, int windowBits) { return inflateInit2(strm, windowBits); }
#endif
