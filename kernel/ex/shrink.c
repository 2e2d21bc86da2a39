/*
 * shrink.c - scenario=q150047 shrink=on seed=S: the orphaning schedule of
 * seed S cut down to the few decisions that still orphan a drive.
 *
 * The pct schedule runs first and records where it chose other than the
 * default (pct.h): a run-to-block scheduler that never preempts. Replayed
 * as that list of decisions it must orphan again, event for event (the
 * same trace hash). Then delta debugging (Zeller's ddmin) takes decisions
 * out: it tries halves, then smaller chunks and their complements, keeps
 * any subset whose replay still orphans, and ends when no single decision
 * can go - the list is 1-minimal. Every preemption is a decision, so the
 * list it ends with has no more preemptions than pct's schedule had.
 *
 * Why ddmin and not CHESS's iterative preemption bounding: the schedule
 * here has thousands of schedule points and hundreds of decisions. Bounding
 * would enumerate every schedule with 0, 1, 2 ... preemptions, each a
 * choice of a point and a thread - millions for two - while ddmin starts
 * from a schedule known to fail and needs O(n log n) replays when most
 * decisions do not matter, as here. Its result is minimal for its list,
 * not the global minimum; the story it prints says what is left.
 *
 * Every test is one schedule from the scenario's baseline (the reset
 * table), in this boot. The budget is EXS_MAX_TESTS replays or
 * EXS_MAX_SECONDS of real time; past it, it says it gave up and prints
 * the smallest list so far, which still orphans.
 *
 * Interface: ExShrinkSchedule (ex.h).
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "ex/scenariop.h"
#include "ke/ke.h"

extern VOID ConSetQuiet(BOOLEAN Quiet);   /* drivers/console */

#define EXS_MAX_TESTS       4000      /* replays, unless shrinkreplays= says */
#define EXS_MAX_SECONDS     900
#define EXS_PROGRESS_MS     3000

static KDECISIONS ExsOriginal, ExsBest, ExsCandidate;
static ULONG ExsSeed, ExsTests;
static ULONG64 ExsStart, ExsLastProgress;
static BASESRV_DRIVE_AUDIT ExsAudit;

static ULONG64 ExsElapsedMs(VOID)
{
    return KeQueryRealTime() - ExsStart;
}

static ULONG ExsMaxTests(VOID)
{
    return KeBootArgs.ShrinkReplays ? KeBootArgs.ShrinkReplays : EXS_MAX_TESTS;
}

static BOOLEAN ExsOutOfBudget(VOID)
{
    return ExsTests >= ExsMaxTests() || ExsElapsedMs() >= EXS_MAX_SECONDS * 1000ull;
}

/* The decisions a phase takes out: preemptions first, then the rest. */
static BOOLEAN ExsSubject(const KDECISION *d, BOOLEAN Preemptions)
{
    return d->Preemption == Preemptions;
}

static ULONG ExsCountSubject(const KDECISIONS *List, BOOLEAN Preemptions)
{
    ULONG n = 0;

    for (ULONG i = 0; i < List->Count; i++)
        n += ExsSubject(&List->Entry[i], Preemptions);
    return n;
}

static VOID ExsProgress(VOID)
{
    ULONG64 ms = ExsElapsedMs();

    if (ms - ExsLastProgress < EXS_PROGRESS_MS)
        return;
    ExsLastProgress = ms;
    printf("shrink: %lu replays, %lu of %lu preemptions and %lu of %lu other decisions "
           "left, %lu.%lu s\n", (unsigned long)ExsTests,
           (unsigned long)ExsCountSubject(&ExsBest, TRUE),
           (unsigned long)ExsCountSubject(&ExsOriginal, TRUE),
           (unsigned long)ExsCountSubject(&ExsBest, FALSE),
           (unsigned long)ExsCountSubject(&ExsOriginal, FALSE), (unsigned long)(ms / 1000),
           (unsigned long)(ms % 1000 / 100));
}

/* One replay of List from the baseline: TRUE when it orphans a drive. */
static BOOLEAN ExsOrphans(const KDECISIONS *List)
{
    ExsTests++;
    ExsProgress();
    return ExpRunSchedule(ExsSeed, List, &ExsAudit) != 0;
}

/* Into Out: List with, of the phase's decisions (numbered among
   themselves), only From..From+Count-1 (Inside) or all but those. */
static VOID ExsSelect(const KDECISIONS *List, BOOLEAN Preemptions, ULONG From, ULONG Count,
                      BOOLEAN Inside, KDECISIONS *Out)
{
    ULONG k = 0;

    KiInitializeDecisions(Out);
    for (ULONG i = 0; i < List->Count; i++) {
        const KDECISION *d = &List->Entry[i];
        BOOLEAN keep = TRUE;

        if (ExsSubject(d, Preemptions)) {
            keep = (k >= From && k < From + Count) == Inside;
            k++;
        }
        if (keep)
            KiRecordDecision(Out, d->Thread, d->Moment, d->Choice, d->Preemption);
    }
}

