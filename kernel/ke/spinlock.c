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
 *
 * The lock order (lockrank.h) is checked here, after the recursion test so
 * that a recursive acquire is reported as what it is. Spin locks are held
 * by the processor, not a thread: at DISPATCH_LEVEL nothing switches, and
 * a DPC runs only once the level is below DISPATCH_LEVEL, with none held.
 * So the processor keeps the spin locks it holds on a stack in the order
 * taken; the order keeps the ranks on it strictly increasing, so the top is
 * the highest and the stack is never deeper than there are ranks. A release
 * may come out of order: it is taken out from wherever it is.
 */
#include "ke/ke.h"

/* KiHeldSpinLocks[1..KiHeldSpinCount], lowest rank first, over a floor
   that ranks below every spin lock: the top is always a lock to compare
   with, and a lock with no spin rank fails the same compare. */
static KSPIN_LOCK KiSpinLockFloor = KSPIN_LOCK_INIT(LockRankFirstSpin - 1, "no spin lock");
static PKSPIN_LOCK KiHeldSpinLocks[LockRankCount + 1] = { &KiSpinLockFloor };
static ULONG KiHeldSpinCount;

VOID KeInitializeSpinLock(PKSPIN_LOCK Lock, KLOCK_RANK Rank, const char *Name)
{
    Lock->Owned = 0;
    Lock->Rank = (UCHAR)Rank;
    Lock->Name = Name;
}

/* The highest-ranked spin lock held, or NULL. */
PKSPIN_LOCK KiTopSpinLock(VOID)
{
    return KiHeldSpinCount != 0 ? KiHeldSpinLocks[KiHeldSpinCount] : NULL;
}

static VOID __attribute__((noreturn, noinline)) KiSpinLockOrderFault(PKSPIN_LOCK Lock)
{
    PKSPIN_LOCK top = KiHeldSpinLocks[KiHeldSpinCount];

    if (Lock->Rank < LockRankFirstSpin || Lock->Rank >= LockRankCount)
        KiLockUnranked(Lock, Lock->Name, Lock->Rank);
    KiLockOrderViolation(Lock, Lock->Name, Lock->Rank, top, top->Name, top->Rank);
}

static inline VOID KiPushSpinLock(PKSPIN_LOCK Lock)
{
    ULONG n = KiHeldSpinCount;

    if (Lock->Rank <= KiHeldSpinLocks[n]->Rank)
        KiSpinLockOrderFault(Lock);
    KiHeldSpinLocks[n + 1] = Lock;
    KiHeldSpinCount = n + 1;
}

/* A release out of order: Lock comes out from under the top. */
static VOID KiPullSpinLock(PKSPIN_LOCK Lock)
{
    ULONG i;

    for (i = KiHeldSpinCount; i > 0; i--) {
        if (KiHeldSpinLocks[i] == Lock) {
            for (KiHeldSpinCount--; i <= KiHeldSpinCount; i++)
                KiHeldSpinLocks[i] = KiHeldSpinLocks[i + 1];
            return;
        }
    }
}

VOID KeAcquireSpinLock(PKSPIN_LOCK Lock, PKIRQL OldIrql)
{
    KeRaiseIrql(DISPATCH_LEVEL, OldIrql);
    if (Lock->Owned != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)Lock, 0, 0, 0);
    if (KeBootArgs.LockCheck == LOCKCHECK_ON)
        KiPushSpinLock(Lock);
    Lock->Owned = 1;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK Lock, KIRQL OldIrql)
{
    if (KeBootArgs.LockCheck == LOCKCHECK_ON) {
        if (KiHeldSpinLocks[KiHeldSpinCount] == Lock)
            KiHeldSpinCount--;
        else
            KiPullSpinLock(Lock);
    }
    Lock->Owned = 0;
    KeLowerIrql(OldIrql);
}
