/*
 * spinlock.c - spinlocks on one processor.
 *
 * With a single CPU, holding a spinlock means only that nothing else may
 * run on this processor at or below DISPATCH_LEVEL: no thread switch, no
 * DPC. So acquiring one raises to DISPATCH_LEVEL, releasing lowers back
 * (which then runs whatever was held back). The lock word records the
 * owner so that a recursive acquire is caught: it would deadlock on SMP.
 * Interrupt routines take no spinlock; what they share with other code is
 * guarded by raising above DISPATCH_LEVEL.
 */
#include "ke/ke.h"

VOID KeAcquireSpinLock(PKSPIN_LOCK Lock, PKIRQL OldIrql)
{
    KeRaiseIrql(DISPATCH_LEVEL, OldIrql);
    if (*Lock != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)Lock, 0, 0, 0);
    *Lock = 1;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK Lock, KIRQL OldIrql)
{
    *Lock = 0;
    KeLowerIrql(OldIrql);
}
