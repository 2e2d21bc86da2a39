/*
 * sched.c - the scheduler: ready queues, thread switches, and the two
 * policies of sched=.
 *
 *   rr   NT's: the highest NT priority runs; a thread readied above the
 *        running one preempts it; equal priorities share by clock quantum.
 *   pct  no preemption by the clock. Threads switch only at schedule points
 *        (KiSchedulePoint) or when the running thread blocks, and the choice
 *        is PCT's (pct.h): the highest PCT priority among the ready
 *        controlled threads and external event sources. Every thread but
 *        idle is controlled, so PCT priorities replace NT priorities for
 *        all of them; what this models is the interleavings an SMP machine
 *        allows, which is where the field saw the defect.
 *   replay  the same controlled scheduling, deciding from a list of
 *        decisions (pct.h) instead of priorities: sched=replay with
 *        decisions= on the boot line, or a list KeBeginSchedule is given.
 *
 * Under both controlled policies every choice is a moment of the thread
 * on the processor (KiChoose); pct records the moments where it chose
 * other than the default, so that any pct schedule can be replayed, and
 * shrunk, as a list.
 *
 * Schedule points are only where a switch is legal: below DISPATCH_LEVEL.
 * Under rr they cost a check and change nothing. A source (an external
 * event such as a received frame) is delivered at DISPATCH_LEVEL when PCT
 * picks it, which is how frame arrival becomes a scheduler decision.
 *
 * The dispatcher database (thread states, ready queues, wait lists, timers,
 * sources) is guarded by DISPATCH_LEVEL: KiLockDispatcherDatabase.
 */
#include <stdio.h>
#include <string.h>
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "ke/pct.h"
#include "trace/trace.h"

#define QUANTUM_TICKS       10
#define WATCHDOG_MS         1000

extern PKTHREAD KiCurrentThread, KiIdleThread;
extern VOID KiSwapContext(ULONG *OldStack, ULONG NewStack);

volatile BOOLEAN KiDispatchPending;
static LIST_ENTRY KiReadyListHead[32];
static ULONG KiReadyCount;
static LIST_ENTRY KiSourceListHead;
extern LIST_ENTRY KiThreadListHead;       /* thread.c: every thread, in the order made */
static BOOLEAN KiSchedulerReady;
static BOOLEAN KiQuantumEnd;
static KPCT KiPct;
/* The current controlled schedule's decisions (moments are counted in
   each thread's KTHREAD.Moments). */
static BOOLEAN KiReplaying;
static KDECISIONS KiRecorded;           /* pct: where it chose off the default */
static KDECISIONS KiFollowed;           /* replay: what it follows, sorted */
static KDECISIONS KiBootDecisions;      /* decisions= */
static KDECISIONS KiFrontier;           /* replay: every preemption it could have made */
static ULONG KiPreemptionCount;         /* switches at schedule points */
static PKTHREAD KiChosenNext;           /* decided at a moment; switched to next */

static KDPC KiWatchdogDpc;
static VOID KiWatchdogReport(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2);

static BOOLEAN KiPctMode(VOID)
{
    return KeBootArgs.Sched == SCHED_POLICY_PCT;
}

KIRQL KiLockDispatcherDatabase(VOID)
{
    return KeRaiseIrqlToDpcLevel();
}

VOID KiUnlockDispatcherDatabase(KIRQL OldIrql)
{
    KeLowerIrql(OldIrql);
}

/* sched=replay's text: decisions= on the boot line, else the module
   "decisions" (run.sh DECISIONS=FILE), blanks at its end dropped. */
