/*
 * test_pct.c - schedule control under sched=pct, booted by the harness as
 *   test=pct sched=pct seed=S depth=3
 *
 * The cases:
 *   timed waits expire at exactly the virtual time asked for, and the
 *   kernel time printed is the same in every run of the seed;
 *   a racy counter (read, schedule point, write, no lock) never loses an
 *   update under serial schedules (depth 1: a thread runs until it ends)
 *   and does lose one under PCT within a bounded number of seeds, which
 *   the run prints; a schedule of workers and of deliveries from an
 *   external event source (delivered only when PCT picks it) leaves a trace
 *   the harness compares byte for byte between two boots of one seed.
 */
#include <stdio.h>
#include "ke/ke.h"
#include "trace/trace.h"
#include "tests/guest/gtest.h"

#define RACY_THREADS    3
#define RACY_ROUNDS     4
#define SERIAL_RUNS     50
#define PCT_SEED_BOUND  200

static volatile ULONG GtCounter;

static VOID GtRacyIncrement(PVOID Context)
{
    ULONG i, v;

    for (i = 0; i < RACY_ROUNDS; i++) {
        v = GtCounter;
        KeSchedulePoint();
        GtCounter = v + 1;
    }
}

/* One schedule of the racy counter; TRUE when no update was lost. */
static BOOLEAN GtRacyRun(ULONG Seed, ULONG Depth, ULONG Steps)
{
    PKTHREAD t[RACY_THREADS];
    ULONG i;

    KePctBeginSchedule(Seed, Depth, Steps);
    GtCounter = 0;
    for (i = 0; i < RACY_THREADS; i++)
        t[i] = GtStartThread("racy", NORMAL_PRIORITY, GtRacyIncrement, NULL);
    for (i = 0; i < RACY_THREADS; i++)
        GtJoinThread(t[i]);
    return GtCounter == RACY_THREADS * RACY_ROUNDS;
}

static VOID GtSerialNeverLoses(VOID)
{
    ULONG seed, lost = 0;

    for (seed = 1; seed <= SERIAL_RUNS; seed++)
        lost += !GtRacyRun(KeBootArgs.Seed + seed, 1, 0);
    printf("# serial schedules: %u runs, %lu lost updates\n", SERIAL_RUNS, (unsigned long)lost);
    GT_CHECK(lost == 0);
}

static VOID GtPctFindsTheRace(VOID)
{
    ULONG k, seed, found = 0;

    GtRacyRun(KeBootArgs.Seed, 1, 0);          /* measures K: the points in one run */
    k = KePctSteps();
    for (seed = 1; seed <= PCT_SEED_BOUND && !found; seed++) {
        if (!GtRacyRun(KeBootArgs.Seed + seed, KeBootArgs.Depth, k))
            found = seed;
    }
    if (found)
        printf("# pct: K=%lu depth=%lu: first lost update at seed %lu, schedule %lu\n",
               (unsigned long)k, (unsigned long)KeBootArgs.Depth,
               (unsigned long)(KeBootArgs.Seed + found), (unsigned long)found);
    else
        printf("# pct: K=%lu depth=%lu: no lost update in %u schedules\n", (unsigned long)k,
               (unsigned long)KeBootArgs.Depth, PCT_SEED_BOUND);
    GT_CHECK(found != 0);
}

static VOID GtDelayer(PVOID Context)
{
    ULONG64 *at = Context;
    LONG64 wait = -(LONG64)(3 * KTIME_PER_MS);

    KeDelayExecutionThread(KernelMode, FALSE, &wait);
    *at = KeQueryKernelTime();
}

/* Virtual time: a 3 ms delay and a 7 ms time-out end exactly when asked,
   and the times are printed for the harness to compare across boots. */
static VOID GtTimedWaitsAreExact(VOID)
{
    ULONG64 start, at = 0, now;
    KEVENT never;
    LONG64 timeout = -(LONG64)(7 * KTIME_PER_MS);
    PKTHREAD t;

    KePctBeginSchedule(KeBootArgs.Seed, KeBootArgs.Depth, 100);
    KeInitializeEvent(&never, NotificationEvent, FALSE);
    start = KeQueryKernelTime();
    t = GtStartThread("delayer", NORMAL_PRIORITY, GtDelayer, &at);
    GT_CHECK(KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, &timeout) == STATUS_TIMEOUT);
    now = KeQueryKernelTime();
    GtJoinThread(t);
    printf("# virtual times: start %lu, delay ended %lu, time-out ended %lu (100 ns units)\n",
           (unsigned long)start, (unsigned long)at, (unsigned long)now);
    GT_CHECK(at >= start + 3 * KTIME_PER_MS && at < start + 3 * KTIME_PER_MS + 1000);
    GT_CHECK(now >= start + 7 * KTIME_PER_MS && now < start + 7 * KTIME_PER_MS + 1000);
}

