/*
 * test_csrss.c - LPC, CSRSS and basesrv's drive table through the real
 * kernel, booted as test=csrss [sched=pct seed=S depth=D] basesrv=rtm|sp.
 *
 * Each case starts CSRSS (and the stand-in redirector, stubrdr.c) and
 * stops it again, so the leak audit sees its threads, ports and messages
 * gone. The cases:
 *   push-down semantics through kernel32's DefineDosDevice/QueryDosDevice;
 *   two DefineDosDevice calls inside basesrv at once (the redirector holds
 *   both validation opens; CSRSS's pool grows to serve the second);
 *   a client whose process ends while its request is inside CSRSS;
 *   the MMTA loop (process A: net use X: \\NW1\SYS, net use X: /delete;
 *   process B the same with \\NW1\MAIL) run serially, then under PCT, with
 *   the drive audit after every schedule: rtm orphans X: within a bound of
 *   seeds and prints the first one and its audit; sp never does.
 */
#include <stdio.h>
#include <string.h>
#include "ntob.h"
#include "ntlpc.h"
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"
#include "user/csrss/csrsrv/csrsrv.h"
#include "tests/guest/gtest.h"
#include "tests/guest/drivers/drivers.h"

#define RTM_SEED_BOUND  300
#define SP_SEEDS        300
#define SERIAL_RUNS     20

extern volatile LONG LpcDroppedReplies;
static PDRIVER_OBJECT GtStubRdr;
static BASESRV_DRIVE_AUDIT GtAudit[BASESRV_DRIVES];    /* too big for a stack */

static VOID GtStart(VOID)
{
    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\StubRdr", StubRdrDriverEntry, &GtStubRdr)));
    GT_CHECK(ExStartCsrss() == STATUS_SUCCESS);
}

/* Remove what a case left in \DosDevices (orphans included), stop CSRSS
   and unload the redirector. */
static VOID GtStop(VOID)
{
    STRING name = { 14, 14, NULL };
    CHAR path[] = "\\DosDevices\\A:";
    PVOID link;

    GT_CHECK(ExStopCsrss() == STATUS_SUCCESS);
    name.Buffer = path;
    for (CHAR c = 'D'; c <= 'Z'; c++) {
        path[12] = c;
        if (NT_SUCCESS(ObReferenceObjectByName(&name, ObSymbolicLinkObjectType, NULL, &link))) {
            ObMakeTemporaryObject(link);
            ObDereferenceObject(link);
        }
    }
    GT_CHECK(IoUnloadDriver(GtStubRdr) == STATUS_SUCCESS);
}

static BOOLEAN GtTargets(PCSTR Name, PCSTR Expected, ULONG ExpectedLength)
{
    CHAR buf[256];
    DWORD n = QueryDosDeviceA(Name, buf, sizeof(buf));

    if (n != ExpectedLength || memcmp(buf, Expected, n) != 0) {
        printf("# QueryDosDevice(%s): %lu characters:", Name, (unsigned long)n);
        for (DWORD i = 0; i < n; i += strlen(buf + i) + 1)
            printf(" [%s]", buf + i);
        printf(", expected %lu\n", (unsigned long)ExpectedLength);
        return FALSE;
    }
    return TRUE;
}

#define T1 "\\Device\\Null\\ONE"
#define T2 "\\Device\\Null\\TWO"
#define T3 "\\Device\\Null\\THREE"
#define RAW DDD_RAW_TARGET_PATH
#define REMOVE (DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH)
#define EXACT (DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH | DDD_EXACT_MATCH_ON_REMOVE)

static VOID GtDefineThree(PCSTR Name)
{
    GT_CHECK(DefineDosDeviceA(RAW, Name, T1));
    GT_CHECK(DefineDosDeviceA(RAW, Name, T2));
    GT_CHECK(DefineDosDeviceA(RAW, Name, T3));
}

