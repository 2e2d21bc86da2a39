/*
 * test_csrss.c - LPC, the CSRSS process and basesrv's drive table, booted
 * as test=csrss [sched=pct seed=S depth=D] basesrv=rtm|sp.
 *
 * The redirector is NWRDR, on the wire to ncpserv (the suite boots with a
 * network card). Each case stops the CSRSS that boot started, attaches the
 * gate filter above NWRDR (drivers/gate.c: it can hold CSRSS's validation
 * opens) and starts a fresh CSRSS, so it begins with an empty drive table;
 * at its end it stops that CSRSS, removes what the case left in
 * \DosDevices (orphans included), detaches the gate, checks that NWRDR
 * holds no context and starts CSRSS again as boot left it. The clients are
 * processes running tests/user/wintest.c, the MMTA's as user MMTA (with
 * its bindery password) in the services' logon session. The cases:
 *   push-down semantics through kernel32's DefineDosDevice/QueryDosDevice;
 *   two DefineDosDevice calls inside basesrv at once (the gate holds the
 *   type query's open: in rtm both callers' opens are held, with the lock
 *   free, and CSRSS's pool grows to serve the second; in sp the second
 *   waits for the basesrv lock the first holds across its round trip);
 *   a client process ended from outside while its request is inside CSRSS;
 *   the MMTA loop (process A: net use X: \\NWSERVER\SYS, net use X: /delete;
 *   process B the same with \\NWSERVER\MAIL) run serially, then under PCT, with
 *   the drive audit after every schedule: rtm orphans X: within a bound of
 *   seeds and prints the first one and its audit; sp never does; nor does
 *   rtm with NWRDR keeping one context per logon session (nwrctx=logon),
 *   over the same schedules. Each MMTA process deletes only what it
 *   connected. Without sched=pct the schedules are rr's, and the case is
 *   a SKIP: nothing there makes the race come or go.
 */
#include <stdio.h>
#include <string.h>
#include "csrmsg.h"
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "tests/guest/gtest.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/drivers/drivers.h"

#define RTM_SEED_BOUND  300
#define SP_SEEDS        300
#define SERIAL_RUNS     20

extern volatile LONG LpcDroppedReplies;
static PDRIVER_OBJECT GtGate;
static const TOKEN GtMmtaToken = { "MMTA", { 0x1000, 0 } };   /* the services' session */

static VOID GtStart(VOID)
{
    NwrFlushServerCache();              /* each schedule finds the server anew */
    GT_CHECK(ExStopCsrss() == STATUS_SUCCESS);
    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\NwGate", GateDriverEntry, &GtGate)));
    GT_CHECK(ExStartCsrss() == STATUS_SUCCESS);
}

/* Stop this case's CSRSS, remove what it left in \DosDevices, detach the
   gate, see NWRDR idle (every client process has ended), and start CSRSS
   as boot did. */
static VOID GtStop(VOID)
{
    NWR_STATISTICS nwr;

    GT_CHECK(ExStopCsrss() == STATUS_SUCCESS);
    ExRemoveDriveLetters();
    GT_CHECK(IoUnloadDriver(GtGate) == STATUS_SUCCESS);
    NwrQueryStatistics(&nwr);
    GT_CHECK(nwr.Contexts == 0 && nwr.Servers == 0 && nwr.Ties == 0 && nwr.Opens == 0);
    GT_CHECK(ExStartCsrss() == STATUS_SUCCESS);
}

static NTSTATUS GtRun(PCSTR CommandLine)
{
    PEPROCESS p = GtStartProcess(CommandLine);

    return p != NULL ? GtWaitProcess(p) : STATUS_UNSUCCESSFUL;
}

static VOID GtPushDown(VOID)
{
    if (GtNoRedirector())
        return;
    GtStart();
    GT_CHECK(GtRun("wintest pushdown") == STATUS_SUCCESS);
    GtStop();
}

