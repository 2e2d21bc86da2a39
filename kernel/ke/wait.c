/*
 * wait.c - waiting on dispatcher objects, and waking waiters.
 *
 * A waiting thread links one KWAIT_BLOCK per object into the object's wait
 * list (and one into its own timer's, for a time-out) and switches away.
 * Whoever signals an object runs KiWaitTest, which satisfies the waits it
 * can - consuming what a satisfied wait takes (a synchronization event's
 * signal, a semaphore count, a mutex's ownership) - and readies the thread
 * with the status its wait returns. The woken thread does no rechecking;
 * the one exception is STATUS_KERNEL_APC: a kernel APC was queued to it, so
 * it lowers its level to let the APC run, then waits again with whatever
 * time it had left. A wait in UserMode (a native call's wait for a
 * process's thread) also ends early, with STATUS_USER_APC, when a user-mode
 * APC is pending - that is how a thread that is being terminated leaves a
 * wait that might never be satisfied.
 */
#include "ke/ke.h"
#include "trace/trace.h"

#define TIMEOUT_WAIT_KEY ((USHORT)STATUS_TIMEOUT)

static ULONG KiObjectIds;

ULONG KiNextObjectId(VOID)
{
    return ++KiObjectIds;
}

/* The last serial id given to a dispatcher object, thread, DPC or event
   source; and setting where the next ones continue from (a scenario's
   schedule starts from its baseline's, as a fresh boot's first does). */
ULONG KeQueryObjectIds(VOID)
{
    return KiObjectIds;
}

VOID KeSetObjectIds(ULONG Last)
{
    KiObjectIds = Last;
}

VOID KiInitializeDispatcherHeader(DISPATCHER_HEADER *Header, UCHAR Type, LONG State)
{
    Header->Type = Type;
    Header->SignalState = State;
    Header->Id = KiNextObjectId();
    InitializeListHead(&Header->WaitListHead);
}

/* Can Thread's wait on Object be satisfied now? A mutex is, for its owner. */
static BOOLEAN KiIsSignalled(DISPATCHER_HEADER *Object, PKTHREAD Thread)
{
    if (Object->Type == MutantObject)
        return Object->SignalState > 0 || ((PKMUTANT)Object)->OwnerThread == Thread;
    return Object->SignalState > 0;
}

/* Takes what a satisfied wait takes from Object. */
static VOID KiWaitSatisfy(DISPATCHER_HEADER *Object, PKTHREAD Thread)
{
    PKMUTANT m;

    switch (Object->Type) {
    case EventSynchronizationObject:
    case TimerSynchronizationObject:
        Object->SignalState = 0;
        break;
    case SemaphoreObject:
        Object->SignalState--;
        break;
    case MutantObject:
        m = (PKMUTANT)Object;
        if (Object->SignalState-- == 1) {
            m->OwnerThread = Thread;
            InsertTailList(&Thread->MutantListHead, &m->MutantListEntry);
            Thread->KernelApcDisable -= m->ApcDisable;  /* a kernel mutex: a critical region */
        }
        break;
    default:
        break;
    }
}

/* Unlinks every wait block of Thread, stops its timer, readies it. */
VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus)
{
    ULONG i;

    for (i = 0; i < Thread->WaitCount; i++)
        RemoveEntryList(&Thread->WaitBlockList[i].WaitListEntry);
    Thread->WaitCount = 0;
    if (Thread->WaitHasTimeout) {
        RemoveEntryList(&Thread->TimerWaitBlock.WaitListEntry);
        KiRemoveTimer(&Thread->Timer);
        Thread->WaitHasTimeout = FALSE;
    }
    Thread->WaitStatus = WaitStatus;
    TrLog(TR_UNWAIT, Thread->Header.Id, (ULONG)WaitStatus, 0);
    KiReadyThread(Thread);
}

static BOOLEAN KiAllSignalled(PKTHREAD Thread, ULONG Count, DISPATCHER_HEADER *const *Objects)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        if (!KiIsSignalled(Objects[i], Thread))
            return FALSE;
    }
    return TRUE;
}