static const char *KiBootDecisionText(VOID)
{
    static char text[KDECISION_MAX * 24];

    if (KeBootArgs.Decisions[0] != '\0')
        return KeBootArgs.Decisions;
    for (ULONG i = 0; i < KeBootImageCount; i++) {
        const KBOOT_IMAGE *m = &KeBootImages[i];
        ULONG n = m->Size;

        if (strcmp(m->Name, "decisions") != 0)
            continue;
        if (m->Size >= sizeof(text)) {
            printf("sched=replay: the module decisions is over %lu bytes\n",
                   (unsigned long)sizeof(text) - 1);
            return "";
        }
        memcpy(text, (const void *)m->Base, n);
        while (n != 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
            n--;
        text[n] = '\0';
        printf("sched=replay: the decisions from the module (%lu bytes)\n", (unsigned long)n);
        return text;
    }
    return "";
}

VOID KiInitializeScheduler(VOID)
{
    int i;

    for (i = 0; i < 32; i++)
        InitializeListHead(&KiReadyListHead[i]);
    InitializeListHead(&KiSourceListHead);
    if (KeBootArgs.Replay && !KiParseDecisions(KiBootDecisionText(), &KiBootDecisions))
        printf("sched=replay: the decisions are not thread.moment:choice triples, each moment "
               "once; replaying the default schedule\n");
    KeBeginSchedule(KeBootArgs.Seed, KeBootArgs.Depth, KeBootArgs.Steps,
                    KeBootArgs.Replay ? &KiBootDecisions : NULL);
}

/* After the threads exist (so that init and idle keep ids 1 and up). */
VOID KiStartScheduler(VOID)
{
    KeInitializeDpc(&KiWatchdogDpc, KiWatchdogReport, NULL);
    KeSetUntracedDpc(&KiWatchdogDpc);
    KiSchedulerReady = TRUE;
}

/* The change points of a pct schedule, or the preemptions of a replayed
   one, as they happened (the dispatcher database guards them). */
static KPCT_PREEMPTION KiPctLog[PCT_MAX_LOG];
static ULONG KiPctLogCount;

/* Starts a controlled schedule: the generator, the change points, the
   step and moment counts, and a fresh priority for every thread and event
   source that exists, in the order they were made - so that a schedule of
   a seed decides the same in a fresh boot and after any number of
   schedules that came back to the same baseline. With Follow, the
   schedule is that list's (replay): change points and priorities decide
   nothing, but are drawn as pct would, so that a list recorded from a
   pct schedule replays it event for event, priorities in the trace
   included. */
VOID KeBeginSchedule(ULONG Seed, ULONG Depth, ULONG Steps, const KDECISIONS *Follow)
{
    KIRQL irql = KiLockDispatcherDatabase();

    KiPctInitialize(&KiPct, Seed, Depth, Steps);
    KiPctLogCount = 0;
    KiPreemptionCount = 0;
    KiReplaying = Follow != NULL;
    if (Follow != NULL) {
        memcpy(&KiFollowed, Follow, sizeof(KiFollowed));
        KiSortDecisions(&KiFollowed);
    }
    KiInitializeDecisions(&KiRecorded);
    KiInitializeDecisions(&KiFrontier);
    for (PLIST_ENTRY e = KiThreadListHead.Flink; e != NULL && e != &KiThreadListHead;
         e = e->Flink) {
        PKTHREAD t = CONTAINING_RECORD(e, KTHREAD, ThreadListEntry);
        t->Moments = 0;
        if (t->Controlled)
            t->PctPriority = KiPctNewPriority(&KiPct);
    }
    for (PLIST_ENTRY e = KiSourceListHead.Flink; e != NULL && e != &KiSourceListHead;
         e = e->Flink)
        CONTAINING_RECORD(e, KSCHED_SOURCE, SourceListEntry)->PctPriority =
            KiPctNewPriority(&KiPct);
    KiUnlockDispatcherDatabase(irql);
}

VOID KePctBeginSchedule(ULONG Seed, ULONG Depth, ULONG Steps)
{
    KeBeginSchedule(Seed, Depth, Steps, NULL);
}

/* sched=replay's list, from decisions= (empty when there was none). */
const KDECISIONS *KeBootDecisions(VOID)
{
    return &KiBootDecisions;
}

/* What the pct schedule so far chose off the default, into Out. */
VOID KeQueryScheduleDecisions(KDECISIONS *Out)
{
    KIRQL irql = KiLockDispatcherDatabase();

    memcpy(Out, &KiRecorded, sizeof(*Out));
    KiUnlockDispatcherDatabase(irql);
}

/* What the replayed schedule so far could have done instead at each
   schedule point: a switch to each ready thread, as one-decision lists'
   entries (for preemption bounding). */
VOID KeQueryScheduleFrontier(KDECISIONS *Out)
{
    KIRQL irql = KiLockDispatcherDatabase();

    memcpy(Out, &KiFrontier, sizeof(*Out));
    KiUnlockDispatcherDatabase(irql);
}

ULONG KeQueryPreemptionCount(VOID)
{
    return KiPreemptionCount;
}

static VOID KiPctDescribe(PKTHREAD Thread, KPCT_THREAD_REF *Ref)
{
    memset(Ref, 0, sizeof(*Ref));
    if (Thread == NULL)
        return;
    Ref->Id = Thread->Header.Id;
    Ref->ProcessId = Thread->ProcessId;
    Ref->UserEip = Thread->Teb != NULL && Thread->TrapFrame != NULL ? Thread->TrapFrame->Eip : 0;
    memcpy(Ref->Name, Thread->Name, sizeof(Ref->Name));
}

/* A change point hit Thread; Next runs instead (NULL: none outranks it). */
static VOID KiPctRecord(PKTHREAD Thread, ULONG Reason, PKTHREAD Next)
{
    KPCT_PREEMPTION *p;

    if (KiPctLogCount >= PCT_MAX_LOG)
        return;
    p = &KiPctLog[KiPctLogCount++];
    p->Step = KiPct.Step;
    p->Reason = Reason;
    KiPctDescribe(Thread, &p->Thread);
    KiPctDescribe(Next, &p->Next);
}

/* A moment an event source decides as it delivers (Deliver runs with
   the dispatcher database held): which of Count expected replies. pct
   draws it from the schedule's generator - one per schedule, so a seed
   decides the same wherever its schedule runs; the default, and replay
   where its list says nothing, take the first. */
ULONG KeScheduleChoice(ULONG Count)
{
    PKTHREAD self = KiCurrentThread;
    ULONG moment, choice = 0, draw;

    if (Count == 0)
        return 0;
    moment = ++self->Moments;
    draw = (ULONG)(KiPctRandom(&KiPct) >> 16) % Count;     /* drawn in replay too, as pct would */
    if (KiReplaying)
        return KiDecisionAt(&KiFollowed, self->Header.Id, moment, &choice) && choice < Count ?
               choice : 0;
    choice = draw;
    if (choice != 0)
        KiRecordDecision(&KiRecorded, self->Header.Id, moment, choice, FALSE);
    return choice;
}

/* The change points (pct) or preemptions (replay) of this schedule so far;
   how many there were. */
ULONG KePctPreemptions(KPCT_PREEMPTION *Out, ULONG Count)
{
    KIRQL irql = KiLockDispatcherDatabase();
    ULONG n = KiPctLogCount;

    memcpy(Out, KiPctLog, (n < Count ? n : Count) * sizeof(*Out));
    KiUnlockDispatcherDatabase(irql);
    return n;
}

ULONG KePctSteps(VOID)
{
    return KiPct.Step;
}

VOID KiPctAssignPriority(PKTHREAD Thread)
{
    Thread->PctPriority = KiPctNewPriority(&KiPct);
}

/* Makes Thread ready. Under rr a higher NT priority than the running
   thread's asks for a preemption; under either policy an idle processor
   asks for a switch. */
VOID KiReadyThread(PKTHREAD Thread)
{
    PKTHREAD cur = KiCurrentThread;

    Thread->State = Ready;
    InsertTailList(&KiReadyListHead[(UCHAR)Thread->Priority & 31], &Thread->WaitListEntry);
    KiReadyCount++;
    if (cur == KiIdleThread || (!KiPctMode() && Thread->Priority > cur->Priority))
        KiDispatchPending = TRUE;
}

static VOID KiUnreadyThread(PKTHREAD Thread)
{
    RemoveEntryList(&Thread->WaitListEntry);
    KiReadyCount--;
}

/* Under rr: the first thread of the highest non-empty queue. */
static PKTHREAD KiHighestReadyThread(VOID)
{
    int i;

    for (i = 31; i >= 0; i--) {
        if (!IsListEmpty(&KiReadyListHead[i]))
            return CONTAINING_RECORD(KiReadyListHead[i].Flink, KTHREAD, WaitListEntry);
    }
    return NULL;
}

/* The ready thread Better likes most (it says whether A beats B). */
static PKTHREAD KiBestReadyThread(BOOLEAN (*Better)(PKTHREAD A, PKTHREAD B))
{
    PKTHREAD best = NULL;

    for (int i = 0; i < 32; i++) {
        for (PLIST_ENTRY e = KiReadyListHead[i].Flink; e != &KiReadyListHead[i]; e = e->Flink) {
            PKTHREAD t = CONTAINING_RECORD(e, KTHREAD, WaitListEntry);
            if (best == NULL || Better(t, best))
                best = t;
        }
    }
    return best;
}

/* pct: the higher PCT priority (ties: the lower id). */
static BOOLEAN KiPctOutranks(PKTHREAD A, PKTHREAD B)
{
    return A->PctPriority > B->PctPriority ||
           (A->PctPriority == B->PctPriority && A->Header.Id < B->Header.Id);
}

/* The default: the lower id. */
static BOOLEAN KiLowerId(PKTHREAD A, PKTHREAD B)
{
    return A->Header.Id < B->Header.Id;
}

static PKTHREAD KiPctReadyThread(VOID)
{
    return KiBestReadyThread(KiPctOutranks);
}

static PKSCHED_SOURCE KiPctReadySource(VOID)
{
    PKSCHED_SOURCE best = NULL;

    for (PLIST_ENTRY e = KiSourceListHead.Flink; e != &KiSourceListHead; e = e->Flink) {
        PKSCHED_SOURCE s = CONTAINING_RECORD(e, KSCHED_SOURCE, SourceListEntry);
        if (s->Ready(s) && (best == NULL || s->PctPriority > best->PctPriority))
            best = s;
    }
    return best;
}

/* What a moment picks: a thread (the running one going on, or another),
   a source to deliver, or neither when nothing is ready. */
typedef struct _KCHOICE {
    PKTHREAD Thread;
    PKSCHED_SOURCE Source;
} KCHOICE;

static ULONG KiChoiceId(const KCHOICE *Choice)
{
    return Choice->Thread != NULL ? Choice->Thread->Header.Id :
           Choice->Source != NULL ? Choice->Source->Id : 0;
}

static PKSCHED_SOURCE KiLowestReadySource(VOID)
{
    PKSCHED_SOURCE best = NULL;

    for (PLIST_ENTRY e = KiSourceListHead.Flink; e != &KiSourceListHead; e = e->Flink) {
        PKSCHED_SOURCE s = CONTAINING_RECORD(e, KSCHED_SOURCE, SourceListEntry);
        if (s->Ready(s) && (best == NULL || s->Id < best->Id))
            best = s;
    }
    return best;
}

/* The default: Current goes on (NULL: it blocked or yields the processor);
   else the ready thread of lowest id; else the ready source of lowest id.
   (Taking the thread made ready first instead shrinks no better.) */
static KCHOICE KiDefaultChoice(PKTHREAD Current)
{
    KCHOICE c = { Current != NULL ? Current : KiBestReadyThread(KiLowerId), NULL };

    if (c.Thread == NULL)
        c.Source = KiLowestReadySource();
    return c;
}

/* PCT's: a source that outranks the best ready thread and Current is
   delivered first; else the best of them runs. */
static KCHOICE KiPctChoice(PKTHREAD Current)
{
    PKTHREAD t = KiPctReadyThread();
    PKSCHED_SOURCE s = KiPctReadySource();
    ULONG floor = Current != NULL ? Current->PctPriority : 0;
    ULONG bar = t != NULL && t->PctPriority > floor ? t->PctPriority : floor;
    KCHOICE c = { NULL, NULL };

    if (s != NULL && s->PctPriority >= bar)
        c.Source = s;
    else
        c.Thread = t != NULL && t->PctPriority > floor ? t : Current;
    return c;
}

/* Replay's: the list's choice at Self's Moment when it names a
   candidate, else the default. */
static KCHOICE KiReplayChoice(PKTHREAD Current, PKTHREAD Self, ULONG Moment)
{
    KCHOICE c = { NULL, NULL };
    ULONG id;

    if (!KiDecisionAt(&KiFollowed, Self->Header.Id, Moment, &id))
        return KiDefaultChoice(Current);
    if (Current != NULL && Current->Header.Id == id) {
        c.Thread = Current;
        return c;
    }
    for (int i = 0; i < 32 && c.Thread == NULL; i++) {
        for (PLIST_ENTRY e = KiReadyListHead[i].Flink; e != &KiReadyListHead[i]; e = e->Flink) {
            if (CONTAINING_RECORD(e, KTHREAD, WaitListEntry)->Header.Id == id)
                c.Thread = CONTAINING_RECORD(e, KTHREAD, WaitListEntry);
        }
    }
    for (PLIST_ENTRY e = KiSourceListHead.Flink; e != &KiSourceListHead && c.Thread == NULL;
         e = e->Flink) {
        PKSCHED_SOURCE s = CONTAINING_RECORD(e, KSCHED_SOURCE, SourceListEntry);
        if (s->Id == id && s->Ready(s))
            c.Source = s;
    }
    return c.Thread != NULL || c.Source != NULL ? c : KiDefaultChoice(Current);
}

/* Replay, at a schedule point: every ready thread Current could have been
   preempted for. */
static VOID KiRecordFrontier(PKTHREAD Current, ULONG Moment)
{
    for (int i = 0; i < 32; i++) {
        for (PLIST_ENTRY e = KiReadyListHead[i].Flink; e != &KiReadyListHead[i]; e = e->Flink)
            KiRecordDecision(&KiFrontier, Current->Header.Id, Moment,
                             CONTAINING_RECORD(e, KTHREAD, WaitListEntry)->Header.Id, TRUE);
    }
}

/* One moment of the thread on the processor: pct chooses (and records a
   choice off the default), replay follows its list. */
static KCHOICE KiChoose(PKTHREAD Current)
{
    PKTHREAD self = KiCurrentThread;
    ULONG moment = ++self->Moments;
    KCHOICE c, d;

    if (KiReplaying) {
        if (Current != NULL)
            KiRecordFrontier(Current, moment);
        return KiReplayChoice(Current, self, moment);
    }
    c = KiPctChoice(Current);
    d = KiDefaultChoice(Current);
    if (c.Thread != d.Thread || c.Source != d.Source)
        KiRecordDecision(&KiRecorded, self->Header.Id, moment, KiChoiceId(&c),
                         Current != NULL && c.Thread != NULL && c.Thread != Current);
    return c;
}

/*
 * Under controlled scheduling: moments until one picks a thread. A source
 * picked is delivered, which may ready threads, and the next moment looks
 * again. Returns Current when it goes on, another ready thread, or NULL
 * when nothing is ready.
 */
static PKTHREAD KiDecide(PKTHREAD Current)
{
    for (;;) {
        KCHOICE c = KiChoose(Current);

        if (c.Source == NULL)
            return c.Thread;
        TrLog(TR_DELIVER, c.Source->Id, 0, 0);
        c.Source->Deliver(c.Source);
    }
}

static PKTHREAD KiSelectNextThread(VOID)
{
    PKTHREAD t = KiChosenNext;

    KiChosenNext = NULL;
    if (t == NULL)
        t = KiPctMode() ? KiDecide(NULL) : KiHighestReadyThread();
    if (t == NULL)
        return KiIdleThread;
    KiUnreadyThread(t);
    return t;
}

/* What every thread does first after it is switched to. */
VOID KiAfterSwitch(VOID)
{
    KiCurrentThread->LastPointRealTime = KeQueryRealTime();
    KiReapTerminatedThreads();
}

/* What the processor needs to run Next's ring-3 side: its address space
   (CR3, loaded only when it changes), the stack a trap from ring 3 lands
   on, and the TEB that FS selects. */
static VOID KiSwapAddressSpace(PKTHREAD Old, PKTHREAD Next)
{
    if (Next->ApcStateProcess->DirectoryTableBase != Old->ApcStateProcess->DirectoryTableBase)
        KiWriteCr3(Next->ApcStateProcess->DirectoryTableBase);
    KiSetKernelStack(Next->StackBase);
    KiSetTebSegment((ULONG)Next->Teb);
}

/*
 * Switches to the next thread. The caller is at DISPATCH_LEVEL and has
 * already taken the current thread out of the running state (waiting,
 * ready, terminated). Returns when this thread runs again.
 */
VOID KiSwapThread(VOID)
{
    PKTHREAD old = KiCurrentThread, next = KiSelectNextThread();

    if (KeGetCurrentIrql() != DISPATCH_LEVEL)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, KeGetCurrentIrql(), DISPATCH_LEVEL, 0, 0);
    next->State = Running;
    next->Quantum = QUANTUM_TICKS;
    if (next == old)
        return;
    TrLog(TR_SWITCH, old->Header.Id, next->Header.Id, old->State);
    KiCurrentThread = next;
    KiSwapAddressSpace(old, next);
    KiSwapContext(&old->KernelStack, next->KernelStack);
    KiAfterSwitch();
}

