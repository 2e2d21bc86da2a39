/*
 * test_bench.c - figures for `make bench`, measured inside the guest.
 *
 * nullirp: a 0-byte NtReadFile on an already open \Device\Null handle, the
 * whole path - handle to file object, IRP, IoCallDriver, the driver,
 * IoCompleteRequest, the completion APC, the free - timed with rdtsc over
 * many calls. Under QEMU's -icount shift=0 the time-stamp counter counts
 * guest instructions, so the figure is instructions per read. The IRP
 * verifier is on (it always is); the trace keeps its ring and hash, with no
 * text. The real clock gives reads per second in the same run.
 *
 * system_call: a process makes the cheapest native call, NtTestAlert, many
 * times and times them itself (int 0x2e in, the dispatcher, the way back).
 * process_life: a process created from its image, run to its exit and
 * deleted, many times, from the kernel.
 */
#include <stdio.h>
#include <string.h>
#include "io/io.h"
#include "ps/ps.h"
#include "tests/guest/gtest.h"

#define NULL_IRP_READS 20000
#define PROCESS_RUNS   50

static inline ULONG64 GtRdtsc(VOID)
{
    ULONG lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((ULONG64)hi << 32) | lo;
}

static VOID GtNullIrp(VOID)
{
    STRING name = { 12, 12, "\\Device\\Null" };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    LONG64 zero = 0;
    ULONG64 t0, t1, ms0, ms1;
    ULONG i, failures = 0;
    char byte;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    GT_CHECK(NtOpenFile(&h, GENERIC_READ, &oa, &iosb, 0, 0) == STATUS_SUCCESS);
    NtReadFile(h, NULL, NULL, NULL, &iosb, &byte, 0, &zero, NULL);     /* warm */
    ms0 = KeQueryRealTime();
    t0 = GtRdtsc();
    for (i = 0; i < NULL_IRP_READS; i++)
        failures += NtReadFile(h, NULL, NULL, NULL, &iosb, &byte, 0, &zero, NULL) != 0;
    t1 = GtRdtsc();
    ms1 = KeQueryRealTime();
    NtClose(h);
    printf("# null IRP: %lu tsc per read over %u reads, verifier on, text trace off\n",
           (unsigned long)((t1 - t0) / NULL_IRP_READS), NULL_IRP_READS);
    printf("# null IRP: %lu reads per second of real clock\n",
           (unsigned long)(ms1 > ms0 ? (ULONG64)NULL_IRP_READS * 1000 / (ms1 - ms0) : 0));
    GT_CHECK(failures == 0);
}

/* The system-call round trip, measured by the process itself. */
static VOID GtSystemCall(VOID)
{
    PEPROCESS p = GtStartProcess("utest syscallbench 20000");

    GT_CHECK(p != NULL && GtWaitProcess(p) == STATUS_SUCCESS);
}

/* A process's whole life: created from its image, run to exit, gone. */
static VOID GtProcessLife(VOID)
{
    ULONG64 t0, t1, ms0;
    ULONG i, failures = 0;
    PEPROCESS p;

    GtWaitProcess(GtStartProcess("utest exit 0"));      /* warm */
    ms0 = KeQueryRealTime();
    t0 = GtRdtsc();
    for (i = 0; i < PROCESS_RUNS; i++) {
        p = GtStartProcess("utest exit 0");
        failures += p == NULL || GtWaitProcess(p) != STATUS_SUCCESS;
    }
    t1 = GtRdtsc();
    printf("# process: %lu tsc per create, run to exit and delete over %u processes\n",
           (unsigned long)((t1 - t0) / PROCESS_RUNS), PROCESS_RUNS);
    printf("# process: %lu us of real clock per create, run to exit and delete\n",
           (unsigned long)((KeQueryRealTime() - ms0) * 1000 / PROCESS_RUNS));
    GT_CHECK(failures == 0);
}

static const GT_CASE GtNullIrpCases[] = {
    { "null_irp", GtNullIrp },
    { "system_call", GtSystemCall },
    { "process_life", GtProcessLife },
};

const GT_SUITE GtNullIrpSuite = GT_SUITE_ENTRY("nullirp", "the cost of a null IRP, a system call "
                                               "and a process", GtNullIrpCases);
