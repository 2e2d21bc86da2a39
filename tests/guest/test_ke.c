/*
 * test_ke.c - the kernel core under sched=rr: dispatcher objects, waits
 * and time-outs, DPCs, APCs to a waiting thread, preemption, thread exit.
 * Each case joins every thread it starts, so the leak audit sees the
 * threads' pool blocks come back.
 */
#include <string.h>
#include "ke/ke.h"
#include "ps/ps.h"
#include "tests/guest/gtest.h"

#define MS(n) (-(LONG64)(n) * (LONG64)KTIME_PER_MS)

PKTHREAD GtStartThread(const char *Name, CHAR Priority, PKSTART_ROUTINE Routine, PVOID Context)
{
    PKTHREAD t = NULL;

    GT_CHECK(NT_SUCCESS(PsCreateSystemThreadEx(NULL, Name, Priority, Routine, Context,
                                               (PETHREAD *)&t)));
    return t;
}

/* Waits for Thread to end and drops the creator's reference. */
VOID GtJoinThread(PKTHREAD Thread)
{
    if (Thread == NULL)
        return;
    GT_CHECK(KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL) == STATUS_WAIT_0);
    ObDereferenceObject(Thread);
}

typedef struct { KEVENT *Event; volatile LONG Woken; LONG64 Timeout; NTSTATUS Status; } WAITER;

static VOID GtWaiter(PVOID Context)
{
    WAITER *w = Context;

    w->Status = KeWaitForSingleObject(w->Event, Executive, KernelMode, FALSE,
                                      w->Timeout ? &w->Timeout : NULL);
    w->Woken++;
}

static VOID GtNotificationWakesAll(VOID)
{
    KEVENT e;
    WAITER w = { &e, 0, 0, 0 };
    PKTHREAD a, b;
    LONG64 tick = MS(5);

    KeInitializeEvent(&e, NotificationEvent, FALSE);
    a = GtStartThread("wait-a", NORMAL_PRIORITY, GtWaiter, &w);
    b = GtStartThread("wait-b", NORMAL_PRIORITY, GtWaiter, &w);
    KeDelayExecutionThread(KernelMode, FALSE, &tick);
    GT_CHECK(w.Woken == 0);
    GT_CHECK(KeSetEvent(&e, 0, FALSE) == 0);
    GtJoinThread(a);
    GtJoinThread(b);
    GT_CHECK(w.Woken == 2);
    GT_CHECK(KeReadStateEvent(&e) == 1);
}

static VOID GtSynchronizationWakesOne(VOID)
{
    KEVENT e;
    WAITER w = { &e, 0, 0, 0 };
    PKTHREAD a, b;
    LONG64 tick = MS(5);

    KeInitializeEvent(&e, SynchronizationEvent, FALSE);
    a = GtStartThread("wait-a", NORMAL_PRIORITY, GtWaiter, &w);
    b = GtStartThread("wait-b", NORMAL_PRIORITY, GtWaiter, &w);
    KeDelayExecutionThread(KernelMode, FALSE, &tick);
    KeSetEvent(&e, 0, FALSE);
    KeDelayExecutionThread(KernelMode, FALSE, &tick);
    GT_CHECK(w.Woken == 1);
    GT_CHECK(KeReadStateEvent(&e) == 0);      /* consumed by the one it woke */
    KeSetEvent(&e, 0, FALSE);
    GtJoinThread(a);
    GtJoinThread(b);
    GT_CHECK(w.Woken == 2);
}

static VOID GtTimeoutExpires(VOID)
{
    KEVENT e;
    WAITER w = { &e, 0, MS(20), 0 };
    ULONG64 start = KeQueryKernelTime();
    PKTHREAD a;

    KeInitializeEvent(&e, NotificationEvent, FALSE);
    a = GtStartThread("timeout", NORMAL_PRIORITY, GtWaiter, &w);
    GtJoinThread(a);
    GT_CHECK(w.Status == STATUS_TIMEOUT);
    GT_CHECK(KeQueryKernelTime() - start >= 20 * KTIME_PER_MS);
    GT_CHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &(LONG64){0}) == STATUS_TIMEOUT);
}

typedef struct { KMUTEX *Mutex; volatile LONG *Shared; LONG Rounds; } MUTEX_WORK;

static VOID GtMutexWorker(PVOID Context)
{
    MUTEX_WORK *m = Context;
    LONG i, v;
    LONG64 none = 0;

    for (i = 0; i < m->Rounds; i++) {
        KeWaitForSingleObject(m->Mutex, Executive, KernelMode, FALSE, NULL);
        KeWaitForSingleObject(m->Mutex, Executive, KernelMode, FALSE, NULL);   /* recursion */
        v = *m->Shared;
        KeDelayExecutionThread(KernelMode, FALSE, &none);
        *m->Shared = v + 1;
        KeReleaseMutex(m->Mutex, FALSE);
        KeReleaseMutex(m->Mutex, FALSE);
    }
}

