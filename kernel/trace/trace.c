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

/* Names for the text trace, of threads and processes made since TrReset:
   kept beside the ring, never hashed. */
#define TR_NAMES 512
static struct {
    BOOLEAN IsProcess;
    ULONG Id, Process;
    char Name[48];
} TrNames[TR_NAMES];
static ULONG TrNameCount;

static VOID TrAddName(BOOLEAN IsProcess, ULONG Id, ULONG Process, PCSTR Name)
{
    ULONG flags = KiReadEFlags();

    _disable();
    if (TrNameCount < TR_NAMES) {
        TrNames[TrNameCount].IsProcess = IsProcess;
        TrNames[TrNameCount].Id = Id;
        TrNames[TrNameCount].Process = Process;
        snprintf(TrNames[TrNameCount].Name, sizeof(TrNames[0].Name), "%s", Name);
        TrNameCount++;
    }
    if (flags & EFLAGS_IF)
        _enable();
}

VOID TrNameThread(ULONG Thread, ULONG Process, PCSTR Name)
{
    TrAddName(FALSE, Thread, Process, Name);
}

/* A process's name for the text trace (Process: its object id); a later
   name for the same process wins. */
VOID TrNameProcess(ULONG Process, PCSTR Name)
{
    TrAddName(TRUE, Process, Process, Name);
}

/* "name process P NAME" or "name thread T P NAME" on COM2. */
static VOID TrWriteName(BOOLEAN IsProcess, ULONG Id, ULONG Process, PCSTR Name)
{
    char line[96];
    int n = IsProcess ?
        snprintf(line, sizeof(line), "name process %lu %s\n", (unsigned long)Id, Name) :
        snprintf(line, sizeof(line), "name thread %lu %lu %s\n", (unsigned long)Id,
                 (unsigned long)Process, Name);

    HalUartWrite(COM2, line, (SIZE_T)(n < (int)sizeof(line) ? n : (int)sizeof(line) - 1));
}

static VOID TrWriteThreadName(PKTHREAD Thread, PVOID Context)
{
    TrWriteName(FALSE, Thread->Header.Id, Thread->Process ? Thread->Process->Header.Id : 0,
                Thread->Name);
}

/* The threads alive now, then those made and the processes named since
   TrReset (some of them twice: the reader takes the last). */
static VOID TrFlushNames(VOID)
{
    KeForEachThread(TrWriteThreadName, NULL);
    for (ULONG i = 0; i < TrNameCount; i++)
        TrWriteName(TrNames[i].IsProcess, TrNames[i].Id, TrNames[i].Process, TrNames[i].Name);
}

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
    TrNameCount = 0;
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
        TrFlushNames();
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