/* Puts the running thread back on a ready queue and switches. */
static VOID KiYield(BOOLEAN AtHead)
{
    PKTHREAD cur = KiCurrentThread;

    if (cur == KiIdleThread) {
        cur->State = Ready;
    } else {
        KiReadyThread(cur);
        if (AtHead) {
            RemoveEntryList(&cur->WaitListEntry);
            InsertHeadList(&KiReadyListHead[(UCHAR)cur->Priority & 31], &cur->WaitListEntry);
        }
    }
    KiSwapThread();
}

/* The "dispatch software interrupt": DPCs first, then a pending switch. */
VOID KiDispatchInterrupt(VOID)
{
    PKTHREAD cur = KiCurrentThread, best;
    BOOLEAN quantumEnd = KiQuantumEnd;

    KiRetireDpcList();
    if (!KiDispatchPending)
        return;
    KiDispatchPending = FALSE;
    KiQuantumEnd = FALSE;
    if (cur == KiIdleThread) {
        if (KiReadyCount != 0)
            KiYield(FALSE);
        return;
    }
    if (KiPctMode() || cur->State != Running)
        return;
    best = KiHighestReadyThread();
    if (best != NULL && (best->Priority > cur->Priority ||
                         (quantumEnd && best->Priority == cur->Priority)))
        KiYield(!quantumEnd);
}

