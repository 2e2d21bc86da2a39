/*
 * trace.h - the event trace: what happened, in order, in terms that are the
 * same in every run of a schedule - serial ids (thread #, object #), never
 * addresses; the kernel time, which under sched=pct is virtual; no wall
 * clock.
 *
 * Interface:
 *   trace.c   TrLog, TrReset, TrHash, TrCount, TrFlush (COM2)
 *   format.c  TrFormatRecord (pure; unit-tested, as is TrHashRecord here)
 *
 * Records go to an in-memory ring and into a running hash. TrFlush writes
 * the hash line to COM2, and with trace=full (or when asked, for a failing
 * run) every record still in the ring as one text line each, after the
 * names of the threads and processes made since TrReset ("name thread T P
 * NAME", "name process P NAME"; not hashed), which tools/timeline.py
 * reads.
 */
#ifndef TRACE_H
#define TRACE_H

#include "ntdef.h"

enum {
    TR_SWITCH = 1,      /* A: from thread, B: to thread, C: from-thread state */
    TR_POINT,           /* A: thread, B: reason, C: the thread's moment it decides at (pct.h) */
    TR_WAIT,            /* A: thread, B: first object, C: object count */
    TR_UNWAIT,          /* A: thread, B: wait status */
    TR_SIGNAL,          /* A: object, B: detail */
    TR_TIMER,           /* A: timer object */
    TR_DPC,             /* A: DPC id */
    TR_APC_QUEUE,       /* A: target thread, B: special */
    TR_APC_RUN,         /* A: thread, B: special */
    TR_THREAD_CREATE,   /* A: new thread, B: its PCT priority, C: its process (object id) */
    TR_THREAD_EXIT,     /* A: thread */
    TR_TIME_JUMP,       /* A: microseconds jumped */
    TR_DELIVER,         /* A: source id */
    TR_MARK,            /* A, B, C: whatever a test wants to pin down; A =
                           TR_MARK_SCHEDULE_END: a scenario's schedule ended
                           (B: its programs), the audit follows;
                           TR_MARK_ORPHAN: what the audit found */
    TR_IRP_ISSUE,       /* A: IRP, B: major function, C: file object */
    TR_IRP_DISPATCH,    /* A: IRP, B: device, C: major function */
    TR_IRP_PEND,        /* A: IRP, B: device */
    TR_IRP_COMPLETE,    /* A: IRP, B: status */
    TR_IRP_CANCEL,      /* A: IRP, B: a cancel routine ran */
    TR_LPC_SEND,        /* A: message id, B: LPC message type */
    TR_LPC_RECEIVE,     /* A: message id, B: LPC message type */
    TR_LPC_REPLY,       /* A: the request's message id */
    TR_USER,            /* NtTraceMark from ring 3: A kind, B and C its numbers */
    TR_TYPE_COUNT
};

typedef struct _TRACE_RECORD {
    ULONG Sequence;
    ULONG Type;
    ULONG64 Time;       /* kernel time since the last TrReset, 100 ns units */
    ULONG Thread;       /* the thread that was running */
    ULONG A, B, C;
} TRACE_RECORD;

#define TR_MARK_SCHEDULE_END 0x51500047u
#define TR_MARK_ORPHAN       0x51500048u    /* B: the letter the audit found orphaned */

#define TRACE_HASH_INIT 0xCBF29CE484222325ull    /* FNV-1a 64 offset basis */

VOID TrLog(ULONG Type, ULONG A, ULONG B, ULONG C);
VOID TrReset(VOID);
ULONG64 TrHash(VOID);
ULONG TrCount(VOID);
VOID TrFlush(BOOLEAN Full);
VOID TrNameThread(ULONG Thread, ULONG Process, PCSTR Name);
VOID TrNameProcess(ULONG Process, PCSTR Name);

int TrFormatRecord(const TRACE_RECORD *Record, char *Buffer, SIZE_T Size);

/* The running hash: two 32-bit multiplicative lanes, the second fed by the
   first, over every field of every record. Inline, because TrLog is on
   every IRP's path: a record costs a few dozen instructions, not a call
   per word. */
static inline __attribute__((always_inline)) ULONG64 TrMix(ULONG64 Hash, ULONG Value)
{
    ULONG lo = ((ULONG)Hash ^ Value) * 0x01000193u;
    ULONG hi = ((ULONG)(Hash >> 32) ^ Value ^ lo) * 0x5BD1E995u;

    return ((ULONG64)hi << 32) | lo;
}

static inline __attribute__((always_inline)) ULONG64 TrHashRecord(ULONG64 Hash,
                                                                  const TRACE_RECORD *r)
{
    Hash = TrMix(Hash, r->Sequence);
    Hash = TrMix(Hash, r->Type);
    Hash = TrMix(Hash, (ULONG)r->Time);
    Hash = TrMix(Hash, (ULONG)(r->Time >> 32));
    Hash = TrMix(Hash, r->Thread);
    Hash = TrMix(Hash, r->A);
    Hash = TrMix(Hash, r->B);
    return TrMix(Hash, r->C);
}

#endif