static BOOLEAN ExsTry(VOID)
{
    if (!ExsOrphans(&ExsCandidate))
        return FALSE;
    memcpy(&ExsBest, &ExsCandidate, sizeof(ExsBest));
    return TRUE;
}

/* One round of ddmin over the phase's Total decisions at granularity *N:
   TRUE when it found a smaller list that orphans (now ExsBest). */
static BOOLEAN ExsReduce(BOOLEAN Preemptions, ULONG Total, ULONG *N)
{
    ULONG n = *N, chunk = (Total + n - 1) / n;

    for (ULONG i = 0; i < n && i * chunk < Total && !ExsOutOfBudget(); i++) {
        ExsSelect(&ExsBest, Preemptions, i * chunk, chunk, TRUE, &ExsCandidate);
        if (ExsTry()) {
            *N = 2;
            return TRUE;
        }
    }
    for (ULONG i = 0; n > 2 && i < n && i * chunk < Total && !ExsOutOfBudget(); i++) {
        ExsSelect(&ExsBest, Preemptions, i * chunk, chunk, FALSE, &ExsCandidate);
        if (ExsTry()) {
            *N = n - 1 > 2 ? n - 1 : 2;
            return TRUE;
        }
    }
    return FALSE;
}

/* ddmin over the phase's decisions of ExsBest (which orphans), the others
   kept; FALSE when the budget ran out first. (With one left, taking it
   out is the first test's list again: ExsSelect keeps the others.) */
static BOOLEAN ExsMinimize(BOOLEAN Preemptions)
{
    ULONG n = 2, total;

    ExsSelect(&ExsBest, Preemptions, 0, 0, TRUE, &ExsCandidate);   /* none of them */
    if (ExsCountSubject(&ExsBest, Preemptions) != 0 && ExsTry())
        return TRUE;
    while ((total = ExsCountSubject(&ExsBest, Preemptions)) >= 2) {
        if (ExsOutOfBudget())
            return FALSE;
        if (ExsReduce(Preemptions, total, &n))
            continue;
        if (ExsOutOfBudget())
            return FALSE;
        if (n >= total)
            break;
        n = 2 * n < total ? 2 * n : total;
    }
    return !ExsOutOfBudget();
}

/* Preemption bounding at bounds 0 and 1: the default schedule, then it
   with one preemption - pct's own first, then every one the default
   schedule could make (its frontier). TRUE when one orphans (then
   ExsBest, which is left alone otherwise); *Tried says how many single
   preemptions were tried, *All whether that was every one. */
static BOOLEAN ExsBoundOne(ULONG *Tried, BOOLEAN *All)
{
    static KDECISIONS frontier;
    const KDECISIONS *lists[2] = { &ExsOriginal, &frontier };

    *Tried = 0;
    *All = FALSE;
    KiInitializeDecisions(&ExsCandidate);
    if (ExsTry())                               /* the default schedule, and its frontier */
        return TRUE;
    KeQueryScheduleFrontier(&frontier);
    for (ULONG l = 0; l < ARRAYSIZE(lists); l++) {
        for (ULONG i = 0; i < lists[l]->Count; i++) {
            const KDECISION *d = &lists[l]->Entry[i];
            if (!d->Preemption)
                continue;
            if (ExsOutOfBudget())
                return FALSE;
            KiInitializeDecisions(&ExsCandidate);
            KiRecordDecision(&ExsCandidate, d->Thread, d->Moment, d->Choice, TRUE);
            ++*Tried;
            if (ExsTry())
                return TRUE;
        }
    }
    *All = !frontier.Overflow;
    return FALSE;
}

/* pct's schedule of the seed, recorded; FALSE (said) when it does not
   orphan or its list is too long to follow. */
static BOOLEAN ExsRecord(ULONG *Preemptions, ULONG64 *Hash)
{
    CHAR letter = ExpRunSchedule(ExsSeed, NULL, &ExsAudit);

    KeQueryScheduleDecisions(&ExsOriginal);
    ExpWriteTrace();
    *Preemptions = KeQueryPreemptionCount();
    *Hash = ExpScheduleTraceHash();
    if (letter == 0) {
        printf("shrink: seed %lu's schedule orphans no drive: nothing to shrink (take SEED= "
               "and STEPS= from an orphan's replay line)\n", (unsigned long)ExsSeed);
        return FALSE;
    }
    if (ExsOriginal.Overflow) {
        printf("shrink: seed %lu's schedule made more than %u decisions off the default: "
               "too many to follow\n", (unsigned long)ExsSeed, KDECISION_MAX);
        return FALSE;
    }
    printf("shrink: seed %lu: pct's schedule orphans %c: - %lu preemptions, %lu decisions "
           "off the default, trace hash %08lx%08lx\n", (unsigned long)ExsSeed, letter,
           (unsigned long)*Preemptions, (unsigned long)ExsOriginal.Count,
           (unsigned long)(*Hash >> 32), (unsigned long)*Hash);
    return TRUE;
}