static VOID GtMutexExcludes(VOID)
{
    KMUTEX m;
    volatile LONG shared = 0;
    MUTEX_WORK work = { &m, &shared, 200 };
    PKTHREAD a, b;

    KeInitializeMutex(&m, LockRankTestMutex, "GtMutex");
    a = GtStartThread("mutex-a", NORMAL_PRIORITY, GtMutexWorker, &work);
    b = GtStartThread("mutex-b", NORMAL_PRIORITY, GtMutexWorker, &work);
    GtJoinThread(a);
    GtJoinThread(b);
    GT_CHECK(shared == 400);
    GT_CHECK(m.Header.SignalState == 1 && m.OwnerThread == NULL);
}

static VOID GtSemaphoreCounts(VOID)
{
    KSEMAPHORE s;
    LONG64 none = 0;
    PVOID objs[2];
    KEVENT e;

    KeInitializeSemaphore(&s, 2, 3);
    GT_CHECK(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &none) == STATUS_WAIT_0);
    GT_CHECK(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &none) == STATUS_WAIT_0);
    GT_CHECK(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &none) == STATUS_TIMEOUT);
    GT_CHECK(KeReleaseSemaphore(&s, 0, 3, FALSE) == 0);
    KeInitializeEvent(&e, NotificationEvent, FALSE);
    objs[0] = &e;
    objs[1] = &s;
    GT_CHECK(KeWaitForMultipleObjects(2, objs, WaitAny, Executive, KernelMode, FALSE, &none, NULL)
             == STATUS_WAIT_0 + 1);
    GT_CHECK(KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode, FALSE, &none, NULL)
             == STATUS_TIMEOUT);
    KeSetEvent(&e, 0, FALSE);
    GT_CHECK(KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode, FALSE, &none, NULL)
             == STATUS_WAIT_0);
    GT_CHECK(s.Header.SignalState == 1);       /* 3 released, one taken by each wait */
}

static volatile LONG GtDpcRan;
static volatile KIRQL GtDpcIrql;

static VOID GtDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    GtDpcRan += (LONG)(ULONG_PTR)Arg1;
    GtDpcIrql = KeGetCurrentIrql();
    KeSetEvent(Context, 0, FALSE);
}

static VOID GtTimerDpcAndWait(VOID)
{
    KTIMER timer;
    KDPC dpc;
    KEVENT e;
    ULONG64 start = KeQueryKernelTime();

    KeInitializeEvent(&e, NotificationEvent, FALSE);
    KeInitializeDpc(&dpc, GtDpcRoutine, &e);
    KeInitializeTimer(&timer);
    GtDpcRan = 0;
    GT_CHECK(KeSetTimer(&timer, MS(10), &dpc) == FALSE);
    GT_CHECK(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, NULL) == STATUS_WAIT_0);
    GT_CHECK(KeQueryKernelTime() - start >= 10 * KTIME_PER_MS);
    GT_CHECK(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL) == STATUS_WAIT_0);
    GT_CHECK(GtDpcIrql == DISPATCH_LEVEL);
    GT_CHECK(KeSetTimer(&timer, MS(1000), NULL) == FALSE);
    GT_CHECK(KeCancelTimer(&timer) == TRUE);
    GT_CHECK(KeInsertQueueDpc(&dpc, (PVOID)5, NULL) == TRUE);   /* runs before returning */
    GT_CHECK(GtDpcRan == 5);
}

typedef struct { KAPC Apc; KEVENT Event; PKTHREAD Target; volatile PKTHREAD RanIn;
                 volatile KIRQL KernelIrql, NormalIrql; NTSTATUS WaitStatus; } APC_TEST;

static VOID GtApcKernel(PKAPC Apc, PKNORMAL_ROUTINE *Normal, PVOID *Context, PVOID *A1, PVOID *A2)
{
    APC_TEST *t = CONTAINING_RECORD(Apc, APC_TEST, Apc);
    t->KernelIrql = KeGetCurrentIrql();
}

static VOID GtApcNormal(PVOID Context, PVOID A1, PVOID A2)
{
    APC_TEST *t = Context;
    t->RanIn = KeGetCurrentThread();
    t->NormalIrql = KeGetCurrentIrql();
}

static VOID GtApcWaiter(PVOID Context)
{
    APC_TEST *t = Context;
    t->WaitStatus = KeWaitForSingleObject(&t->Event, Executive, KernelMode, FALSE, NULL);
}

/* A normal APC to a thread waiting at PASSIVE_LEVEL runs in that thread,
   and the wait goes on until the event it waits for is set. */
static VOID GtApcToWaitingThread(VOID)
{
    APC_TEST t;
    LONG64 tick = MS(5);

    memset(&t, 0, sizeof(t));
    t.KernelIrql = t.NormalIrql = 0xFF;
    KeInitializeEvent(&t.Event, NotificationEvent, FALSE);
    t.Target = GtStartThread("apc-target", NORMAL_PRIORITY, GtApcWaiter, &t);
    KeDelayExecutionThread(KernelMode, FALSE, &tick);
    KeInitializeApc(&t.Apc, t.Target, GtApcKernel, NULL, GtApcNormal, KernelMode, &t);
    GT_CHECK(KeInsertQueueApc(&t.Apc, NULL, NULL, 0));
    KeDelayExecutionThread(KernelMode, FALSE, &tick);
    GT_CHECK(t.RanIn == t.Target);
    GT_CHECK(t.KernelIrql == APC_LEVEL && t.NormalIrql == PASSIVE_LEVEL);
    GT_CHECK(t.Target->State == Waiting);
    KeSetEvent(&t.Event, 0, FALSE);
    GtJoinThread(t.Target);
    GT_CHECK(t.WaitStatus == STATUS_WAIT_0);
}

