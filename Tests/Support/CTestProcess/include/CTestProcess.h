// The test process's signal dispositions, set before any test runs (CTestProcess.c).
#ifndef AGORA_C_TEST_PROCESS_H
#define AGORA_C_TEST_PROCESS_H

/// Whether the constructor below ran: TestSupportTests checks it, so a link that dropped it fails a test.
int agora_test_process_prepared(void);

#endif
