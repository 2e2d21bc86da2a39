/*
 * scenario.c - scenario=q150047: the KB in one boot.
 *
 * The world is the KB's: ncpserv beside QEMU as NWSERVER with the
 * postoffice on MAIL, CSRSS, and the KB's programs as processes - three
 * MMTA instances of one service logon session (MMTA), the Compaq Insight
 * Manager agent (a service, SYSTEM) and File Manager (the interactive
 * user, GUEST). One schedule runs them all at once and waits for them;
 * the drive audit then asks CSRSS about every letter. Schedules follow
 * one another in the boot (schedules=N), each from the same baseline: the
 * ordered table ExpResetSteps puts every subsystem back first.
 *
 * Under sched=pct schedule i is a PCT schedule of seed+i-1 (K measured
 * by one schedule run without change points, or given with steps=);
 * under sched=rr the clock preempts, as in the field, until an orphan or
 * the time cap. When the audit finds an orphan the runner prints how it
 * came about (PCT's preemptions: who was running where, who ran instead)
 * and the boot line that replays it, then shows the KB's symptoms by
 * running the real programs - their own output, nothing canned - then
 * restarts Client Services for NetWare and shows net use working again.
 *
 * The runner drives NWRDR's and the NCP client's hooks (nwrdrp.h,
 * ncpclient.h) as the guest suites do: it is the harness, in the kernel.
 *
 * Interface: ExRunScenario (ex.h).
 */
#include <stdio.h>
#include <string.h>
#include "csrmsg.h"
#include "ex/ex.h"
#include "hal/hal.h"
#include "ob/ob.h"
#include "io/io.h"
#include "lpc/lpc.h"
#include "ps/ps.h"
#include "ke/pct.h"
#include "ex/scenariop.h"
#include "drivers/ipx/ipx.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "trace/trace.h"

extern VOID ConSetQuiet(BOOLEAN Quiet);   /* drivers/console */

#define EXP_PROGRAMS            8
#define EXP_PROGRESS_MS         3000      /* a progress line at most this often */
#define EXP_DEFAULT_SCHEDULES   300
#define EXP_RR_CAP_S            60        /* sched=rr: give up after this long (rrcap=) */
#define EXP_PROGRAM_WAIT_MS     120000    /* a program that runs longer is ended */

static const TOKEN ExpMmtaToken = { "MMTA", { 0x1000, 0 } };    /* the services' session */
static const TOKEN ExpUserToken = { "GUEST", { 0x2000, 0 } };   /* the interactive user */
#define ExpSystemToken (&PsInitialSystemProcess->Token)

/* One schedule's workload: the KB's programs, and only what they do. */
static const struct {
    PCSTR CommandLine;
    const TOKEN *Token;                 /* NULL: SYSTEM */
} ExpWorkload[] = {
    { "mmta 1 \\\\NWSERVER\\MAIL X-X 1 MAILAGENT", &ExpMmtaToken },
    { "mmta 2 \\\\NWSERVER\\MAIL X-X 1 MAILAGENT", &ExpMmtaToken },
    { "mmta 3 \\\\NWSERVER\\MAIL X-X 1 MAILAGENT", &ExpMmtaToken },
    { "cim 0 1", NULL },
    { "winfile X:", &ExpUserToken },
};

/* The programs of the running schedule, for the story. */
static struct {
    PEPROCESS Process;
    ULONG ProcessId;
    PCSTR CommandLine;
} ExpRunning[EXP_PROGRAMS];
static ULONG ExpRunningCount;
static ULONG ExpEpoch;

/* The serial ids at the scenario's start: every schedule names what it
   makes from there, as the first schedule of a fresh boot does. */
static ULONG ExpObjectIds, ExpLpcIds;
static IO_SERIAL_IDS ExpIoIds;
static ULONG ExpTraceEvents;
static ULONG64 ExpTraceHash;

/* What the schedules run so far cost: for make bench's floor (frames and
   IRPs at their measured prices), printed at the end of an exploration. */
static struct {
    ULONG Schedules, FramesSent, Irps, Processes;
} ExpCost;

