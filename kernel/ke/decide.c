/*
 * decide.c - a schedule as a list of decisions (see pct.h): what sched=pct
 * chose where it differed from the default, and what sched=replay follows.
 * Pure code, so tests/unit checks it on the host.
 *
 * The text form, on the boot line and in what make shrink prints, is
 * "thread.moment:choice" triples separated by commas, in the order they
 * happened: decisions=291.14:270,185.40:1 - thread 291's 14th moment
 * chose 270, thread 185's 40th chose 1.
 */
#include <stdlib.h>
#include <stdio.h>
#include "ke/pct.h"

VOID KiInitializeDecisions(KDECISIONS *List)
{
    List->Count = 0;
    List->Overflow = FALSE;
}

/* Appends a decision; past KDECISION_MAX it only flags the overflow. */
VOID KiRecordDecision(KDECISIONS *List, ULONG Thread, ULONG Moment, ULONG Choice,
                      BOOLEAN Preemption)
{
    if (List->Count == KDECISION_MAX) {
        List->Overflow = TRUE;
        return;
    }
    List->Entry[List->Count].Thread = Thread;
    List->Entry[List->Count].Moment = Moment;
    List->Entry[List->Count].Choice = Choice;
    List->Entry[List->Count].Preemption = Preemption;
    List->Count++;
}

static int KipCompareDecisions(const void *A, const void *B)
{
    const KDECISION *a = A, *b = B;

    if (a->Thread != b->Thread)
        return a->Thread < b->Thread ? -1 : 1;
    return a->Moment < b->Moment ? -1 : a->Moment > b->Moment;
}

/* Orders List by thread and moment, for KiDecisionAt. FALSE when two
   decisions are for one moment of one thread. */
BOOLEAN KiSortDecisions(KDECISIONS *List)
{
    qsort(List->Entry, List->Count, sizeof(List->Entry[0]), KipCompareDecisions);
    for (ULONG i = 1; i < List->Count; i++) {
        if (KipCompareDecisions(&List->Entry[i - 1], &List->Entry[i]) == 0)
            return FALSE;
    }
    return TRUE;
}

/* Replay: the choice a sorted List makes at Thread's Moment, if any. */
BOOLEAN KiDecisionAt(const KDECISIONS *Sorted, ULONG Thread, ULONG Moment, PULONG Choice)
{
    KDECISION key = { Thread, Moment, 0, FALSE };
    const KDECISION *found = bsearch(&key, Sorted->Entry, Sorted->Count, sizeof(key),
                                     KipCompareDecisions);

    if (found == NULL)
        return FALSE;
    *Choice = found->Choice;
    return TRUE;
}

/* The number at *P (digits, fitting a ULONG); *P moves past it. */
static BOOLEAN KipTakeNumber(const char **P, PULONG Value)
{
    char *end;
    unsigned long v;

    if (**P < '0' || **P > '9')
        return FALSE;
    v = strtoul(*P, &end, 10);
    if (v > 0xFFFFFFFFul || end - *P > 10)
        return FALSE;
    *Value = (ULONG)v;
    *P = end;
    return TRUE;
}

/* "t.m:c,t.m:c" into List, in its order: FALSE (List empty) unless every
   triple is three numbers, moments count from 1, and no moment of a
   thread is decided twice. */
BOOLEAN KiParseDecisions(const char *Text, KDECISIONS *List)
{
    static KDECISIONS check;
    const char *p = Text;

    KiInitializeDecisions(List);
    while (*p != '\0') {
        ULONG thread, moment, choice;

        if (!KipTakeNumber(&p, &thread) || *p++ != '.' || !KipTakeNumber(&p, &moment) ||
            moment == 0 || *p++ != ':' || !KipTakeNumber(&p, &choice) ||
            (*p != ',' && *p != '\0') || List->Count == KDECISION_MAX)
            goto bad;
        KiRecordDecision(List, thread, moment, choice, FALSE);
        if (*p == ',' && *++p == '\0')
            goto bad;
    }
    check = *List;
    if (KiSortDecisions(&check))
        return TRUE;
bad:
    KiInitializeDecisions(List);
    return FALSE;
}

/* The text form of List into Out; the length it needs (not counting the
   NUL). When that is more than Size - 1, Out is left empty: a list cut
   short would still read as a schedule, a different one. */
ULONG KiFormatDecisions(const KDECISIONS *List, char *Out, ULONG Size)
{
    ULONG used = 0;

    if (Size != 0)
        Out[0] = '\0';
    for (ULONG i = 0; i < List->Count; i++) {
        char triple[40];
        int n = snprintf(triple, sizeof(triple), "%s%lu.%lu:%lu", i ? "," : "",
                         (unsigned long)List->Entry[i].Thread,
                         (unsigned long)List->Entry[i].Moment,
                         (unsigned long)List->Entry[i].Choice);
        if (used + n < Size)
            snprintf(Out + used, Size - used, "%s", triple);
        used += n;
    }
    if (used >= Size && Size != 0)
        Out[0] = '\0';
    return used;
}
