/*
 * lockrank.c - the lock-order checker: lockrank.h has the order and the
 * rule (a lock is taken only above every lock its taker holds).
 *
 * Spin locks are held by the processor; spinlock.c keeps them on a stack
 * and checks them against its top, on the acquire's own path.
 *
 * Mutexes are held by threads, across waits: a thread's MutantListHead
 * already lists them. A mutex is checked before the wait that would take
 * it (a deadlock is reported rather than waited into) against that list
 * and against the spin locks held. A spin lock is checked against the
 * stack alone: it ranks above every mutex.
 *
 * A violation stops the machine with DRIVER_VERIFIER_DETECTED_VIOLATION:
 *   0x1001  out of order: P2 the lock being taken, P3 the held lock it is
 *           not above, P4 their ranks (taken << 8 | held)
 *   0x1002  a lock with no rank of its tier (irplab's): P2 the lock, P3
 *           its rank
 * and the STOP screen names the locks.
 *
 * Interface: KiLockOrderCheckMutex (wait.c); KiLockOrderViolation and
 * KiLockUnranked, the two reports (spinlock.c too).
 */
#include <stdio.h>
#include "ke/ke.h"

#define LOCK_ORDER_VIOLATION    0x1001
#define LOCK_ORDER_UNRANKED     0x1002

static char KiLockOrderText[160];

VOID KiLockOrderViolation(PVOID Taken, const char *TakenName, ULONG TakenRank,
                          PVOID Held, const char *HeldName, ULONG HeldRank)
{
    snprintf(KiLockOrderText, sizeof(KiLockOrderText),
             "lock order: taking %s (rank %lu) while holding %s (rank %lu)",
             TakenName, (unsigned long)TakenRank, HeldName, (unsigned long)HeldRank);
    KiBugCheckWithText(DRIVER_VERIFIER_DETECTED_VIOLATION, LOCK_ORDER_VIOLATION,
                       (ULONG_PTR)Taken, (ULONG_PTR)Held, TakenRank << 8 | HeldRank,
                       KiLockOrderText);
}

VOID KiLockUnranked(PVOID Lock, const char *Name, ULONG Rank)
{
    snprintf(KiLockOrderText, sizeof(KiLockOrderText),
             "lock order: %s has no rank of its kind (rank %lu)",
             Name != NULL ? Name : "a lock never initialized", (unsigned long)Rank);
    KiBugCheckWithText(DRIVER_VERIFIER_DETECTED_VIOLATION, LOCK_ORDER_UNRANKED,
                       (ULONG_PTR)Lock, Rank, 0, KiLockOrderText);
}

/* Before Thread waits for Mutex; a native-API mutant is not checked, and
   an owner taking its mutex again is recursion, not order. */
VOID KiLockOrderCheckMutex(PKTHREAD Thread, PKMUTANT Mutex)
{
    PLIST_ENTRY e;
    PKSPIN_LOCK top;

    if (KeBootArgs.LockCheck != LOCKCHECK_ON || Mutex->ApcDisable == 0 ||
        Mutex->OwnerThread == Thread)
        return;
    if (Mutex->Rank == LockRankNone || Mutex->Rank >= LockRankFirstSpin)
        KiLockUnranked(Mutex, Mutex->Name, Mutex->Rank);
    top = KiTopSpinLock();
    if (top != NULL)
        KiLockOrderViolation(Mutex, Mutex->Name, Mutex->Rank, top, top->Name, top->Rank);
    for (e = Thread->MutantListHead.Flink; e != &Thread->MutantListHead; e = e->Flink) {
        PKMUTANT held = CONTAINING_RECORD(e, KMUTANT, MutantListEntry);

        if (held->ApcDisable != 0 && held->Rank >= Mutex->Rank)
            KiLockOrderViolation(Mutex, Mutex->Name, Mutex->Rank, held, held->Name, held->Rank);
    }
}
