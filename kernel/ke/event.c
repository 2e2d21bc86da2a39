/*
 * event.c - events, mutexes and semaphores: the dispatcher objects threads
 * signal each other with. Each signal is a schedule point once the
 * dispatcher database is released, so that under pct the woken thread may
 * run before the signaller goes on.
 *
 * A kernel mutex is owned by one thread at a time, may be reacquired by its
 * owner, and keeps its owner in a critical region (normal kernel APCs held
 * back) while owned. Releasing a mutex one does not own bugchecks
 * THREAD_NOT_MUTEX_OWNER; a thread that ends owning mutexes abandons them.
 */
#include "ke/ke.h"
#include "trace/trace.h"

VOID KeInitializeEvent(PKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    KiInitializeDispatcherHeader(&Event->Header, Type == NotificationEvent ?
                                 EventNotificationObject : EventSynchronizationObject, State);
}

/* Returns the previous state. */
LONG KeSetEvent(PKEVENT Event, LONG Increment, BOOLEAN Wait)
{
    KIRQL irql = KiLockDispatcherDatabase();
    LONG old = Event->Header.SignalState;

    Event->Header.SignalState = 1;
    TrLog(TR_SIGNAL, Event->Header.Id, 0, 0);
    if (old == 0)
        KiWaitTest(&Event->Header);
    KiUnlockDispatcherDatabase(irql);
    KiSchedulePoint(POINT_SIGNAL);
    return old;
}

LONG KeResetEvent(PKEVENT Event)
{
    KIRQL irql = KiLockDispatcherDatabase();
    LONG old = Event->Header.SignalState;

    Event->Header.SignalState = 0;
    KiUnlockDispatcherDatabase(irql);
    return old;
}

VOID KeClearEvent(PKEVENT Event)
{
    Event->Header.SignalState = 0;
}

LONG KeReadStateEvent(PKEVENT Event)
{
    return Event->Header.SignalState;
}

/* A kernel mutex: owning it is a critical region (no normal kernel APC).
   Level is NT's mutex level, here the lock's rank (lockrank.h). */
VOID KeInitializeMutex(PKMUTEX Mutex, KLOCK_RANK Level, const char *Name)
{
    KiInitializeDispatcherHeader(&Mutex->Header, MutantObject, 1);
    Mutex->OwnerThread = NULL;
    Mutex->Abandoned = FALSE;
    Mutex->ApcDisable = 1;
    Mutex->Rank = (UCHAR)Level;
    Mutex->Name = Name;
}

/* A mutant for the native API (NtCreateMutant): a process's thread may own
   it across its return to ring 3, so owning it disables nothing, and it
   has no rank (ring 3 orders its own). */
VOID KeInitializeMutant(PKMUTANT Mutant)
{
    KeInitializeMutex(Mutant, LockRankNone, "Mutant");
    Mutant->ApcDisable = 0;
}

/* Frees the mutex when the outermost acquisition is released (dispatcher
   database held). */
static VOID KiReleaseMutant(PKMUTANT Mutant)
{
    PKTHREAD owner = Mutant->OwnerThread;

    if (++Mutant->Header.SignalState != 1)
        return;
    RemoveEntryList(&Mutant->MutantListEntry);
    Mutant->OwnerThread = NULL;
    owner->KernelApcDisable += Mutant->ApcDisable;
    TrLog(TR_SIGNAL, Mutant->Header.Id, 1, 0);
    KiWaitTest(&Mutant->Header);
}

LONG KeReleaseMutex(PKMUTEX Mutex, BOOLEAN Wait)
{
    KIRQL irql = KiLockDispatcherDatabase();
    LONG old = Mutex->Header.SignalState;

    if (Mutex->OwnerThread != KeGetCurrentThread())
        KeBugCheckEx(THREAD_NOT_MUTEX_OWNER, (ULONG_PTR)Mutex->OwnerThread,
                     (ULONG_PTR)KeGetCurrentThread(), (ULONG_PTR)Mutex, 0);
    KiReleaseMutant(Mutex);
    KiUnlockDispatcherDatabase(irql);
    KiSchedulePoint(POINT_RELEASE);
    return old;
}

/* Mutant is going away: if a thread owns it, it no longer does. */
VOID KeAbandonMutant(PKMUTANT Mutant)
{
    KIRQL irql = KiLockDispatcherDatabase();

    if (Mutant->OwnerThread != NULL) {
        Mutant->Abandoned = TRUE;
        Mutant->Header.SignalState = 0;
        KiReleaseMutant(Mutant);
    }
    KiUnlockDispatcherDatabase(irql);
}

/* A thread is ending: every mutex it owns becomes free and abandoned. */
VOID KiAbandonMutants(PKTHREAD Thread)
{
    while (!IsListEmpty(&Thread->MutantListHead)) {
        PKMUTANT m = CONTAINING_RECORD(Thread->MutantListHead.Flink, KMUTANT, MutantListEntry);

        m->Abandoned = TRUE;
        m->Header.SignalState = 0;
        KiReleaseMutant(m);
    }
}

VOID KeInitializeSemaphore(PKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
    KiInitializeDispatcherHeader(&Semaphore->Header, SemaphoreObject, Count);
    Semaphore->Limit = Limit;
}

/* Returns the previous count. Going past the limit is the caller's bug, and
   in kernel mode an exception nobody handles. */
LONG KeReleaseSemaphore(PKSEMAPHORE Semaphore, LONG Increment, LONG Adjustment, BOOLEAN Wait)
{
    KIRQL irql = KiLockDispatcherDatabase();
    LONG old = Semaphore->Header.SignalState;

    if (Adjustment <= 0 || old + Adjustment > Semaphore->Limit || old + Adjustment < old)
        KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_SEMAPHORE_LIMIT_EXCEEDED,
                     (ULONG_PTR)Semaphore, (ULONG_PTR)old, (ULONG_PTR)Adjustment);
    Semaphore->Header.SignalState = old + Adjustment;
    TrLog(TR_SIGNAL, Semaphore->Header.Id, (ULONG)Adjustment, 0);
    if (old == 0)
        KiWaitTest(&Semaphore->Header);
    KiUnlockDispatcherDatabase(irql);
    KiSchedulePoint(POINT_SIGNAL);
    return old;
}