/*
 * A schedule point. Under pct this is a step: it may be a change point
 * (the running thread drops to a low priority), virtual time advances and
 * due timers fire, and the running thread yields if a ready thread now
 * outranks it (sources that outrank everyone are delivered first); under
 * replay it yields where the list says.
 */
VOID KiSchedulePoint(ULONG Reason)
{
    PKTHREAD cur = KiCurrentThread, best;
    KIRQL irql;
    ULONG drop;

    if (!KiSchedulerReady || KeGetCurrentIrql() >= DISPATCH_LEVEL)
        return;
    cur->LastPointRealTime = KeQueryRealTime();
    if (!KiPctMode())
        return;
    irql = KiLockDispatcherDatabase();
    drop = KiPctStep(&KiPct);               /* counted in replay too, as pct would */
    if (KiReplaying)
        drop = 0;
    TrLog(TR_POINT, cur->Header.Id, Reason, cur->Moments + 1);     /* the moment it decides at */
    if (drop != 0)
        cur->PctPriority = drop;
    KiAdvanceVirtualTime(KTIME_POINT_STEP);
    KiExpireTimers(KeQueryKernelTime());
    best = KiDecide(cur);
    if (drop != 0)
        KiPctRecord(cur, Reason, best != cur ? best : NULL);
    if (best != cur && best != NULL) {
        KiPreemptionCount++;
        if (KiReplaying)
            KiPctRecord(cur, Reason, best);
        KiChosenNext = best;
        KiYield(FALSE);
    }
    KiUnlockDispatcherDatabase(irql);
}