/* ------------------------------------------------------------ programs */

static PEPROCESS ExpStart(PCSTR CommandLine, const TOKEN *Token)
{
    PEPROCESS p = NULL;
    NTSTATUS status = PsCreateUserProcessFromLine(CommandLine, Token ? Token : ExpSystemToken,
                                                  &p);

    if (!NT_SUCCESS(status))
        printf("scenario: %s: did not start (status 0x%08lx)\n", CommandLine,
               (unsigned long)status);
    return NT_SUCCESS(status) ? p : NULL;
}

/* Waits (bounded) for a program; one that does not end is ended. */
static NTSTATUS ExpWait(PEPROCESS Process)
{
    LONG64 timeout = -(LONG64)EXP_PROGRAM_WAIT_MS * KTIME_PER_MS;
    NTSTATUS status;

    if (Process == NULL)
        return STATUS_UNSUCCESSFUL;
    if (KeWaitForSingleObject(&Process->Pcb.Header, Executive, KernelMode, FALSE,
                              &timeout) == STATUS_TIMEOUT) {
        printf("scenario: %s did not end: ended from outside\n", Process->ImageFileName);
        PsTerminateProcess(Process, STATUS_TIMEOUT);
        KeWaitForSingleObject(&Process->Pcb.Header, Executive, KernelMode, FALSE, NULL);
    }
    status = Process->ExitStatus;
    ObDereferenceObject(Process);
    return status;
}

/* Runs one program to its end, its output on the console, after a caption. */
static NTSTATUS ExpShow(PCSTR Caption, PCSTR CommandLine, const TOKEN *Token)
{
    printf("\nscenario: %s\n%s> %s\n", Caption, Token ? Token->UserName : "SYSTEM",
           CommandLine);
    return ExpWait(ExpStart(CommandLine, Token));
}

/* One schedule: every program of the workload at once, then all waited;
   the schedule's trace (its count and hash) kept for the report. */
static VOID ExpRunWorkload(VOID)
{
    ULONG i;

    ExpRunningCount = 0;
    TrNameProcess(PsInitialSystemProcess->Pcb.Header.Id, "System");
    for (i = 0; i < ARRAYSIZE(ExpWorkload); i++) {
        PEPROCESS p = ExpStart(ExpWorkload[i].CommandLine, ExpWorkload[i].Token);
        if (p == NULL)
            continue;
        TrNameProcess(p->Pcb.Header.Id, ExpWorkload[i].CommandLine);
        ExpRunning[ExpRunningCount].Process = p;
        ExpRunning[ExpRunningCount].ProcessId = p->UniqueProcessId;
        ExpRunning[ExpRunningCount++].CommandLine = ExpWorkload[i].CommandLine;
    }
    for (i = 0; i < ExpRunningCount; i++)
        ExpWait(ExpRunning[i].Process);
    TrLog(TR_MARK, TR_MARK_SCHEDULE_END, ExpRunningCount, 0);
    ExpTraceEvents = TrCount();
    ExpTraceHash = TrHash();
}

/* With trace=full, the last schedule's records go to COM2 as text (the
   ring holds them: TrReset began the schedule). */
VOID ExpWriteTrace(VOID)
{
    if (KeBootArgs.Trace != 0)
        TrFlush(TRUE);
}

/* -------------------------------------------------------------- resets */

/* The drive letters: a fresh CSRSS (an empty drive table) and no
   \DosDevices letter but the boot's (A: to C:). */
static VOID ExpResetLetters(VOID)
{
    ExStopCsrss();
    ExRemoveDriveLetters();
    ExStartCsrss();
}

/* NWRDR: its contexts ended with their processes; the server is looked
   up anew, and connections carry the new epoch. */
static VOID ExpResetRedirector(VOID)
{
    NWR_STATISTICS stats;

    NwrQueryStatistics(&stats);
    if (stats.Contexts != 0 || stats.Ties != 0)
        printf("scenario: NWRDR still holds %lu contexts, %lu ties\n",
               (unsigned long)stats.Contexts, (unsigned long)stats.Ties);
    NwrFlushServerCache();
    NwrSetEpoch(++ExpEpoch);
}

