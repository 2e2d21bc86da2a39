/*
 * gtest.c - the runner for in-kernel test suites (see gtest.h).
 *
 * GtRunTest finds the suite by name in GtSuites, the ordered table of every
 * suite, runs its cases one after another and finishes with the leak audit.
 */
#include <stdio.h>
#include <string.h>
#include "hal/hal.h"
#include "ke/ke.h"
#include "ex/ex.h"
#include "io/io.h"
#include "mm/mm.h"
#include "ps/ps.h"
#include "trace/trace.h"
#include "tests/guest/gtest.h"

#define GT_MAX_TAGS 128

static ULONG GtFailedChecks;
static const char *GtSkipReason;
static LONG GtBaselineIrps;
static ULONG GtBaselineHandles;
static ULONG GtBaselinePages;
static POOL_TRACKER GtBaseline[GT_MAX_TAGS];
static ULONG GtBaselineCount;

VOID GtCheck(BOOLEAN Ok, const char *Text, const char *File, int Line)
{
    if (Ok)
        return;
    GtFailedChecks++;
    printf("    # check failed: %s (%s:%d)\n", Text, File, Line);
}

VOID GtSkip(const char *Reason)
{
    GtSkipReason = Reason;
}

BOOLEAN GtSkipWithoutDevice(const char *Device, const char *Reason)
{
    STRING name = { (USHORT)strlen(Device), (USHORT)strlen(Device), (PCHAR)Device };
    PVOID device;

    if (!NT_SUCCESS(ObReferenceObjectByName(&name, IoDeviceObjectType, NULL, &device))) {
        GtSkip(Reason);
        return TRUE;
    }
    ObDereferenceObject(device);
    return FALSE;
}

VOID GtExpectStop(ULONG Code)
{
    printf("# expect STOP 0x%08lX %s\n", (unsigned long)Code, KeBugCheckName(Code));
}

static ULONG GtOutstanding(const POOL_TRACKER *t)
{
    return t->Allocs - t->Frees;
}

/* The baseline's outstanding count for Tag (0 for a tag first seen later). */
static ULONG GtBaselineOutstanding(ULONG Tag)
{
    ULONG i;

    for (i = 0; i < GtBaselineCount; i++) {
        if (GtBaseline[i].Tag == Tag)
            return GtOutstanding(&GtBaseline[i]);
    }
    return 0;
}

/* IRPs alive, handles open anywhere and the physical pages processes hold
   must be back where they were. */
static BOOLEAN GtIoAudit(VOID)
{
    BOOLEAN clean = TRUE;

    if (MmProcessPages() != GtBaselinePages) {
        printf("    # %lu pages held by processes, %lu before the test\n",
               (unsigned long)MmProcessPages(), (unsigned long)GtBaselinePages);
        clean = FALSE;
    }
    if (IoOutstandingIrps() != GtBaselineIrps) {
        printf("    # %ld IRPs outstanding, %ld before the test\n", (long)IoOutstandingIrps(),
               (long)GtBaselineIrps);
        clean = FALSE;
    }
    if (PsOpenHandleCount() != GtBaselineHandles) {
        printf("    # %lu handles open, %lu before the test\n", (unsigned long)PsOpenHandleCount(),
               (unsigned long)GtBaselineHandles);
        clean = FALSE;
    }
    return clean;
}

static BOOLEAN GtLeakAudit(VOID)
{
    POOL_TRACKER now[GT_MAX_TAGS];
    ULONG n = ExQueryPoolTags(now, GT_MAX_TAGS), i;
    BOOLEAN clean = GtIoAudit();
    char tag[5];

    for (i = 0; i < n && i < GT_MAX_TAGS; i++) {
        ULONG before = GtBaselineOutstanding(now[i].Tag);
        if (GtOutstanding(&now[i]) != before) {
            ExFormatPoolTag(now[i].Tag, tag);
            printf("    # pool tag '%s': %ld blocks outstanding (%lu bytes), %lu before the test\n",
                   tag, (long)GtOutstanding(&now[i]), (unsigned long)now[i].Bytes,
                   (unsigned long)before);
            clean = FALSE;
        }
    }
    return clean;
}

struct _EPROCESS *GtStartProcess(PCSTR CommandLine)
{
    return GtStartProcessAs(CommandLine, &PsInitialSystemProcess->Token);
}

struct _EPROCESS *GtStartProcessAs(PCSTR CommandLine, const struct _TOKEN *Token)
{
    STRING image, line;
    PCSTR blank = strchr(CommandLine, ' ');
    PEPROCESS p = NULL;
    NTSTATUS status;

    image.Buffer = line.Buffer = (PCHAR)CommandLine;
    image.Length = image.MaximumLength = (USHORT)(blank ? (SIZE_T)(blank - CommandLine)
                                                        : strlen(CommandLine));
    line.Length = line.MaximumLength = strlen(CommandLine);
    status = PsCreateUserProcess(&image, &line, Token, &p, NULL);
    if (!NT_SUCCESS(status))
        printf("    # %s: did not start (status 0x%08lx)\n", CommandLine, (unsigned long)status);
    return p;
}