/* The objects a linked wait is on, read back from its wait blocks. */
static BOOLEAN KiLinkedWaitSatisfiable(PKTHREAD Thread)
{
    ULONG i;

    for (i = 0; i < Thread->WaitCount; i++) {
        if (!KiIsSignalled(Thread->WaitBlockList[i].Object, Thread))
            return FALSE;
    }
    return TRUE;
}

/*
 * Object was signalled: satisfy every wait on it that now can be, in the
 * order the waiters came. The walk restarts after each wake-up, because
 * waking a thread unlinks all of its wait blocks.
 */
VOID KiWaitTest(DISPATCHER_HEADER *Object)
{
    PLIST_ENTRY e = Object->WaitListHead.Flink;

    while (e != &Object->WaitListHead && Object->SignalState > 0) {
        PKWAIT_BLOCK wb = CONTAINING_RECORD(e, KWAIT_BLOCK, WaitListEntry);
        PKTHREAD t = wb->Thread;
        ULONG i;

        if (wb->WaitType == WaitAny) {
            KiWaitSatisfy(Object, t);
            KiUnwaitThread(t, wb->WaitKey == TIMEOUT_WAIT_KEY ? STATUS_TIMEOUT
                                                              : STATUS_WAIT_0 + wb->WaitKey);
        } else if (KiLinkedWaitSatisfiable(t)) {
            for (i = 0; i < t->WaitCount; i++)
                KiWaitSatisfy(t->WaitBlockList[i].Object, t);
            KiUnwaitThread(t, STATUS_WAIT_0);
        } else {
            e = e->Flink;
            continue;
        }
        e = Object->WaitListHead.Flink;
    }
}

/* Satisfies the wait at once if it can be: a status, or STATUS_PENDING. */
static NTSTATUS KiTryWait(PKTHREAD Thread, ULONG Count, DISPATCHER_HEADER *const *Objects,
                          WAIT_TYPE WaitType)
{
    ULONG i;

    if (WaitType == WaitAll) {
        if (Count == 0 || !KiAllSignalled(Thread, Count, Objects))
            return STATUS_PENDING;
        for (i = 0; i < Count; i++)
            KiWaitSatisfy(Objects[i], Thread);
        return STATUS_WAIT_0;
    }
    for (i = 0; i < Count; i++) {
        if (KiIsSignalled(Objects[i], Thread)) {
            KiWaitSatisfy(Objects[i], Thread);
            return STATUS_WAIT_0 + i;
        }
    }
    return STATUS_PENDING;
}

/*
 * Links Thread's wait. FALSE, with nothing linked, when the time-out is due
 * by now: under rr the clock may have ticked since KiWait looked, and a
 * timer KiInsertTimer declines to insert would never fire.
 */
static BOOLEAN KiLinkWait(PKTHREAD Thread, PKWAIT_BLOCK Blocks, ULONG Count,
                          DISPATCHER_HEADER *const *Objects, WAIT_TYPE WaitType, const ULONG64 *Due)
{
    ULONG i;

    if (Due != NULL && !KiInsertTimer(&Thread->Timer, (LONG64)*Due))
        return FALSE;
    for (i = 0; i < Count; i++) {
        Blocks[i].Thread = Thread;
        Blocks[i].Object = Objects[i];
        Blocks[i].WaitKey = (USHORT)i;
        Blocks[i].WaitType = (UCHAR)WaitType;
        InsertTailList(&Objects[i]->WaitListHead, &Blocks[i].WaitListEntry);
    }
    Thread->WaitBlockList = Blocks;
    Thread->WaitCount = Count;
    if (Due != NULL) {
        Thread->TimerWaitBlock.Thread = Thread;
        Thread->TimerWaitBlock.Object = &Thread->Timer.Header;
        Thread->TimerWaitBlock.WaitKey = TIMEOUT_WAIT_KEY;
        Thread->TimerWaitBlock.WaitType = WaitAny;
        InsertTailList(&Thread->Timer.Header.WaitListHead, &Thread->TimerWaitBlock.WaitListEntry);
        Thread->WaitHasTimeout = TRUE;
    }
    return TRUE;
}

/* The lock order of the mutexes a wait would take (lockrank.c). */
static VOID KiCheckMutexOrder(PKTHREAD Thread, ULONG Count, DISPATCHER_HEADER *const *Objects)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        if (Objects[i]->Type == MutantObject)
            KiLockOrderCheckMutex(Thread, (PKMUTANT)Objects[i]);
    }
}