static VOID GtWaitForHeldOpens(LONG Count)
{
    LONG64 tick = -(LONG64)KTIME_PER_MS;

    for (ULONG i = 0; i < 2000 && NwGateOpensHeld < Count; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
}

/* CSRSS's counts, as wintest csrstats encodes them. */
typedef struct { LONG Inside, Threads, MostInside, MostThreads; } GT_CSRSTATS;

static GT_CSRSTATS GtCsrStats(VOID)
{
    ULONG s = (ULONG)GtRun("wintest csrstats");
    GT_CSRSTATS stats = { s & 0xFF, (s >> 8) & 0xFF, (s >> 16) & 0xFF, s >> 24 };

    return stats;
}

/* Until one of two processes has ended - the one whose connection failed
   before it reached CSRSS (bounded). */
static VOID GtWaitForLoser(PEPROCESS A, PEPROCESS B)
{
    LONG64 tick = -(LONG64)(10 * KTIME_PER_MS);

    for (ULONG i = 0; i < 500 && !A->Pcb.Header.SignalState && !B->Pcb.Header.SignalState; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
}

/* Until Count callers are inside BaseSrvDefineDosDevice (bounded). */
static VOID GtWaitForInside(LONG Count)
{
    LONG64 tick = -(LONG64)(10 * KTIME_PER_MS);

    for (ULONG i = 0; i < 200 && GtCsrStats().Inside < Count; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
}

/* Two MMTA processes net use X: at once, the first's type query held in
   the redirector. rtm: the second's is held too (the lock is free during
   the round trip) and CSRSS has grown a thread for it. sp: the second
   waits inside basesrv for the lock. nwrctx=logon: the two share a user
   context, so the second's connection fails in NWRDR (85) and it never
   reaches CSRSS. Outcomes: rtm, the second set collides (85) if the
   first's link is still there when it runs, or succeeds if the first
   process has already deleted it again; sp, the second pushes on the
   first (both succeed); logon, the redirector's 85. */
static VOID GtTwoDefinesInFlight(VOID)
{
    BOOLEAN sp = KeBootArgs.BaseSrv == BASESRV_SP;
    BOOLEAN shared = KeBootArgs.NwrContext == NWRCTX_LOGON;
    LONG held = sp || shared ? 1 : 2, inside = shared ? 1 : 2;
    PEPROCESS pa, pb;
    GT_CSRSTATS stats;

    if (GtNoRedirector())
        return;

    GtStart();
    GateClose();
    pa = GtStartProcessAs("wintest netuse \\\\NWSERVER\\SYS 1 MAILAGENT", &GtMmtaToken);
    pb = GtStartProcessAs("wintest netuse \\\\NWSERVER\\MAIL 1 MAILAGENT", &GtMmtaToken);
    GtWaitForHeldOpens(held);
    GtWaitForInside(inside);
    if (shared && pa != NULL && pb != NULL)
        GtWaitForLoser(pa, pb);
    stats = GtCsrStats();
    printf("# held in the redirector: %ld; inside BaseSrvDefineDosDevice: %ld; "
           "CSRSS threads: %ld\n", (long)NwGateOpensHeld, (long)stats.Inside,
           (long)stats.Threads);
    GT_CHECK(NwGateOpensHeld == held);
    GT_CHECK(stats.Inside == inside);
    GT_CHECK(stats.Threads >= inside + 1);
    GateOpen();
    if (pa != NULL && pb != NULL) {
        ULONG a = (ULONG)GtWaitProcess(pa) >> 16, b = (ULONG)GtWaitProcess(pb) >> 16;
        printf("# net use X: by A: error %lu, by B: error %lu\n", (unsigned long)a,
               (unsigned long)b);
        if (shared)
            GT_CHECK((a == 85) + (b == 85) == 1 && a + b == 85);
        else if (sp)
            GT_CHECK(a == 0 && b == 0);
        else                            /* 85 when the second set finds the first's link */
            GT_CHECK((a == 0 && (b == 0 || b == 85)) || (a == 85 && b == 0));
    }
    GT_CHECK(GtCsrStats().MostInside == inside);
    GtStop();
}

/* A client process is ended while CSRSS serves its request: its thread
   leaves its wait, CSRSS drops the reply and goes on serving. */
static VOID GtExitInsideCsrss(VOID)
{
    LONG64 tick = -(LONG64)KTIME_PER_MS;
    LONG dropped = LpcDroppedReplies;
    PEPROCESS p;

    if (GtNoRedirector())
        return;

    GtStart();
    GateClose();
    p = GtStartProcess("wintest leaver");
    GtWaitForHeldOpens(1);
    GT_CHECK(GtCsrStats().Inside == 1);
    if (p != NULL) {
        PsTerminateProcess(p, 0x4C45);
        GT_CHECK(GtWaitProcess(p) == 0x4C45);
    }
    GateOpen();
    for (ULONG i = 0; i < 2000 && LpcDroppedReplies == dropped; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    GT_CHECK(LpcDroppedReplies == dropped + 1);
    GT_CHECK(GtCsrStats().Inside == 0);
    GT_CHECK(GtRun("wintest pushdown") == STATUS_SUCCESS);
    GtStop();
}

/* One MMTA schedule: A and B each net use X: then /delete, ROUNDS times,
   concurrently or one after the other; then the audit (printed for X:
   with Print, for every orphaned letter always). The orphaned letters. */
static ULONG GtMmtaSchedule(BOOLEAN Serial, ULONG Rounds, BOOLEAN Print)
{
    char a[64], b[64];
    PEPROCESS pa, pb;
    ULONG orphans;

    snprintf(a, sizeof(a), "wintest netuse \\\\NWSERVER\\SYS %lu MAILAGENT", (unsigned long)Rounds);
    snprintf(b, sizeof(b), "wintest netuse \\\\NWSERVER\\MAIL %lu MAILAGENT", (unsigned long)Rounds);
    GtStart();
    pa = GtStartProcessAs(a, &GtMmtaToken);
    if (Serial && pa != NULL)
        GtWaitProcess(pa);
    pb = GtStartProcessAs(b, &GtMmtaToken);
    if (!Serial && pa != NULL)
        GtWaitProcess(pa);
    if (pb != NULL)
        GtWaitProcess(pb);
    orphans = (ULONG)GtRun(Print ? "wintest audit X" : "wintest audit -");
    GtStop();
    return orphans;
}

static VOID GtSerialNeverOrphans(VOID)
{
    ULONG orphaned = 0;

    if (GtNoRedirector())
        return;

    for (ULONG i = 0; i < SERIAL_RUNS; i++)
        orphaned += GtMmtaSchedule(TRUE, 2, FALSE) != 0;
    printf("# serial (%s): %u runs, %lu orphaned\n", KeBootArgs.BaseSrv == BASESRV_SP ? "sp" : "rtm",
           SERIAL_RUNS, (unsigned long)orphaned);
    GT_CHECK(orphaned == 0);
}

/* Under PCT: rtm orphans X: within RTM_SEED_BOUND seeds; sp never, in
   SP_SEEDS; nor rtm with a context per logon session, in the same bound. */
static VOID GtPctMmta(VOID)
{
    BOOLEAN sp = KeBootArgs.BaseSrv == BASESRV_SP;
    BOOLEAN shared = KeBootArgs.NwrContext == NWRCTX_LOGON;
    BOOLEAN expectOrphan = !sp && !shared;
    ULONG bound = sp ? SP_SEEDS : RTM_SEED_BOUND, seed, k, found = 0, orphaned = 0;
    PCSTR variant = sp ? "sp" : "rtm", nwrctx = shared ? " nwrctx=logon" : "";

    if (GtNoRedirector())
        return;
    if (KeBootArgs.Sched != SCHED_POLICY_PCT) {
        GtSkip("the race is explored under sched=pct; rr's schedules prove nothing either way");
        return;
    }

    k = KeBootArgs.Steps;               /* a replay gives K; else it is measured */
    if (k == 0) {
        KePctBeginSchedule(KeBootArgs.Seed, 1, 0);
        GtMmtaSchedule(FALSE, 1, FALSE);
        k = KePctSteps();
    }
    for (seed = 1; seed <= bound && (!expectOrphan || !found); seed++) {
        KePctBeginSchedule(KeBootArgs.Seed + seed, KeBootArgs.Depth, k);
        if (GtMmtaSchedule(FALSE, 1, FALSE) != 0) {
            orphaned++;
            if (!found)
                found = seed;
        }
    }
    if (found)
        printf("# pct (%s%s): K=%lu depth=%lu: X: orphaned at seed %lu, schedule %lu "
               "(replay: NIC=pci ARGS=\"test=csrss sched=pct basesrv=%s%s seed=%lu depth=%lu "
               "steps=%lu\")\n",
               variant, nwrctx, (unsigned long)k, (unsigned long)KeBootArgs.Depth,
               (unsigned long)(KeBootArgs.Seed + found), (unsigned long)found, variant, nwrctx,
               (unsigned long)(KeBootArgs.Seed + found - 1), (unsigned long)KeBootArgs.Depth,
               (unsigned long)k);
    printf("# pct (%s%s): %lu schedules, %lu orphaned\n", variant, nwrctx,
           (unsigned long)(seed - 1), (unsigned long)orphaned);
    GT_CHECK(expectOrphan ? found != 0 : orphaned == 0);
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
