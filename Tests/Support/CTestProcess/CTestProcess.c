// The test process ignores SIGPIPE, as `agora serve` does (Sources/agora/Signals.swift), before any test runs: the
// code under test writes to sockets and pipes whose peer may be gone (OpenSSL's socket BIO in OutboundHTTP writes
// with write(2), a sendmail program may exit before reading its input, `openssl s_client` may end while a test
// writes to it), and the server relies on EPIPE there, not on the signal. Without this, one such write ended the
// whole parallel test run with "Broken pipe" and no test named. A constructor, because Swift Testing has no hook
// that runs before every suite.
#include <signal.h>
#include "CTestProcess.h"

static int prepared = 0;

__attribute__((constructor)) static void agora_test_process_prepare(void) {
    signal(SIGPIPE, SIG_IGN);
    prepared = 1;
}

int agora_test_process_prepared(void) { return prepared; }
