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

extern char KiTextEnd[];

static ULONG GtFailedChecks;
static const char *GtSkipReason;
static GT_AUDIT GtBaseline;

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

/* The audit's outstanding count for Tag (0 for a tag first seen later). */
static ULONG GtAuditOutstanding(const GT_AUDIT *Audit, ULONG Tag)
{
    ULONG i;

    for (i = 0; i < Audit->TagCount && i < GT_MAX_TAGS; i++) {
        if (Audit->Tags[i].Tag == Tag)
            return GtOutstanding(&Audit->Tags[i]);
    }
    return 0;
}

VOID GtTakeAudit(PGT_AUDIT Audit)
{
    Audit->TagCount = ExQueryPoolTags(Audit->Tags, GT_MAX_TAGS);
    Audit->Irps = IoOutstandingIrps();
    Audit->Handles = PsOpenHandleCount();
    Audit->Pages = MmProcessPages();
}

/* IRPs alive, handles open anywhere and the physical pages processes hold
   must be back where they were. */
static BOOLEAN GtIoAudit(const GT_AUDIT *Before, const GT_AUDIT *Now)
{
    BOOLEAN clean = TRUE;

    if (Now->Pages != Before->Pages) {
        printf("    # %lu pages held by processes, %lu before\n", (unsigned long)Now->Pages,
               (unsigned long)Before->Pages);
        clean = FALSE;
    }
    if (Now->Irps != Before->Irps) {
        printf("    # %ld IRPs outstanding, %ld before\n", (long)Now->Irps, (long)Before->Irps);
        clean = FALSE;
    }
    if (Now->Handles != Before->Handles) {
        printf("    # %lu handles open, %lu before\n", (unsigned long)Now->Handles,
               (unsigned long)Before->Handles);
        clean = FALSE;
    }
    return clean;
}

BOOLEAN GtAuditClean(const GT_AUDIT *Before)
{
    static GT_AUDIT now;        /* too big for a thread's stack */
    BOOLEAN clean;
    char tag[5];
    ULONG i;

    GtTakeAudit(&now);
    clean = GtIoAudit(Before, &now);
    for (i = 0; i < now.TagCount && i < GT_MAX_TAGS; i++) {
        ULONG before = GtAuditOutstanding(Before, now.Tags[i].Tag);
        if (GtOutstanding(&now.Tags[i]) != before) {
            ExFormatPoolTag(now.Tags[i].Tag, tag);
            printf("    # pool tag '%s': %ld blocks outstanding (%lu bytes), %lu before\n",
                   tag, (long)GtOutstanding(&now.Tags[i]), (unsigned long)now.Tags[i].Bytes,
                   (unsigned long)before);
            clean = FALSE;
        }
    }
    return clean;
}

/* Function+0xOFF of a return address (the call instruction's). */
static VOID GtPrintCodeAddress(ULONG_PTR Address)
{
    ULONG_PTR offset = 0;
    const char *name = KiLookupSymbol(KiSymbolTable, KiSymbolCount, (ULONG_PTR)KiTextEnd,
                                      Address - 1, &offset);

    if (name != NULL)
        printf("%s+0x%lx", name, (unsigned long)offset + 1);
    else
        printf("0x%08lx", (unsigned long)Address);
}

VOID GtPrintPoolFailure(ULONG Nth, const POOL_FAILURE *Failure)
{
    char tag[5];

    ExFormatPoolTag(Failure->Tag, tag);
    printf("allocation %lu of %lu failed: '%s' for ", (unsigned long)Nth,
           (unsigned long)Failure->Counted, tag);
    GtPrintCodeAddress(Failure->Caller);
    printf(" from ");
    GtPrintCodeAddress(Failure->CallersCaller);
    printf("\n");
}

struct _EPROCESS *GtStartProcess(PCSTR CommandLine)
{
    return GtStartProcessAs(CommandLine, &PsInitialSystemProcess->Token);
}

struct _EPROCESS *GtStartProcessAs(PCSTR CommandLine, const struct _TOKEN *Token)
{
    PEPROCESS p = NULL;
    NTSTATUS status = PsCreateUserProcessFromLine(CommandLine, Token, &p);

    if (!NT_SUCCESS(status))
        printf("    # %s: did not start (status 0x%08lx)\n", CommandLine, (unsigned long)status);
    return p;
}

NTSTATUS GtWaitProcess(struct _EPROCESS *Process)
{
    NTSTATUS exit;

    if (Process == NULL)
        return STATUS_UNSUCCESSFUL;     /* it did not start (GtStartProcess said why) */
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
    &GtSmbSuite,
    &GtNetSuite,
    &GtProgsSuite,
    &GtCsnwSuite,
    &GtUserSuite,
    &GtSvcFuzzSuite,
    &GtLowResSuite,
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

/* failpool=N on a suite that does not arm the simulation itself: what
   the Nth allocation after the baseline was, if it came. Whatever the
   cases said, the run must still end here, without a bugcheck, and pass
   the leak audit. */
static VOID GtEndPoolFailure(const GT_SUITE *Suite)
{
    POOL_FAILURE f;

    if (KeBootArgs.FailPool == 0 || Suite == &GtLowResSuite)
        return;
    ExDisarmPoolFailure(&f);
    printf("# failpool=%lu: ", (unsigned long)KeBootArgs.FailPool);
    if (f.Failed)
        GtPrintPoolFailure(KeBootArgs.FailPool, &f);
    else
        printf("%lu allocations counted, none failed\n", (unsigned long)f.Counted);
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
    GtTakeAudit(&GtBaseline);
    printf("KTAP version 1\n# %s: %s\n1..%lu\n", suite->Name, suite->Description,
           (unsigned long)suite->CaseCount + 1);
    if (KeBootArgs.FailPool != 0 && suite != &GtLowResSuite)
        ExArmPoolFailure(KeBootArgs.FailPool);
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
    GtEndPoolFailure(suite);
    clean = GtAuditClean(&GtBaseline);
    failed += !clean;
    printf("%sok %lu leak_audit\n", clean ? "" : "not ", (unsigned long)suite->CaseCount + 1);
    printf("# %s: %lu of %lu failed\n", suite->Name, (unsigned long)failed,
           (unsigned long)suite->CaseCount + 1);
    TrFlush(failed != 0 || KeBootArgs.Trace);  /* the hash always; the trace when asked or failed */
    HalReturnToFirmware(failed ? HAL_EXIT_FAIL : HAL_EXIT_PASS);
}