static VOID GtPushDown(VOID)
{
    CHAR small[8];
    DWORD drives;

    GtStart();
    drives = GetLogicalDrives();
    GtDefineThree("Q:");
    GT_CHECK(GtTargets("Q:", T3 "\0" T2 "\0" T1 "\0", sizeof(T3 T2 T1) + 3));
    GT_CHECK(GetLogicalDrives() == (drives | (1u << ('Q' - 'A'))));
    GT_CHECK(GetDriveTypeA("Q:\\") == DRIVE_FIXED);
    GT_CHECK(QueryDosDeviceA("Q:", small, sizeof(small)) == 0 &&
             GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    GT_CHECK(DefineDosDeviceA(EXACT, "q:", T2));                 /* middle, lowercase */
    GT_CHECK(GtTargets("Q:", T3 "\0" T1 "\0", sizeof(T3 T1) + 2));
    GT_CHECK(DefineDosDeviceA(EXACT, "Q:", T1));                 /* oldest */
    GT_CHECK(GtTargets("Q:", T3 "\0", sizeof(T3) + 1));
    GT_CHECK(!DefineDosDeviceA(EXACT, "Q:", "\\Device\\Null\\TH") &&
             GetLastError() == ERROR_FILE_NOT_FOUND);           /* exact: no prefix */
    GT_CHECK(DefineDosDeviceA(REMOVE, "Q:", "\\Device\\Null\\TH")); /* prefix */
    GT_CHECK(QueryDosDeviceA("Q:", small, sizeof(small)) == 0 &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    GT_CHECK(GetLogicalDrives() == drives);
    GT_CHECK(GetDriveTypeA("Q:\\") == DRIVE_NO_ROOT_DIR);
    GtDefineThree("Q:");
    GT_CHECK(DefineDosDeviceA(REMOVE, "Q:", NULL));              /* newest */
    GT_CHECK(GtTargets("Q:", T2 "\0" T1 "\0", sizeof(T2 T1) + 2));
    GT_CHECK(DefineDosDeviceA(REMOVE, "Q:", NULL) && DefineDosDeviceA(REMOVE, "Q:", NULL));
    GT_CHECK(!DefineDosDeviceA(REMOVE, "Q:", T1) && GetLastError() == ERROR_FILE_NOT_FOUND);
    GT_CHECK(GetLogicalDrives() == drives);
    GtDefineThree("LPT9");                                      /* not a drive */
    GT_CHECK(GetLogicalDrives() == drives);
    GT_CHECK(GtTargets("LPT9", T3 "\0" T2 "\0" T1 "\0", sizeof(T3 T2 T1) + 3));
    GT_CHECK(DefineDosDeviceA(REMOVE, "LPT9", NULL) && DefineDosDeviceA(EXACT, "LPT9", T1) &&
             DefineDosDeviceA(REMOVE, "LPT9", T2));
    GT_CHECK(!DefineDosDeviceA(0x10, "Q:", T1) && GetLastError() == ERROR_INVALID_PARAMETER);
    GT_CHECK(!DefineDosDeviceA(DDD_EXACT_MATCH_ON_REMOVE, "Q:", T1) &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    GtStop();
}

typedef struct _GT_NETUSE {
    PCSTR Remote;
    ULONG Rounds;
    DWORD UseError, DeleteError;
} GT_NETUSE;

/* A workload process's thread: net use X: REMOTE, net use X: /delete. */
static VOID GtNetUseLoop(PVOID Context)
{
    GT_NETUSE *w = Context;

    for (ULONG i = 0; i < w->Rounds; i++) {
        w->UseError = WNetAddConnectionA(w->Remote, NULL, "X:");
        w->DeleteError = WNetCancelConnectionA("X:", FALSE);
    }
}

static PEPROCESS GtSpawn(PCSTR Name, PKSTART_ROUTINE Routine, PVOID Context)
{
    LUID services = { 0x1000, 0 };      /* MMTA and CIM share a logon session */
    PEPROCESS p = NULL;
    PETHREAD t;

    GT_CHECK(PsCreateProcess(Name, "MMTA", services, &p) == STATUS_SUCCESS);
    GT_CHECK(PsCreateSystemThread(p, Name, Routine, Context, &t) == STATUS_SUCCESS);
    ObDereferenceObject(t);
    return p;
}

static VOID GtReap(PEPROCESS Process)
{
    KeWaitForSingleObject(&Process->Pcb.Header, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Process);
}

static VOID GtWaitForHeldOpens(LONG Count)
{
    LONG64 tick = -(LONG64)KTIME_PER_MS;

    for (ULONG i = 0; i < 2000 && StubRdrOpensHeld < Count; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
}

/* Two net use calls on different letters, both held in the redirector's
   open inside basesrv: CSRSS must have grown a thread for the second. */
static VOID GtTwoDefinesInFlight(VOID)
{
    GT_NETUSE a = { "\\\\NW1\\SYS", 1, 99, 99 }, b = { "\\\\NW1\\MAIL", 1, 99, 99 };
    PEPROCESS pa, pb;

    GtStart();
    StubRdrCloseGate();
    pa = GtSpawn("mmta-a", GtNetUseLoop, &a);
    pb = GtSpawn("mmta-b", GtNetUseLoop, &b);
    GtWaitForHeldOpens(2);
    printf("# held in the redirector: %ld; inside BaseSrvDefineDosDevice: %ld; "
           "CSRSS threads: %ld\n", (long)StubRdrOpensHeld, (long)CsrStatistics.DefineInside,
           (long)CsrStatistics.Threads);
    GT_CHECK(StubRdrOpensHeld == 2);
    GT_CHECK(CsrStatistics.DefineInside == 2);
    GT_CHECK(CsrStatistics.Threads >= 3);
    StubRdrOpenGate();
    GtReap(pa);
    GtReap(pb);
    GT_CHECK(CsrStatistics.MostDefineInside == 2);
    GT_CHECK(StubRdrConnectionCount() == 0);
    GtStop();
}

typedef struct _GT_LEAVER {
    HANDLE Port;
    NTSTATUS Status;
} GT_LEAVER;

/* The leaver's first thread: a DefineDosDevice request straight over LPC
   (the redirector holds its validation). */
static VOID GtLeaverRequest(PVOID Context)
{
    GT_LEAVER *l = Context;
    CSR_API_MSG msg;

    memset(&msg, 0, sizeof(msg));
    msg.h.DataLength = CSR_API_MSG_DATA_LENGTH;
    msg.ApiNumber = BasepDefineDosDeviceApi;
    msg.u.DefineDosDevice.Flags = RAW;
    strcpy(msg.u.DefineDosDevice.DeviceName, "X:");
    strcpy(msg.u.DefineDosDevice.TargetPath, "\\Device\\NwRdr\\;X:\\NW1\\SYS");
    l->Status = NtRequestWaitReplyPort(l->Port, &msg.h, &msg.h);
}

/* Its second thread closes the port, as the process's rundown would. */
static VOID GtLeaverCloser(PVOID Context)
{
    GT_LEAVER *l = Context;

    GtWaitForHeldOpens(1);
    NtClose(l->Port);
}

static VOID GtLeaverMain(PVOID Context)
{
    STRING name = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };
    GT_LEAVER *l = Context;
    PETHREAD t;

    l->Status = NtConnectPort(&l->Port, &name, NULL, NULL);
    if (!NT_SUCCESS(l->Status))
        return;
    if (NT_SUCCESS(PsCreateSystemThread(PsGetCurrentProcess(), "leaver-2", GtLeaverCloser, l,
                                        &t)))
        ObDereferenceObject(t);
    GtLeaverRequest(l);
}

/* A client process ends while CSRSS serves its request: CSRSS drops the
   reply and goes on serving. */
static VOID GtExitInsideCsrss(VOID)
{
    GT_LEAVER l = { NULL, STATUS_PENDING };
    LONG dropped = LpcDroppedReplies;
    ULONG orphans = 99;
    PEPROCESS p;

    GtStart();
    StubRdrCloseGate();
    p = GtSpawn("leaver", GtLeaverMain, &l);
    GtReap(p);
    printf("# the leaver's request ended with 0x%08lx while CSRSS held it\n",
           (unsigned long)l.Status);
    GT_CHECK(l.Status == STATUS_PORT_DISCONNECTED);
    GT_CHECK(CsrStatistics.DefineInside == 1);
    StubRdrOpenGate();
    GT_CHECK(BaseAuditDrives(GtAudit, &orphans));     /* served after the leaver's */
    GT_CHECK(LpcDroppedReplies == dropped + 1);
    GT_CHECK(CsrStatistics.DefineInside == 0);
    GT_CHECK(DefineDosDeviceA(RAW, "Q:", T1) && DefineDosDeviceA(REMOVE, "Q:", NULL));
    GtStop();
}

/* Print one letter of the audit, as the `drives` command does. */
static VOID GtPrintAudit(CHAR Letter, const BASESRV_DRIVE_AUDIT *A)
{
    PCSTR t;

    printf("#   %c: entry %s owner %lu refs %lu; link %s; map bit %u; top %s",
           Letter, BaseSrvDriveStateName(A->Entry.State), (unsigned long)A->Entry.OwnerProcessId,
           (unsigned long)A->Entry.References, A->LinkExists ? "yes" : "no", A->DriveMapBit,
           A->Backing == 2 ? "live" : A->Backing == 3 ? "DEAD" : A->Backing == 1 ? "local" : "-");
    if (A->Backing == 2)
        printf(" (process %lu)", (unsigned long)A->BackingProcessId);
    printf("; orphan %lu\n", (unsigned long)A->Orphan);
    for (t = BaseSrvpListNext(&A->Targets, NULL); t != NULL; t = BaseSrvpListNext(&A->Targets, t))
        printf("#       %s\n", t);
}

/* One MMTA schedule: A and B each net use X: then /delete, ROUNDS times,
   concurrently or one after the other; then the audit of X:. The number
   of orphaned letters (the audit is printed with Print). */
static ULONG GtMmtaSchedule(BOOLEAN Serial, ULONG Rounds, BOOLEAN Print)
{
    GT_NETUSE a = { "\\\\NW1\\SYS", Rounds, 0, 0 }, b = { "\\\\NW1\\MAIL", Rounds, 0, 0 };
    ULONG orphans = 0;
    PEPROCESS pa, pb;

    GtStart();
    pa = GtSpawn("mmta-a", GtNetUseLoop, &a);
    if (Serial)
        GtReap(pa);
    pb = GtSpawn("mmta-b", GtNetUseLoop, &b);
    if (!Serial)
        GtReap(pa);
    GtReap(pb);
    GT_CHECK(BaseAuditDrives(GtAudit, &orphans));
    if (Print || orphans != 0)
        GtPrintAudit('X', &GtAudit['X' - 'A']);
    GtStop();
    return orphans;
}

static VOID GtSerialNeverOrphans(VOID)
{
    ULONG orphaned = 0;

    for (ULONG i = 0; i < SERIAL_RUNS; i++)
        orphaned += GtMmtaSchedule(TRUE, 2, FALSE) != 0;
    printf("# serial (%s): %u runs, %lu orphaned\n", KeBootArgs.BaseSrv == BASESRV_SP ? "sp" : "rtm",
           SERIAL_RUNS, (unsigned long)orphaned);
    GT_CHECK(orphaned == 0);
}

/* Under PCT: rtm orphans X: within RTM_SEED_BOUND seeds; sp never, in
   SP_SEEDS. Without sched=pct the schedules are rr's, and only printed. */
static VOID GtPctMmta(VOID)
{
    BOOLEAN sp = KeBootArgs.BaseSrv == BASESRV_SP;
    ULONG bound = sp ? SP_SEEDS : RTM_SEED_BOUND, seed, k, found = 0, orphaned = 0;

    KePctBeginSchedule(KeBootArgs.Seed, 1, 0);
    GtMmtaSchedule(FALSE, 1, FALSE);
    k = KePctSteps();
    for (seed = 1; seed <= bound && (sp || !found); seed++) {
        KePctBeginSchedule(KeBootArgs.Seed + seed, KeBootArgs.Depth, k);
        if (GtMmtaSchedule(FALSE, 1, FALSE) != 0) {
            orphaned++;
            if (!found)
                found = seed;
        }
    }
    if (found)
        printf("# pct (%s): K=%lu depth=%lu: X: orphaned at seed %lu, schedule %lu "
               "(replay: test=csrss sched=pct basesrv=%s seed=%lu depth=%lu)\n",
               sp ? "sp" : "rtm", (unsigned long)k, (unsigned long)KeBootArgs.Depth,
               (unsigned long)(KeBootArgs.Seed + found), (unsigned long)found, sp ? "sp" : "rtm",
               (unsigned long)(KeBootArgs.Seed + found - 1), (unsigned long)KeBootArgs.Depth);
    printf("# pct (%s): %lu schedules, %lu orphaned\n", sp ? "sp" : "rtm",
           (unsigned long)(seed - 1), (unsigned long)orphaned);
    GT_CHECK(KeBootArgs.Sched != SCHED_POLICY_PCT || (sp ? orphaned == 0 : found != 0));
}

static const GT_CASE GtCsrssCases[] = {
    { "push_down", GtPushDown },
    { "two_defines_in_flight", GtTwoDefinesInFlight },
    { "exit_inside_csrss", GtExitInsideCsrss },
    { "serial_never_orphans", GtSerialNeverOrphans },
    { "pct_mmta_loop", GtPctMmta },
};

const GT_SUITE GtCsrssSuite = GT_SUITE_ENTRY("csrss", "LPC, CSRSS and the drive table",
                                             GtCsrssCases);