VOID KeSchedulePoint(VOID)
{
    KiSchedulePoint(POINT_EXPLICIT);
}

VOID KeRegisterScheduleSource(PKSCHED_SOURCE Source, const char *Name)
{
    KIRQL irql = KiLockDispatcherDatabase();

    Source->Name = Name;
    Source->Id = KiNextObjectId();
    Source->PctPriority = KiPctNewPriority(&KiPct);
    InsertTailList(&KiSourceListHead, &Source->SourceListEntry);
    KiUnlockDispatcherDatabase(irql);
}

VOID KeUnregisterScheduleSource(PKSCHED_SOURCE Source)
{
    KIRQL irql = KiLockDispatcherDatabase();

    RemoveEntryList(&Source->SourceListEntry);
    KiUnlockDispatcherDatabase(irql);
}

/*
 * The watchdog: a thread that runs a whole second of real time without a
 * schedule point is reported once (from a DPC, on the console). Under pct
 * such a thread holds every other thread back, so it is worth knowing.
 */
static volatile ULONG64 KiWatchdogReported = ~0ull;
static ULONG KiWatchdogReports;

ULONG KeWatchdogReports(VOID)
{
    return KiWatchdogReports;
}

static VOID KiWatchdogReport(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PKTHREAD t = Context;
    char line[128];
    int n = snprintf(line, sizeof(line),
                     "watchdog: thread #%lu '%s' has run %lu ms without a schedule point\n",
                     (unsigned long)t->Header.Id, t->Name, (unsigned long)(ULONG)Arg1);

    HalUartWrite(COM1, line, (SIZE_T)n);
    KiWatchdogReports++;
}