static UCHAR ExpHexDigit(CHAR c)
{
    return (UCHAR)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
}

/* ncpserv: its volumes restored and numbering restarted, through its
   control reset, when the boot line carries the key run.sh gave it. */
static VOID ExpResetServer(VOID)
{
    UCHAR key[NCP_CONTROL_KEY_LENGTH];
    SAP_ENTRY server;
    NTSTATUS status;

    if (strlen(KeBootArgs.NcpKey) != 2 * NCP_CONTROL_KEY_LENGTH)
        return;
    for (ULONG i = 0; i < NCP_CONTROL_KEY_LENGTH; i++)
        key[i] = (UCHAR)(ExpHexDigit(KeBootArgs.NcpKey[2 * i]) << 4 |
                         ExpHexDigit(KeBootArgs.NcpKey[2 * i + 1]));
    status = NcpFindServer("NWSERVER", &server);
    if (NT_SUCCESS(status))
        status = NcpResetServer(&server.Address, ExpEpoch, key);
    if (!NT_SUCCESS(status))
        printf("scenario: ncpserv's reset failed (status 0x%08lx)\n", (unsigned long)status);
}

static ULONG ExpSeed, ExpSteps;
static const KDECISIONS *ExpFollow;     /* replay: the schedule's decisions */
static ULONG64 ExpBaselineTime;

/* sched=pct: virtual time back to where the first schedule began (the
   server's reset, just before, took some); a pending timer keeps the time
   it had left. Under rr time is the real clock's. */
static VOID ExpResetTime(VOID)
{
    if (ExpObjectIds != 0 && KeBootArgs.Sched == SCHED_POLICY_PCT)
        KeSetVirtualTime(ExpBaselineTime);
}

static VOID ExpResetScheduler(VOID)
{
    if (KeBootArgs.Sched == SCHED_POLICY_PCT)
        KeBeginSchedule(ExpSeed, KeBootArgs.Depth, ExpSteps, ExpFollow);
}

/* The serial ids by which the trace names objects, threads, devices,
   IRPs, files and LPC messages, and IPX's dynamic socket numbers: back to
   the scenario's start. */
static VOID ExpResetIds(VOID)
{
    if (ExpObjectIds == 0)
        return;                         /* no baseline yet */
    KeSetObjectIds(ExpObjectIds);
    IoSetSerialIds(&ExpIoIds);
    LpcSetMessageIds(ExpLpcIds);
    IpxResetDynamicSockets();
}

/* Back to the baseline before every schedule, in this order: what a
   schedule leaves in one subsystem is cleared before the next relies on
   it (programs have all ended when a schedule returns); the ids first, so
   that what the other steps make is named alike in every schedule; the
   trace last, so that it holds the schedule's own events, timed from its
   start. */
static const struct {
    PCSTR Name;
    VOID (*Reset)(VOID);
} ExpResetSteps[] = {
    { "serial ids", ExpResetIds },
    { "drive letters and CSRSS", ExpResetLetters },
    { "NWRDR", ExpResetRedirector },
    { "ncpserv", ExpResetServer },
    { "virtual time", ExpResetTime },
    { "the scheduler", ExpResetScheduler },
    { "the trace", TrReset },
};

static VOID ExpReset(VOID)
{
    for (ULONG i = 0; i < ARRAYSIZE(ExpResetSteps); i++)
        ExpResetSteps[i].Reset();
}

/* --------------------------------------------------------------- audit */

/* The first orphaned letter (its audit in *Audit), or 0. */
static CHAR ExpFindOrphan(PBASESRV_DRIVE_AUDIT Audit)
{
    CSR_API_MSG msg;

    for (ULONG drive = 3; drive < BASESRV_DRIVES; drive++) {
        memset(&msg, 0, sizeof(msg));
        msg.ApiNumber = BasepAuditDriveApi;
        msg.u.AuditDrive.Drive = drive;
        if (NT_SUCCESS(ExCallCsrss(&msg)) && msg.u.AuditDrive.Audit.Orphan != 0) {
            *Audit = msg.u.AuditDrive.Audit;
            return (CHAR)('A' + drive);
        }
    }
    return 0;
}

