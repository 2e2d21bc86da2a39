/*
 * test_svcfuzz.c - the system-service fuzzer (tests/user/svcfuzz.c) as a
 * guest suite: `test=svcfuzz seed=S` runs it as an unprivileged user
 * (no SeCreatePermanentPrivilege, unlike CSRSS) for SVCFUZZ_CALLS calls of
 * every native call, with arguments drawn from S. It must end with status
 * 0 - every call came back with an NTSTATUS, nothing faulted it - and,
 * once it and every process it started have ended, the leak audit must be
 * clean: no handle, IRP, pool block or page left behind.
 */
#include <stdio.h>
#include "ke/ke.h"
#include "ps/ps.h"
#include "tests/guest/gtest.h"

#define SVCFUZZ_CALLS 1000

static VOID GtFuzzServices(VOID)
{
    static const TOKEN fuzzer = { "FUZZ", { 0x2000, 0 } };
    LONG64 tick = -(LONG64)KTIME_PER_MS;
    ULONG processes = PsProcessCount();
    char line[48];
    PEPROCESS p;

    snprintf(line, sizeof(line), "svcfuzz %lu %u", (unsigned long)KeBootArgs.Seed, SVCFUZZ_CALLS);
    p = GtStartProcessAs(line, &fuzzer);
    GT_CHECK(p != NULL && GtWaitProcess(p) == STATUS_SUCCESS);
    for (ULONG i = 0; i < 5000 && PsProcessCount() != processes; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);       /* the children it started */
    GT_CHECK(PsProcessCount() == processes);
}

static const GT_CASE GtSvcFuzzCases[] = {
    { "every_call_returns_a_status", GtFuzzServices },
};

const GT_SUITE GtSvcFuzzSuite = GT_SUITE_ENTRY("svcfuzz", "the system-service fuzzer from ring 3",
                                               GtSvcFuzzCases);