NTSTATUS GtWaitProcess(struct _EPROCESS *Process)
{
    NTSTATUS exit;

    KeWaitForSingleObject(&Process->Pcb.Header, Executive, KernelMode, FALSE, NULL);
    exit = Process->ExitStatus;
    ObDereferenceObject(Process);
    return exit;
}

/* Every suite, in the order `test=` lists them. */
static const GT_SUITE *const GtSuites[] = {
    &GtBootSuite,
    &GtPoolSuite,
    &GtObSuite,
    &GtKeSuite,
    &GtPctSuite,
    &GtIoSuite,
    &GtIoPctSuite,
    &GtNullIrpSuite,
    &GtWin32Suite,
    &GtPageFaultSuite,
    &GtDivideSuite,
    &GtStackOverflowSuite,
    &GtDoubleFreeSuite,
    &GtThreadOverflowSuite,
    &GtMutexOwnerSuite,
    &GtLockOrderSuite,
    &GtMutexOrderSuite,
    &GtIrpTwiceSuite,
    &GtIrpCancelSuite,
    &GtIrpUnmarkedSuite,
    &GtIrpUnderflowSuite,
    &GtIrpMarkedSuite,
    &GtNe2000Suite, &GtNe2000FloodSuite,
    &GtIpxSuite, &GtNcpSuite, &GtNcpFloodSuite, &GtNcpSilentSuite, &GtNcpPairSuite,
    &GtNoServerSuite,
    &GtNcpBenchSuite,
    &GtNcpFaultsSuite, &GtIpxBurstSuite,
    &GtCsrssSuite,
    &GtNwrdrSuite, &GtNwrdrSilentSuite,
    &GtUserSuite,
    &GtSvcFuzzSuite,
};

static const GT_SUITE *GtFindSuite(const char *Name)
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(GtSuites); i++) {
        if (strcmp(GtSuites[i]->Name, Name) == 0)
            return GtSuites[i];
    }
    return NULL;
}

static VOID __attribute__((noreturn)) GtUnknownSuite(const char *Name)
{
    ULONG i;

    printf("KTAP version 1\n1..1\nnot ok 1 %s # no such test; the tests are:", Name);
    for (i = 0; i < ARRAYSIZE(GtSuites); i++)
        printf(" %s", GtSuites[i]->Name);
    printf("\n# %s: 1 of 1 failed\n", Name);
    HalReturnToFirmware(HAL_EXIT_FAIL);
}

/* test=list: every suite with what it checks. */
static VOID __attribute__((noreturn)) GtListSuites(VOID)
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(GtSuites); i++)
        printf("%-16s %s\n", GtSuites[i]->Name, GtSuites[i]->Description);
    HalReturnToFirmware(HAL_EXIT_PASS);
}

VOID GtRunTest(const char *Name)
{
    const GT_SUITE *suite = GtFindSuite(Name);
    ULONG i, failed = 0;
    BOOLEAN clean;

    if (suite == NULL && strcmp(Name, "list") == 0)
        GtListSuites();
    if (suite == NULL)
        GtUnknownSuite(Name);
    ExWaitForCsrss();           /* boot started it: its start-up is not the test's */
    GtBaselineCount = ExQueryPoolTags(GtBaseline, GT_MAX_TAGS);
    GtBaselineIrps = IoOutstandingIrps();
    GtBaselineHandles = PsOpenHandleCount();
    GtBaselinePages = MmProcessPages();
    printf("KTAP version 1\n# %s: %s\n1..%lu\n", suite->Name, suite->Description,
           (unsigned long)suite->CaseCount + 1);
    for (i = 0; i < suite->CaseCount; i++) {
        GtFailedChecks = 0;
        GtSkipReason = NULL;
        suite->Cases[i].Run();
        printf("%sok %lu %s", GtFailedChecks ? "not " : "", (unsigned long)i + 1,
               suite->Cases[i].Name);
        if (GtSkipReason != NULL && !GtFailedChecks)
            printf(" # SKIP %s", GtSkipReason);
        printf("\n");
        failed += GtFailedChecks != 0;
    }
    clean = GtLeakAudit();
    failed += !clean;
    printf("%sok %lu leak_audit\n", clean ? "" : "not ", (unsigned long)suite->CaseCount + 1);
    printf("# %s: %lu of %lu failed\n", suite->Name, (unsigned long)failed,
           (unsigned long)suite->CaseCount + 1);
    TrFlush(failed != 0 || KeBootArgs.Trace);  /* the hash always; the trace when asked or failed */
    HalReturnToFirmware(failed ? HAL_EXIT_FAIL : HAL_EXIT_PASS);
}
