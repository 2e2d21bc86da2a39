/*
 * trace.c - the trace ring (see trace.h).
 *
 * TrLog may be called at any level, an interrupt routine's included, so the
 * ring is updated with interrupts off. It never allocates: the ring is
 * static, and when it wraps the oldest records are overwritten (the hash
 * still covers every record). Output goes to COM2, which is the trace's own
 * port; QEMU writes it to a file the harness compares byte for byte.
 */
#include <stdio.h>
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "trace/trace.h"

#define TRACE_RING_RECORDS 32768

extern PKTHREAD KiCurrentThread;

static TRACE_RECORD TrRing[TRACE_RING_RECORDS];
static ULONG TrSequence;
static ULONG64 TrRunningHash = TRACE_HASH_INIT;
static ULONG64 TrTimeBase;              /* kernel time at the last TrReset */

VOID TrLog(ULONG Type, ULONG A, ULONG B, ULONG C)
{
    ULONG flags = KiReadEFlags();
    TRACE_RECORD *r;

    _disable();
    r = &TrRing[TrSequence % TRACE_RING_RECORDS];
    r->Sequence = TrSequence++;
    r->Type = Type;
    r->Time = KeQueryKernelTime() - TrTimeBase;
    r->Thread = KiCurrentThread->Header.Id;
    r->A = A;
    r->B = B;
    r->C = C;
    TrRunningHash = TrHashRecord(TrRunningHash, r);
    if (flags & EFLAGS_IF)
        _enable();
}

VOID TrReset(VOID)
{
    ULONG flags = KiReadEFlags();

    _disable();
    TrSequence = 0;
    TrRunningHash = TRACE_HASH_INIT;
    TrTimeBase = KeQueryKernelTime();
    if (flags & EFLAGS_IF)
        _enable();
}

ULONG64 TrHash(VOID)
{
    return TrRunningHash;
}

ULONG TrCount(VOID)
{
    return TrSequence;
}

/* Writes "trace: N events, hash H" to COM2, then with Full the records
   still in the ring, oldest first. */
VOID TrFlush(BOOLEAN Full)
{
    ULONG first = TrSequence > TRACE_RING_RECORDS ? TrSequence - TRACE_RING_RECORDS : 0, i;
    char line[96];
    int n;

    if (Full) {
        if (first != 0) {
            n = snprintf(line, sizeof(line), "trace: the first %lu events are gone\n",
                         (unsigned long)first);
            HalUartWrite(COM2, line, (SIZE_T)n);
        }
        for (i = first; i < TrSequence; i++) {
            n = TrFormatRecord(&TrRing[i % TRACE_RING_RECORDS], line, sizeof(line));
            HalUartWrite(COM2, line, (SIZE_T)n);
        }
    }
    n = snprintf(line, sizeof(line), "trace: %lu events, hash %08lx%08lx\n",
                 (unsigned long)TrSequence, (unsigned long)(TrRunningHash >> 32),
                 (unsigned long)(TrRunningHash & 0xFFFFFFFFu));
    HalUartWrite(COM2, line, (SIZE_T)n);
}
