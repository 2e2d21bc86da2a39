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

VOID KiPctInitialize(KPCT *Pct, ULONG64 Seed, ULONG Depth, ULONG Steps);
ULONG64 KiPctRandom(KPCT *Pct);
ULONG KiPctNewPriority(KPCT *Pct);
ULONG KiPctStep(KPCT *Pct);

#endif
