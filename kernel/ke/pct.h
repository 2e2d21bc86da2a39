/*
 * pct.h - probabilistic concurrency testing (Burckhardt et al., ASPLOS
 * 2010), the decisions only: pure code, so tests/unit checks them on the
 * host.
 *
 * Every controlled thread gets a random priority of at least Depth when it
 * is created. Depth - 1 change points are drawn uniformly from the steps
 * 1..Steps; when the run reaches the i-th of them, the running thread drops
 * to priority Depth - i, below every initial priority. The scheduler always
 * runs the ready thread of highest priority. A bug that needs d ordering
 * constraints is found with probability at least 1 / (n * Steps^(d-1)).
 */
#ifndef KE_PCT_H
#define KE_PCT_H

#include "ntdef.h"

#define PCT_MAX_DEPTH 16

typedef struct _KPCT {
    ULONG64 State;                      /* the random generator's */
    ULONG Depth;
    ULONG Steps;                        /* K: the change points fall in 1..K */
    ULONG Step;                         /* schedule points so far */
    ULONG ChangePoints[PCT_MAX_DEPTH];  /* ChangePoints[i] for i in 1..Depth-1 */
} KPCT;

/*
 * A schedule as decisions (decide.c). Under controlled scheduling every
 * choice the scheduler makes is a moment of the thread on the processor
 * (the one at a schedule point, the one blocking, or idle), counted from 1
 * per thread in a schedule: which of the running thread (at a schedule
 * point), the ready threads and the ready event sources goes next, and
 * which of several expected replies a source delivers. The default at a
 * moment is what a plain run-to-block scheduler would do: the running
 * thread goes on; else the ready thread of lowest id; else the ready
 * source of lowest id; a source delivers the first reply. A schedule is
 * then the list of moments where it chose otherwise, with the choice (a
 * thread's or source's id, or a reply's index): sched=pct records that
 * list as it runs, sched=replay follows one and the default everywhere
 * else. Every preemption - a switch at a schedule point away from a
 * thread that could go on - is in the list. Counting moments per thread
 * (as CHESS names a preemption by the thread and its step) keeps a
 * decision where it was when others are taken out of the list.
 */
#define KDECISION_MAX 2048

typedef struct _KDECISION {
    ULONG Thread;                       /* the thread whose moment it is */
    ULONG Moment;                       /* its how-manieth, from 1 */
    ULONG Choice;
    BOOLEAN Preemption;                 /* recorded: a switch away from a thread that could go on */
} KDECISION;

typedef struct _KDECISIONS {
    ULONG Count;
    BOOLEAN Overflow;                   /* recording: more than KDECISION_MAX */
    KDECISION Entry[KDECISION_MAX];
} KDECISIONS;

VOID KiInitializeDecisions(KDECISIONS *List);
VOID KiRecordDecision(KDECISIONS *List, ULONG Thread, ULONG Moment, ULONG Choice,
                       BOOLEAN Preemption);
BOOLEAN KiSortDecisions(KDECISIONS *List);
BOOLEAN KiDecisionAt(const KDECISIONS *Sorted, ULONG Thread, ULONG Moment, PULONG Choice);
BOOLEAN KiParseDecisions(const char *Text, KDECISIONS *List);
ULONG KiFormatDecisions(const KDECISIONS *List, char *Out, ULONG Size);

VOID KiPctInitialize(KPCT *Pct, ULONG64 Seed, ULONG Depth, ULONG Steps);
ULONG64 KiPctRandom(KPCT *Pct);
ULONG KiPctNewPriority(KPCT *Pct);
ULONG KiPctStep(KPCT *Pct);

#endif