/* --------------------------------------------------------------- story */

static PCSTR ExpProgramOf(ULONG ProcessId)
{
    for (ULONG i = 0; i < ExpRunningCount; i++) {
        if (ExpRunning[i].ProcessId == ProcessId)
            return ExpRunning[i].CommandLine;
    }
    return NULL;
}

static VOID ExpFormatThread(const KPCT_THREAD_REF *t, char *Out, SIZE_T Size)
{
    STRING name = { (USHORT)strlen(t->Name), (USHORT)strlen(t->Name), (PCHAR)t->Name };
    const KBOOT_IMAGE *image;
    PCSTR program = ExpProgramOf(t->ProcessId), symbol = NULL;
    ULONG offset = 0;

    if (t->UserEip != 0 && NT_SUCCESS(PspFindImage(&name, &image)))
        symbol = PspLookupImageSymbol(image, t->UserEip, &offset);
    snprintf(Out, Size, "%s (thread %lu%s)%s%s+0x%lx", program ? program : t->Name,
             (unsigned long)t->Id,
             t->UserEip ? "" : t->ProcessId ? ", not yet in ring 3" : ", a system thread",
             symbol ? " in " : "", symbol ? symbol : "", (unsigned long)offset);
    if (symbol == NULL)
        Out[strlen(Out) - strlen("+0x0")] = '\0';
}

static PCSTR ExpPointName(ULONG Reason)
{
    static const PCSTR names[] = { "a yield", "a wait", "a signal", "a mutex release",
                                   "an I/O request", "an LPC message", "a network frame" };

    return Reason < ARRAYSIZE(names) ? names[Reason] : "a schedule point";
}

/* The preemptions that made this schedule, as a short story: pct's
   change points, or every preemption of a replayed list. */
VOID ExpPrintStory(PCSTR Prefix)
{
    KPCT_PREEMPTION story[PCT_MAX_LOG];
    ULONG n = KePctPreemptions(story, ARRAYSIZE(story));
    char who[128], next[128];

    printf("%s: how it came about - the schedule's %lu preemption%s:\n", Prefix,
           (unsigned long)n, n == 1 ? "" : "s");
    for (ULONG i = 0; i < n && i < ARRAYSIZE(story); i++) {
        ExpFormatThread(&story[i].Thread, who, sizeof(who));
        ExpFormatThread(&story[i].Next, next, sizeof(next));
        printf("  step %lu, at %s: %s\n      was preempted; %s ran instead\n",
               (unsigned long)story[i].Step, ExpPointName(story[i].Reason), who,
               story[i].Next.Id ? next : "nothing outranked it, and it");
    }
}

static VOID ExpPrintOrphan(CHAR Letter, const BASESRV_DRIVE_AUDIT *Audit, ULONG Schedule)
{
    PCSTR top = Audit->Targets.Length ? Audit->Targets.Buffer : "(none)";

    printf("\nscenario: %c: orphaned in schedule %lu: the drive table says %s, the link "
           "says %s,\n          and %s\n", Letter, (unsigned long)Schedule,
           Audit->Entry.State == 2 ? "in use" : "not in use", top,
           Audit->Backing == 3 ? "no connection serves it" : "the table and the link disagree");
    if (KeBootArgs.Sched != SCHED_POLICY_PCT)
        return;
    ExpPrintStory("scenario");
    printf("scenario: the schedule's trace: %lu events, hash %08lx%08lx\n",
           (unsigned long)ExpTraceEvents, (unsigned long)(ExpTraceHash >> 32),
           (unsigned long)ExpTraceHash);
    if (ExpFollow != NULL) {
        printf("scenario: the schedule followed sched=replay's %lu decisions\n",
               (unsigned long)ExpFollow->Count);
        return;
    }
    printf("scenario: replay it: make run SEED=%lu STEPS=%lu  (the boot line: "
           "scenario=q150047 basesrv=%s sched=pct seed=%lu depth=%lu steps=%lu schedules=1)\n",
           (unsigned long)ExpSeed, (unsigned long)ExpSteps,
           KeBootArgs.BaseSrv == BASESRV_SP ? "sp" : "rtm", (unsigned long)ExpSeed,
           (unsigned long)KeBootArgs.Depth, (unsigned long)ExpSteps);
}

