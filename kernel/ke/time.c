/*
 * time.c - kernel time, the clock of the dispatcher (time-outs, delays,
 * timers), in NT's 100 ns units.
 *
 * Under sched=rr it is the real clock. Under sched=pct it is virtual, as
 * in deterministic simulation: it moves by KTIME_POINT_STEP at every
 * schedule point and jumps to the next timer's due time when every thread
 * waits - so a time-out expires at the same kernel time in every run of a
 * seed. A jump would be wrong while a frame is on its way (the reply would
 * look late), so the network brackets such moments with KeBlockTimeJump.
 * A scenario sets it back between schedules (KeSetVirtualTime).
 */
#include "ke/ke.h"

static ULONG64 KiVirtualTime;
static ULONG KiTimeJumpBlocks;

ULONG64 KeQueryKernelTime(VOID)
{
    if (KeBootArgs.Sched == SCHED_POLICY_PCT)
        return KiVirtualTime;
    return KeQueryRealTime() * KTIME_PER_MS;
}

/* Called at DISPATCH_LEVEL (the dispatcher database guards the value). */
VOID KiAdvanceVirtualTime(ULONG64 Delta)
{
    KiVirtualTime += Delta;
}

VOID KiResetKernelTime(VOID)
{
    KiVirtualTime = 0;
}

/* sched=pct, between a scenario's schedules: virtual time back to Time,
   where the first schedule began, so that every schedule runs on the
   clock a fresh boot's would. A pending timer keeps the time it had left. */
VOID KeSetVirtualTime(ULONG64 Time)
{
    KIRQL irql = KiLockDispatcherDatabase();

    if (Time <= KiVirtualTime) {
        KiShiftTimers(KiVirtualTime - Time);
        KiVirtualTime = Time;
    }
    KiUnlockDispatcherDatabase(irql);
}

BOOLEAN KiVirtualTimeCanJump(VOID)
{
    return KiTimeJumpBlocks == 0;
}

VOID KeBlockTimeJump(VOID)
{
    KIRQL irql = KiLockDispatcherDatabase();

    KiTimeJumpBlocks++;
    KiUnlockDispatcherDatabase(irql);
}

VOID KeUnblockTimeJump(VOID)
{
    KIRQL irql = KiLockDispatcherDatabase();

    if (KiTimeJumpBlocks == 0)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, 0, 0, __LINE__, 0);
    KiTimeJumpBlocks--;
    KiUnlockDispatcherDatabase(irql);
}