/* The recorded list, followed, must be the same schedule. */
static BOOLEAN ExsCheckReplay(ULONG64 Hash)
{
    BOOLEAN orphans = ExsOrphans(&ExsOriginal);
    ULONG64 replayed = ExpScheduleTraceHash();

    ExpWriteTrace();
    printf("shrink: its %lu decisions, replayed: %s, trace hash %08lx%08lx (%s)\n",
           (unsigned long)ExsOriginal.Count, orphans ? "orphaned" : "no orphan",
           (unsigned long)(replayed >> 32), (unsigned long)replayed,
           replayed == Hash ? "the same schedule" : "DIFFERENT");
    if (!orphans || replayed != Hash) {
        printf("shrink: the decisions do not replay pct's schedule: cannot shrink\n");
        return FALSE;
    }
    return TRUE;
}

/* The list whole, on one line: make shrink saves it as the file
   build/shrink/SEED/decisions, which run.sh DECISIONS= loads as a module
   when it is too long for the boot line. */
static VOID ExsPrintDecisions(VOID)
{
    static char text[KDECISION_MAX * 24];

    KiFormatDecisions(&ExsBest, text, sizeof(text));
    printf("shrink: decisions: %s\n", text);
}

/* The minimal list, replayed once more for its story. */
static BOOLEAN ExsReport(BOOLEAN Finished, ULONG Preemptions)
{
    ULONG64 ms;
    BOOLEAN orphans;

    orphans = ExsOrphans(&ExsBest);
    ms = ExsElapsedMs();
    ConSetQuiet(FALSE);
    printf("shrink: %s after %lu replays, %lu.%lu s: %lu decision%s, %lu preemption%s "
           "(pct's schedule: %lu decisions, %lu preemptions)%s\n",
           Finished ? "done" : "gave up (the budget ran out)", (unsigned long)ExsTests,
           (unsigned long)(ms / 1000), (unsigned long)(ms % 1000 / 100),
           (unsigned long)ExsBest.Count, ExsBest.Count == 1 ? "" : "s",
           (unsigned long)KeQueryPreemptionCount(), KeQueryPreemptionCount() == 1 ? "" : "s",
           (unsigned long)ExsOriginal.Count, (unsigned long)Preemptions,
           Finished ? "; none can be taken out" : "; the smallest so far");
    if (!orphans) {
        printf("shrink: the shortened list no longer orphans in this replay\n");
        return FALSE;
    }
    ExpPrintStory("shrink");
    ExsPrintDecisions();
    ExpPrintReplayLine("shrink", &ExsBest);
    return TRUE;
}

/* TRUE when a list that orphans was found and printed. */
BOOLEAN ExShrinkSchedule(ULONG Seed)
{
    ULONG preemptions, tried;
    ULONG64 hash;
    BOOLEAN finished, all;

    ExsSeed = Seed;
    ExsTests = 0;
    ExsStart = KeQueryRealTime();
    ExsLastProgress = 0;
    if (KeBootArgs.Sched != SCHED_POLICY_PCT || KeBootArgs.Replay) {
        ConSetQuiet(FALSE);
        printf("shrink: needs sched=pct (it records pct's schedule of seed=)\n");
        return FALSE;
    }
    printf("shrink: recording seed %lu's schedule, then taking decisions out while it "
           "still orphans (at most %lu replays or %u s)\n", (unsigned long)Seed,
           (unsigned long)ExsMaxTests(), EXS_MAX_SECONDS);
    if (!ExsRecord(&preemptions, &hash) || !ExsCheckReplay(hash)) {
        ConSetQuiet(FALSE);
        return FALSE;
    }
    memcpy(&ExsBest, &ExsOriginal, sizeof(ExsBest));
    finished = ExsMinimize(TRUE) && ExsMinimize(FALSE);
    if (ExsCountSubject(&ExsBest, TRUE) > 1 && !ExsOutOfBudget()) {
        if (ExsBoundOne(&tried, &all)) {
            printf("shrink: bound %u: it orphans with %lu preemption%s\n", ExsBest.Count ? 1 : 0,
                   (unsigned long)ExsBest.Count, ExsBest.Count == 1 ? "" : "s");
            finished = TRUE;
        } else {
            printf("shrink: bound 1: none of %lu single preemptions orphans%s\n",
                   (unsigned long)tried, all ? " - that is every one: it takes more than one"
                                              : " (not every one: the budget)");
        }
    }
    return ExsReport(finished, preemptions);
}