/*
 * The one wait loop. Timeout: NULL waits forever; negative is relative, in
 * 100 ns units; zero polls. Returns STATUS_WAIT_0 + index, STATUS_TIMEOUT,
 * or (Mode UserMode) STATUS_USER_APC.
 */
static NTSTATUS KiWait(ULONG Count, DISPATCHER_HEADER *const *Objects, WAIT_TYPE WaitType,
                       KPROCESSOR_MODE Mode, const LONG64 *Timeout, PKWAIT_BLOCK Blocks)
{
    PKTHREAD t = KeGetCurrentThread();
    ULONG64 due = 0;
    NTSTATUS status;
    KIRQL irql;

    if (Timeout != NULL)
        due = *Timeout < 0 ? KeQueryKernelTime() + (ULONG64)(-*Timeout) : (ULONG64)*Timeout;
    KiCheckMutexOrder(t, Count, Objects);
    KiSchedulePoint(POINT_WAIT);
    for (;;) {
        irql = KiLockDispatcherDatabase();
        if (KiApcDeliverable(t, irql)) {
            KiUnlockDispatcherDatabase(irql);
            continue;
        }
        if (Mode == UserMode && t->UserApcPending) {
            KiUnlockDispatcherDatabase(irql);
            return STATUS_USER_APC;
        }
        status = KiTryWait(t, Count, Objects, WaitType);
        if (status == STATUS_PENDING && Timeout != NULL && due <= KeQueryKernelTime())
            status = STATUS_TIMEOUT;
        if (status != STATUS_PENDING) {
            KiUnlockDispatcherDatabase(irql);
            return status;
        }
        if (irql >= DISPATCH_LEVEL)
            KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, irql, DISPATCH_LEVEL, 0, 0);
        if (!KiLinkWait(t, Blocks, Count, Objects, WaitType, Timeout != NULL ? &due : NULL)) {
            KiUnlockDispatcherDatabase(irql);
            return STATUS_TIMEOUT;
        }
        t->State = Waiting;
        t->WaitIrql = irql;
        t->WaitMode = (UCHAR)Mode;
        TrLog(TR_WAIT, t->Header.Id, Count != 0 ? Objects[0]->Id : 0, Count);
        KiSwapThread();
        status = t->WaitStatus;
        KiUnlockDispatcherDatabase(irql);
        if (status != STATUS_KERNEL_APC)
            return status;
    }
}

NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Objects[], WAIT_TYPE WaitType,
                                  KWAIT_REASON Reason, KPROCESSOR_MODE Mode,
                                  BOOLEAN Alertable, const LONG64 *Timeout,
                                  PKWAIT_BLOCK WaitBlockArray)
{
    PKWAIT_BLOCK blocks = WaitBlockArray != NULL ? WaitBlockArray : KeGetCurrentThread()->WaitBlock;

    if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS ||
        (WaitBlockArray == NULL && Count > THREAD_WAIT_OBJECTS))
        KeBugCheckEx(MAXIMUM_WAIT_OBJECTS_EXCEEDED, Count, 0, 0, 0);
    return KiWait(Count, (DISPATCHER_HEADER *const *)Objects, WaitType, Mode, Timeout, blocks);
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON Reason, KPROCESSOR_MODE Mode,
                               BOOLEAN Alertable, const LONG64 *Timeout)
{
    DISPATCHER_HEADER *objects[1] = { Object };

    return KiWait(1, objects, WaitAny, Mode, Timeout, KeGetCurrentThread()->WaitBlock);
}

/* Sleeps for Interval (relative when negative). A zero interval is only a
   schedule point. STATUS_SUCCESS, or STATUS_USER_APC when a UserMode delay
   was cut short. */
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE Mode, BOOLEAN Alertable, const LONG64 *Interval)
{
    if (*Interval == 0) {
        KiSchedulePoint(POINT_EXPLICIT);
        return STATUS_SUCCESS;
    }
    if (KiWait(0, NULL, WaitAny, Mode, Interval, KeGetCurrentThread()->WaitBlock) ==
        STATUS_USER_APC)
        return STATUS_USER_APC;
    return STATUS_SUCCESS;
}