/* ------------------------------------------------------------ symptoms */

static BOOLEAN ExpLinkExists(CHAR Letter)
{
    CHAR path[] = "\\DosDevices\\A:";
    STRING name = { sizeof(path) - 1, sizeof(path) - 1, path };
    PVOID link;

    path[12] = Letter;
    if (!NT_SUCCESS(ObReferenceObjectByName(&name, ObSymbolicLinkObjectType, NULL, &link)))
        return FALSE;
    ObDereferenceObject(link);
    return TRUE;
}

/* File Manager on a drive an MMTA instance holds: the KB's Access Denied
   (the connection is the MMTA process's own user context's). */
static VOID ExpShowForeignDrive(VOID)
{
    static const char mmta[] = "mmta 5 \\\\NWSERVER\\MAIL W-W 1 MAILAGENT /hold:5000";
    LONG64 tick = -10 * (LONG64)KTIME_PER_MS;
    PEPROCESS holder;

    printf("\nscenario: an MMTA instance holds a drive of its own\nMMTA> %s\n", mmta);
    holder = ExpStart(mmta, &ExpMmtaToken);
    for (ULONG i = 0; i < 500 && holder != NULL && !ExpLinkExists('W'); i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    ExpShow("File Manager selects the drive MMTA holds", "winfile W:", &ExpUserToken);
    ExpWait(holder);
}

/* The KB's symptoms, by the real programs, then the resolution: TRUE when
   the audit finds no orphan after CSNW's restart. */
static BOOLEAN ExpShowSymptoms(CHAR Letter)
{
    BASESRV_DRIVE_AUDIT audit;
    BOOLEAN cleared;
    char line[128];

    snprintf(line, sizeof(line), "mmta 4 \\\\NWSERVER\\MAIL %c-%c 3 MAILAGENT", Letter, Letter);
    ExpShow("MMTA tries to use the drive (the KB: \"displayed continuously\")", line,
            &ExpMmtaToken);
    snprintf(line, sizeof(line), "shell /c net use %c: \\\\NWSERVER\\SYS", Letter);
    ExpShow("connecting from the command prompt", line, &ExpUserToken);
    snprintf(line, sizeof(line), "shell /c drives & dir %c:\\", Letter);
    ExpShow("the drive appears to be available, but cannot be accessed", line, &ExpUserToken);
    snprintf(line, sizeof(line), "winfile %c:", Letter);
    ExpShow("File Manager selects the drive", line, &ExpUserToken);
    ExpShowForeignDrive();
    ExpShow("Client Services for NetWare is restarted", "csnw restart", NULL);
    cleared = ExpFindOrphan(&audit) == 0 && !ExpLinkExists(Letter);
    snprintf(line, sizeof(line), "shell /c net use %c: \\\\NWSERVER\\SYS & dir %c:\\ & "
             "net use %c: /delete", Letter, Letter, Letter);
    ExpShow("the drive can be used again", line, &ExpUserToken);
    return cleared && ExpFindOrphan(&audit) == 0;
}

/* ---------------------------------------------------------------- run */

/* K: the schedule points of one schedule run without change points. */
static ULONG ExpMeasureSteps(VOID)
{
    if (KeBootArgs.Steps != 0)
        return KeBootArgs.Steps;
    ExpReset();                         /* ExpSteps 0: no change points */
    ExpRunWorkload();
    return KePctSteps();
}

static BOOLEAN ExpRedirectorRunning(VOID)
{
    STRING name = { sizeof(NWR_DEVICE_NAME) - 1, sizeof(NWR_DEVICE_NAME) - 1,
                    (PCHAR)NWR_DEVICE_NAME };
    PVOID device;

    if (!NT_SUCCESS(ObReferenceObjectByName(&name, IoDeviceObjectType, NULL, &device)))
        return FALSE;
    ObDereferenceObject(device);
    return TRUE;
}

/* A line every few seconds of a long exploration: done/total and rate. */
static VOID ExpProgress(ULONG Done, ULONG Total, ULONG64 Start)
{
    static ULONG64 last;
    ULONG64 now = KeQueryRealTime(), ms = now - Start;      /* real milliseconds */

    if (Done != Total && now - (last ? last : Start) < EXP_PROGRESS_MS)
        return;
    last = now;
    printf("scenario: %lu of %lu schedules, %lu.%lu s, %lu per second, no orphan yet\n",
           (unsigned long)Done, (unsigned long)Total, (unsigned long)(ms / 1000),
           (unsigned long)(ms % 1000 / 100), (unsigned long)(ms ? Done * 1000ull / ms : 0));
}

/* The end of an exploration: how long it took, and what one schedule
   costs on average (make bench prices the frames and IRPs). */
static VOID ExpPrintCost(ULONG64 Start)
{
    ULONG n = ExpCost.Schedules ? ExpCost.Schedules : 1;

    printf("scenario: explored for %lu ms; a schedule sent %lu frames, issued %lu IRPs and "
           "ran %lu processes (averages over %lu schedules)\n",
           (unsigned long)(KeQueryRealTime() - Start), (unsigned long)(ExpCost.FramesSent / n),
           (unsigned long)(ExpCost.Irps / n), (unsigned long)(ExpCost.Processes / n),
           (unsigned long)ExpCost.Schedules);
}

/* The audit found Letter orphaned: a mark in the trace, and the place a
   debugger stops (make replay's gdb breaks here, and its command orphan
   reads the letter from ExScenarioOrphanLetter). */
volatile CHAR ExScenarioOrphanLetter;

VOID __attribute__((noinline)) ExScenarioOrphaned(CHAR Letter)
{
    ExScenarioOrphanLetter = Letter;
    TrLog(TR_MARK, TR_MARK_ORPHAN, (ULONG)Letter, 0);
}

/* The line that replays a list of decisions in a fresh boot. */
VOID ExpPrintReplayLine(PCSTR Prefix, const KDECISIONS *List)
{
    static char text[sizeof(KeBootArgs.Decisions)];
    PCSTR basesrv = KeBootArgs.BaseSrv == BASESRV_SP ? "sp" : "rtm";

    if (KiFormatDecisions(List, text, sizeof(text)) >= sizeof(text)) {
        printf("%s: replay it: make run SCHED=replay DECISIONS_FILE=build/shrink/%lu/decisions"
               "%s  (its %lu decisions are too many for the boot line; make shrink saved "
               "them there)\n", Prefix, (unsigned long)ExpSeed,
               KeBootArgs.BaseSrv == BASESRV_SP ? " BASESRV=sp" : "", (unsigned long)List->Count);
        return;
    }
    printf("%s: replay it: make run SCHED=replay%s%s%s  (the boot line: "
           "scenario=q150047 basesrv=%s%s sched=replay%s%s schedules=1)\n", Prefix,
           text[0] ? " DECISIONS=" : "", text, KeBootArgs.BaseSrv == BASESRV_SP ? " BASESRV=sp" : "",
           basesrv, KeBootArgs.NwrContext == NWRCTX_LOGON ? " nwrctx=logon" : "",
           text[0] ? " decisions=" : "", text);
}

/* One schedule from the baseline: pct's of Seed (Follow NULL) or the
   list's; the letter it orphaned, or 0 (Audit says how). */
CHAR ExpRunSchedule(ULONG Seed, const KDECISIONS *Follow, PBASESRV_DRIVE_AUDIT Audit)
{
    IPX_STATISTICS before, after;
    CHAR letter;

    ExpSeed = Seed;
    ExpFollow = Follow;
    IpxQueryStatistics(&before);
    ExpReset();
    ExpRunWorkload();
    letter = ExpFindOrphan(Audit);
    IpxQueryStatistics(&after);
    ExpCost.Schedules++;
    ExpCost.FramesSent += after.Sent - before.Sent;
    ExpCost.Irps += IopSerialIds.Irp - ExpIoIds.Irp;
    ExpCost.Processes += ExpRunningCount;
    if (letter != 0)
        ExScenarioOrphaned(letter);
    return letter;
}

ULONG64 ExpScheduleTraceHash(VOID)
{
    return ExpTraceHash;
}

/* Everything before the first schedule: CSRSS, NWRDR, the baseline the
   reset table returns to, and K. FALSE when the scenario cannot run. */
BOOLEAN ExpPrepareScenario(VOID)
{
    BOOLEAN pct = KeBootArgs.Sched == SCHED_POLICY_PCT;
    BASESRV_DRIVE_AUDIT audit;

    ExWaitForCsrss();
    if (!ExpRedirectorRunning()) {
        printf("scenario: NWRDR is not running (a network card starts it): no scenario\n");
        return FALSE;
    }
    printf("scenario: Q150047 - MMTA x3, CIM and File Manager contend for X: on NWSERVER "
           "through NWRDR; basesrv=%s, %s\n", KeBootArgs.BaseSrv == BASESRV_SP ? "sp" : "rtm",
           !pct ? "sched=rr" : KeBootArgs.Replay ? "sched=replay" : "sched=pct");
    ConSetQuiet(TRUE);
    ExpSeed = KeBootArgs.Seed;
    ExpReset();                         /* once first: what a first reset makes */
    ExpFindOrphan(&audit);              /* for good is made before the baseline */
    ExpObjectIds = KeQueryObjectIds();
    IoQuerySerialIds(&ExpIoIds);
    ExpLpcIds = LpcQueryMessageIds();
    ExpBaselineTime = KeQueryKernelTime();
    ExpSteps = pct && !KeBootArgs.Replay ? ExpMeasureSteps() : 0;
    return TRUE;
}

/* TRUE when the run showed what its variant should: rtm an orphan, shown
   and cleared; sp (or contexts per logon session) none. */
BOOLEAN ExRunScenario(VOID)
{
    ULONG schedules = KeBootArgs.Schedules ? KeBootArgs.Schedules : EXP_DEFAULT_SCHEDULES;
    ULONG rrcap = KeBootArgs.RrCapSeconds ? KeBootArgs.RrCapSeconds : EXP_RR_CAP_S;
    BOOLEAN pct = KeBootArgs.Sched == SCHED_POLICY_PCT;
    const KDECISIONS *follow = KeBootArgs.Replay ? KeBootDecisions() : NULL;
    ULONG64 start = KeQueryRealTime();
    BASESRV_DRIVE_AUDIT audit;
    CHAR orphan = 0;
    ULONG i;

    BOOLEAN expectOrphan = KeBootArgs.BaseSrv == BASESRV_RTM &&
                           KeBootArgs.NwrContext == NWRCTX_PROCESS;

    if (!ExpPrepareScenario())
        return FALSE;
    if (KeBootArgs.Shrink)
        return ExShrinkSchedule(KeBootArgs.Seed);
    printf("scenario: exploring (the programs' own lines are shown once a drive is "
           "orphaned)\n");
    for (i = 1; i <= schedules && !orphan; i++) {
        orphan = ExpRunSchedule(KeBootArgs.Seed + i - 1, follow, &audit);
        ExpProgress(i, schedules, start);
        if (!pct && KeQueryRealTime() - start > rrcap * 1000ull)
            break;
    }
    ConSetQuiet(FALSE);
    ExpPrintCost(start);
    if (!orphan) {
        printf("scenario: %lu schedules, none orphaned a drive%s\n", (unsigned long)(i - 1),
               !pct && i <= schedules ? " (not found in the time cap)" : "");
        return !expectOrphan;
    }
    ExpPrintOrphan(orphan, &audit, i - 1);
    ExpWriteTrace();
    if (!ExpShowSymptoms(orphan)) {
        printf("\nscenario: %c: orphaned and shown, but not cleared\n", orphan);
        return FALSE;
    }
    printf("\nscenario: done - %c: orphaned, shown and cleared\n", orphan);
    return expectOrphan;
}
