/*
 * format.c - one trace record as text, and the running hash. Pure code: the
 * same text and the same hash on the host (tests/unit) and in the kernel.
 *
 * The hash is FNV-1a over the record's fields in a fixed little-endian byte
 * order, so it does not depend on structure padding or on the compiler.
 */
#include <stdio.h>
#include "trace/trace.h"

static const char *const TrTypeNames[TR_TYPE_COUNT] = {
    [TR_SWITCH] = "switch", [TR_POINT] = "point", [TR_WAIT] = "wait",
    [TR_UNWAIT] = "unwait", [TR_SIGNAL] = "signal", [TR_TIMER] = "timer",
    [TR_DPC] = "dpc", [TR_APC_QUEUE] = "apc-queue", [TR_APC_RUN] = "apc-run",
    [TR_THREAD_CREATE] = "create", [TR_THREAD_EXIT] = "exit",
    [TR_TIME_JUMP] = "time-jump", [TR_DELIVER] = "deliver", [TR_MARK] = "mark",
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

static ULONG64 TrHashBytes(ULONG64 Hash, ULONG64 Value, int Bytes)
{
    int i;

    for (i = 0; i < Bytes; i++) {
        Hash ^= (UCHAR)(Value >> (8 * i));
        Hash *= 0x100000001B3ull;
    }
    return Hash;
}

ULONG64 TrHashRecord(ULONG64 Hash, const TRACE_RECORD *r)
{
    Hash = TrHashBytes(Hash, r->Sequence, 4);
    Hash = TrHashBytes(Hash, r->Type, 4);
    Hash = TrHashBytes(Hash, r->Time, 8);
    Hash = TrHashBytes(Hash, r->Thread, 4);
    Hash = TrHashBytes(Hash, r->A, 4);
    Hash = TrHashBytes(Hash, r->B, 4);
    return TrHashBytes(Hash, r->C, 4);
}
