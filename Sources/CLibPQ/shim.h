#ifndef AGORA_CLIBPQ_SHIM_H
#define AGORA_CLIBPQ_SHIM_H
// libpq, PostgreSQL's C client library (Debian: libpq-dev), for the shared command log (AgoraPostgres).
// Only AgoraPostgres imports this, internally.
#include <libpq-fe.h>
#endif
