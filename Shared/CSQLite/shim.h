#ifndef SAMEN_CSQLITE_SHIM_H
#define SAMEN_CSQLITE_SHIM_H
#include <sqlite3.h>
// SQLITE_TRANSIENT is a cast macro Swift cannot import; binding copies the value when given this destructor.
static inline sqlite3_destructor_type samen_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