typedef struct { KMUTEX *Mutex; KEVENT *Done; volatile ULONG *Shared; } PING;

static VOID GtPinger(PVOID Context)
{
    PING *p = Context;
    LONG64 tick = -(LONG64)(KTIME_PER_MS / 2);
    ULONG i;

    for (i = 0; i < 5; i++) {
        KeWaitForSingleObject(p->Mutex, Executive, KernelMode, FALSE, NULL);
        (*p->Shared)++;
        KeReleaseMutex(p->Mutex, FALSE);
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    }
    KeSetEvent(p->Done, 0, FALSE);
}

/* A stand-in for a network card under pct: Pending events have "arrived";
   each delivery - made only when PCT picks the source - releases one unit
   of the semaphore a consumer waits on. */
typedef struct { KSCHED_SOURCE Source; volatile ULONG Pending, Delivered; KSEMAPHORE Ready; } GT_SOURCE;

static BOOLEAN GtSourceReady(PKSCHED_SOURCE Source)
{
    return CONTAINING_RECORD(Source, GT_SOURCE, Source)->Pending != 0;
}

static VOID GtSourceDeliver(PKSCHED_SOURCE Source)
{
    GT_SOURCE *s = CONTAINING_RECORD(Source, GT_SOURCE, Source);

    s->Pending--;
    s->Delivered++;
    KeReleaseSemaphore(&s->Ready, 0, 1, FALSE);
}

static VOID GtConsumer(PVOID Context)
{
    GT_SOURCE *s = Context;
    ULONG i;

    for (i = 0; i < 5; i++)
        KeWaitForSingleObject(&s->Ready, Executive, KernelMode, FALSE, NULL);
}

/* A schedule with every kind of event; its trace goes to COM2 whole. */
static VOID GtTracedSchedule(VOID)
{
    KMUTEX m;
    KEVENT done;
    volatile ULONG shared = 0;
    PING p = { &m, &done, &shared };
    PKTHREAD t[3], consumer;
    GT_SOURCE source = { .Pending = 5 };
    ULONG i;

    KePctBeginSchedule(KeBootArgs.Seed, KeBootArgs.Depth, 150);
    TrReset();
    KeInitializeMutex(&m, LockRankTestMutex, "GtPingMutex");
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    KeInitializeSemaphore(&source.Ready, 0, 5);
    source.Source.Ready = GtSourceReady;
    source.Source.Deliver = GtSourceDeliver;
    KeRegisterScheduleSource(&source.Source, "gt-source");
    consumer = GtStartThread("consumer", NORMAL_PRIORITY, GtConsumer, &source);
    for (i = 0; i < 3; i++)
        t[i] = GtStartThread("pinger", NORMAL_PRIORITY, GtPinger, &p);
    for (i = 0; i < 3; i++)
        GtJoinThread(t[i]);
    GtJoinThread(consumer);
    KeUnregisterScheduleSource(&source.Source);
    GT_CHECK(source.Delivered == 5 && source.Pending == 0);
    printf("# traced schedule: %lu events, hash %08lx%08lx\n", (unsigned long)TrCount(),
           (unsigned long)(TrHash() >> 32), (unsigned long)TrHash());
    TrFlush(KeBootArgs.Trace != 0);
    GT_CHECK(shared == 15);
}

static const GT_CASE GtPctCases[] = {
    { "timed_waits_are_exact", GtTimedWaitsAreExact },
    { "serial_never_loses_an_update", GtSerialNeverLoses },
    { "pct_finds_the_lost_update", GtPctFindsTheRace },
    { "traced_schedule", GtTracedSchedule },
};

const GT_SUITE GtPctSuite = GT_SUITE_ENTRY("pct", "schedule control: virtual time, PCT, trace",
                                           GtPctCases);
