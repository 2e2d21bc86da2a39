/*
 * pct.c - PCT's random choices (see pct.h). The generator is splitmix64:
 * small, fast, and the same sequence from the same seed on every machine.
 */
#include "ke/pct.h"

ULONG64 KiPctRandom(KPCT *Pct)
{
    ULONG64 z = (Pct->State += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Draws the change points: Depth - 1 steps in 1..Steps (repeats allowed,
   as in the paper; none when Steps is 0, which is how K is measured). */
VOID KiPctInitialize(KPCT *Pct, ULONG64 Seed, ULONG Depth, ULONG Steps)
{
    ULONG i;

    Pct->State = Seed;
    Pct->Depth = Depth == 0 ? 1 : (Depth > PCT_MAX_DEPTH ? PCT_MAX_DEPTH : Depth);
    Pct->Steps = Steps;
    Pct->Step = 0;
    for (i = 0; i < PCT_MAX_DEPTH; i++)
        Pct->ChangePoints[i] = 0;
    for (i = 1; i < Pct->Depth && Steps != 0; i++)
        Pct->ChangePoints[i] = 1 + (ULONG)(KiPctRandom(Pct) % Steps);
}

/* A fresh thread's priority: random, and above every change-point level. */
ULONG KiPctNewPriority(KPCT *Pct)
{
    return Pct->Depth + (ULONG)(KiPctRandom(Pct) % (0x7FFFFFFFu - Pct->Depth));
}

/* Counts one schedule point. Returns the priority the running thread drops
   to when this step is a change point, else 0. When two change points fall
   on one step, the later one (the lower priority) wins. */
ULONG KiPctStep(KPCT *Pct)
{
    ULONG i, drop = 0;

    Pct->Step++;
    for (i = 1; i < Pct->Depth; i++) {
        if (Pct->ChangePoints[i] == Pct->Step)
            drop = Pct->Depth - i;
    }
    return drop;
}