/* From the clock interrupt, at DEVICE_LEVEL. */
VOID KiClockTick(VOID)
{
    PKTHREAD cur = KiCurrentThread;
    ULONG64 now = KeQueryRealTime();

    if (!KiSchedulerReady)
        return;
    if (!KiPctMode()) {
        KiCheckTimersFromClock(now * KTIME_PER_MS);
        if (cur != KiIdleThread && cur->Quantum != 0 && --cur->Quantum == 0) {
            KiQuantumEnd = TRUE;
            KiDispatchPending = TRUE;
        }
    }
    if (cur != KiIdleThread && now - cur->LastPointRealTime >= WATCHDOG_MS &&
        KiWatchdogReported != cur->LastPointRealTime) {
        KiWatchdogReported = cur->LastPointRealTime;
        KiWatchdogDpc.DeferredContext = cur;
        KeInsertQueueDpc(&KiWatchdogDpc, (PVOID)(ULONG_PTR)(now - cur->LastPointRealTime), NULL);
    }
}

/* Under pct with nothing ready: deliver a ready source, or let virtual
   time jump to the next timer (unless a frame is expected). TRUE when a
   thread became ready. Called at DISPATCH_LEVEL. */
static BOOLEAN KiPctIdleWork(VOID)
{
    ULONG64 due;

    KiChosenNext = KiDecide(NULL);
    if (KiChosenNext != NULL)
        return TRUE;
    if (KiVirtualTimeCanJump() && KiNextTimerDue(&due)) {
        ULONG64 now = KeQueryKernelTime();
        TrLog(TR_TIME_JUMP, (ULONG)((due - now) / 10), 0, 0);
        if (due > now)
            KiAdvanceVirtualTime(due - now);
        KiExpireTimers(KeQueryKernelTime());
    }
    return KiReadyCount != 0;
}

/* The idle thread: switch to anything ready, else halt until an interrupt.
   "sti; hlt" leaves no gap for an interrupt to slip through unseen. */
VOID KiIdleLoop(PVOID Context)
{
    for (;;) {
        KIRQL irql = KiLockDispatcherDatabase();

        if (KiReadyCount != 0 || (KiPctMode() && KiPctIdleWork()))
            KiYield(FALSE);
        KiUnlockDispatcherDatabase(irql);
        _disable();
        if (KiReadyCount == 0 && !KiDpcPending && !KiDispatchPending)
            __asm__ volatile("sti; hlt" ::: "memory");
        else
            _enable();
    }
}