/* In a critical region a special APC runs, a normal one waits for the exit. */
static VOID GtCriticalRegionHoldsNormalApcs(VOID)
{
    APC_TEST special, normal;

    memset(&special, 0, sizeof(special));
    memset(&normal, 0, sizeof(normal));
    KeInitializeApc(&special.Apc, KeGetCurrentThread(), GtApcKernel, NULL, NULL, KernelMode,
                    NULL);
    KeInitializeApc(&normal.Apc, KeGetCurrentThread(), GtApcKernel, NULL, GtApcNormal, KernelMode,
                    &normal);
    special.KernelIrql = normal.KernelIrql = 0xFF;
    KeEnterCriticalRegion();
    KeInsertQueueApc(&normal.Apc, NULL, NULL, 0);
    KeInsertQueueApc(&special.Apc, NULL, NULL, 0);
    GT_CHECK(special.KernelIrql == APC_LEVEL);
    GT_CHECK(normal.RanIn == NULL);
    KeLeaveCriticalRegion();
    GT_CHECK(normal.RanIn == KeGetCurrentThread());
}

static volatile BOOLEAN GtHighRan;

static VOID GtHighPriority(PVOID Context)
{
    GtHighRan = TRUE;
}

typedef struct { volatile BOOLEAN Stop; volatile ULONG Count; } SPINNER;

static VOID GtSpinner(PVOID Context)
{
    SPINNER *s = Context;
    while (!s->Stop)
        s->Count++;
}

/* rr: a thread readied above the running one runs at once; equal
   priorities share the processor by quantum without ever waiting. */
static VOID GtPreemption(VOID)
{
    SPINNER a = { 0, 0 }, b = { 0, 0 };
    PKTHREAD high, ta, tb;
    LONG64 tick = MS(60);

    GtHighRan = FALSE;
    high = GtStartThread("high", LOW_REALTIME_PRIORITY, GtHighPriority, NULL);
    GT_CHECK(GtHighRan);
    GtJoinThread(high);
    ta = GtStartThread("spin-a", NORMAL_PRIORITY, GtSpinner, &a);
    tb = GtStartThread("spin-b", NORMAL_PRIORITY, GtSpinner, &b);
    KeDelayExecutionThread(KernelMode, FALSE, &tick);
    a.Stop = b.Stop = TRUE;
    GtJoinThread(ta);
    GtJoinThread(tb);
    GT_CHECK(a.Count > 1000 && b.Count > 1000);
}

static VOID GtThreadsComeAndGo(VOID)
{
    ULONG before = KeThreadCount(), i;
    PKTHREAD t[20];

    for (i = 0; i < 20; i++)
        t[i] = GtStartThread("short", NORMAL_PRIORITY, GtHighPriority, NULL);
    for (i = 0; i < 20; i++)
        GtJoinThread(t[i]);
    GT_CHECK(KeThreadCount() == before);
}

typedef struct { ULONG Ms; } SPIN_FOR;

static VOID GtSpinWithoutPoints(PVOID Context)
{
    ULONG64 end = KeQueryRealTime() + ((SPIN_FOR *)Context)->Ms;

    while (KeQueryRealTime() < end)
        __asm__ volatile("pause");
}

/* A thread that computes for over a second without a schedule point is
   reported once by the watchdog (the line is on the console). */
static VOID GtWatchdogReportsSpinner(VOID)
{
    SPIN_FOR spin = { 1300 };
    ULONG before = KeWatchdogReports();

    GtJoinThread(GtStartThread("spinner", NORMAL_PRIORITY, GtSpinWithoutPoints, &spin));
    GT_CHECK(KeWatchdogReports() == before + 1);
}

static const GT_CASE GtKeCases[] = {
    { "notification_event_wakes_all", GtNotificationWakesAll },
    { "synchronization_event_wakes_one", GtSynchronizationWakesOne },
    { "wait_timeout_expires", GtTimeoutExpires },
    { "mutex_excludes_and_recurses", GtMutexExcludes },
    { "semaphore_and_wait_any_all", GtSemaphoreCounts },
    { "timer_dpc_and_wait", GtTimerDpcAndWait },
    { "apc_to_waiting_thread", GtApcToWaitingThread },
    { "critical_region_holds_normal_apcs", GtCriticalRegionHoldsNormalApcs },
    { "preemption_rr", GtPreemption },
    { "threads_come_and_go", GtThreadsComeAndGo },
    { "watchdog_reports_a_spinner", GtWatchdogReportsSpinner },
};

const GT_SUITE GtKeSuite = GT_SUITE_ENTRY("ke", "threads, dispatcher objects, DPCs and APCs under rr",
                                          GtKeCases);
