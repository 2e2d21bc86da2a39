/*
 * spinlock.c - spinlocks on one processor.
 *
 * With a single CPU, holding a spinlock only has to keep interrupt-level
 * code out, so acquiring one disables interrupts and remembers in *OldIrql
 * whether they were on; releasing puts that back. The lock word still
 * records ownership so that a recursive acquire is caught.
 */
#include "boot/i386.h"
#include "ke/ke.h"

VOID KeAcquireSpinLock(PKSPIN_LOCK Lock, PKIRQL OldIrql)
{
    ULONG flags = KiReadEFlags();

    _disable();
    if (*Lock != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)Lock, 0, 0, 0);
    *Lock = 1;
    *OldIrql = (flags & EFLAGS_IF) != 0;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK Lock, KIRQL OldIrql)
{
    *Lock = 0;
    if (OldIrql)
        _enable();
}
