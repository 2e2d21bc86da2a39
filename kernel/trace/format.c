/*
 * format.c - one trace record as text, and the running hash. Pure code: the
 * same text and the same hash on the host (tests/unit) and in the kernel.
 *
 * The hash is two 32-bit FNV-1a lanes taken a field at a time (each field
 * xored in, then a multiply by the lane's prime), over the record's fields
 * in a fixed order: it does not depend on structure padding or on the
 * compiler, and costs two 32-bit multiplies a field - it runs for every
 * event, on the path of every IRP, where a 64-bit multiply is three.
 */
#include <stdio.h>
#include "trace/trace.h"

static const char *const TrTypeNames[TR_TYPE_COUNT] = {
    [TR_SWITCH] = "switch", [TR_POINT] = "point", [TR_WAIT] = "wait",
    [TR_UNWAIT] = "unwait", [TR_SIGNAL] = "signal", [TR_TIMER] = "timer",
    [TR_DPC] = "dpc", [TR_APC_QUEUE] = "apc-queue", [TR_APC_RUN] = "apc-run",
    [TR_THREAD_CREATE] = "create", [TR_THREAD_EXIT] = "exit",
    [TR_TIME_JUMP] = "time-jump", [TR_DELIVER] = "deliver", [TR_MARK] = "mark",
    [TR_IRP_ISSUE] = "irp-issue", [TR_IRP_DISPATCH] = "irp-dispatch", [TR_IRP_PEND] = "irp-pend",
    [TR_IRP_COMPLETE] = "irp-complete", [TR_IRP_CANCEL] = "irp-cancel",
    [TR_LPC_SEND] = "lpc-send", [TR_LPC_RECEIVE] = "lpc-receive", [TR_LPC_REPLY] = "lpc-reply",
    [TR_USER] = "user",
};

/* "seq time-in-us thread type a b c"; the time is printed as two 32-bit
   halves so that no 64-bit printf support is needed. */
int TrFormatRecord(const TRACE_RECORD *r, char *Buffer, SIZE_T Size)
{
    const char *name = r->Type < TR_TYPE_COUNT && TrTypeNames[r->Type] ? TrTypeNames[r->Type] : "?";
    ULONG64 us = r->Time / 10;

    return snprintf(Buffer, Size, "%08lu %lu.%06lu t%lu %s %lu %lu %lu\n",
                    (unsigned long)r->Sequence, (unsigned long)(us / 1000000),
                    (unsigned long)(us % 1000000), (unsigned long)r->Thread, name,
                    (unsigned long)r->A, (unsigned long)r->B, (unsigned long)r->C);
}
