/*
 * apc.c - kernel asynchronous procedure calls: work that must run in the
 * context of one particular thread (the I/O manager completes a request in
 * the thread that issued it this way).
 *
 * A special APC (no NormalRoutine) runs its KernelRoutine at APC_LEVEL as
 * soon as the thread's level drops below APC_LEVEL. A normal kernel APC
 * then runs its NormalRoutine at PASSIVE_LEVEL, and only outside critical
 * regions and not inside another normal APC. An APC for a thread that is
 * waiting at PASSIVE_LEVEL wakes it (STATUS_KERNEL_APC); the wait runs the
 * APC and goes back to waiting. Special APCs queue ahead of normal ones.
 *
 * A user-mode APC waits for the thread's next return to ring 3
 * (KiDeliverUserApc, from trap.c), and ends a UserMode wait with
 * STATUS_USER_APC so that the thread gets there. Its KernelRoutine runs at
 * PASSIVE_LEVEL; irplab has no user-mode normal routines: the one user-mode
 * APC is a thread's exit (Ps).
 */
#include "ke/ke.h"
#include "trace/trace.h"

VOID KeInitializeApc(PKAPC Apc, PKTHREAD Thread, PKKERNEL_ROUTINE KernelRoutine,
                     PKRUNDOWN_ROUTINE RundownRoutine, PKNORMAL_ROUTINE NormalRoutine,
                     KPROCESSOR_MODE ApcMode, PVOID NormalContext)
{
    Apc->Thread = Thread;
    Apc->ApcMode = (UCHAR)ApcMode;
    Apc->KernelRoutine = KernelRoutine;
    Apc->RundownRoutine = RundownRoutine;
    Apc->NormalRoutine = NormalRoutine;
    Apc->NormalContext = NormalContext;
    Apc->Inserted = FALSE;
}

static BOOLEAN KiIsSpecial(PLIST_ENTRY Entry)
{
    return CONTAINING_RECORD(Entry, KAPC, ApcListEntry)->NormalRoutine == NULL;
}

/* Can the first queued APC of Thread run once the level is Irql? */
BOOLEAN KiApcDeliverable(PKTHREAD Thread, KIRQL Irql)
{
    if (Thread == NULL || !Thread->KernelApcPending || Irql >= APC_LEVEL)
        return FALSE;
    if (IsListEmpty(&Thread->ApcListHead))
        return FALSE;
    return KiIsSpecial(Thread->ApcListHead.Flink) ||
           (Thread->KernelApcDisable == 0 && !Thread->KernelApcInProgress);
}

static VOID KiQueueApc(PKAPC Apc)
{
    PLIST_ENTRY head = &Apc->Thread->ApcListHead, e = head->Flink;

    if (Apc->NormalRoutine == NULL) {
        while (e != head && KiIsSpecial(e))
            e = e->Flink;
        InsertTailList(e, &Apc->ApcListEntry);         /* before the first normal one */
    } else {
        InsertTailList(head, &Apc->ApcListEntry);
    }
}

/* A user-mode APC: queued for the return to ring 3; a UserMode wait ends. */
static VOID KiQueueUserApc(PKAPC Apc)
{
    PKTHREAD t = Apc->Thread;

    InsertTailList(&t->UserApcListHead, &Apc->ApcListEntry);
    t->UserApcPending = TRUE;
    TrLog(TR_APC_QUEUE, t->Header.Id, 2, 0);
    if (t != KeGetCurrentThread() && t->State == Waiting && t->WaitMode == UserMode)
        KiUnwaitThread(t, STATUS_USER_APC);
}

BOOLEAN KeInsertQueueApc(PKAPC Apc, PVOID Arg1, PVOID Arg2, LONG Increment)
{
    KIRQL irql = KiLockDispatcherDatabase();
    PKTHREAD t = Apc->Thread;

    if (Apc->Inserted || !t->ApcQueueable) {
        KiUnlockDispatcherDatabase(irql);
        return FALSE;
    }
    Apc->SystemArgument1 = Arg1;
    Apc->SystemArgument2 = Arg2;
    Apc->Inserted = TRUE;
    if (Apc->ApcMode == UserMode) {
        KiQueueUserApc(Apc);
        KiUnlockDispatcherDatabase(irql);
        return TRUE;
    }
    KiQueueApc(Apc);
    t->KernelApcPending = TRUE;
    TrLog(TR_APC_QUEUE, t->Header.Id, Apc->NormalRoutine == NULL, 0);
    if (t != KeGetCurrentThread() && t->State == Waiting && t->WaitIrql == PASSIVE_LEVEL &&
        KiApcDeliverable(t, PASSIVE_LEVEL))
        KiUnwaitThread(t, STATUS_KERNEL_APC);
    KiUnlockDispatcherDatabase(irql);
    return TRUE;
}

/* Runs one APC's routines; the APC is already off the queue. */
static VOID KiRunApc(PKTHREAD Thread, PKAPC Apc)
{
    PKNORMAL_ROUTINE normal = Apc->NormalRoutine;
    PVOID context = Apc->NormalContext, a1 = Apc->SystemArgument1, a2 = Apc->SystemArgument2;
    KIRQL irql;

    TrLog(TR_APC_RUN, Thread->Header.Id, normal == NULL, 0);
    Apc->KernelRoutine(Apc, &normal, &context, &a1, &a2);
    if (normal == NULL)
        return;
    Thread->KernelApcInProgress = TRUE;
    KeLowerIrql(PASSIVE_LEVEL);
    normal(context, a1, a2);
    KeRaiseIrql(APC_LEVEL, &irql);
    Thread->KernelApcInProgress = FALSE;
}

/* Delivers the current thread's deliverable APCs; called at APC_LEVEL. */
VOID KiDeliverApc(VOID)
{
    PKTHREAD t = KeGetCurrentThread();

    for (;;) {
        KIRQL irql = KiLockDispatcherDatabase();
        PKAPC apc;

        if (IsListEmpty(&t->ApcListHead))
            t->KernelApcPending = FALSE;
        if (!KiApcDeliverable(t, PASSIVE_LEVEL)) {
            KiUnlockDispatcherDatabase(irql);
            return;
        }
        apc = CONTAINING_RECORD(RemoveHeadList(&t->ApcListHead), KAPC, ApcListEntry);
        apc->Inserted = FALSE;
        if (IsListEmpty(&t->ApcListHead))
            t->KernelApcPending = FALSE;
        KiUnlockDispatcherDatabase(irql);
        KiRunApc(t, apc);
    }
}

/* Runs the current thread's first user-mode APC (its KernelRoutine, at
   PASSIVE_LEVEL); called on the way back to ring 3 while one is pending. */
VOID KiDeliverUserApc(VOID)
{
    PKTHREAD t = KeGetCurrentThread();
    KIRQL irql = KiLockDispatcherDatabase();
    PKNORMAL_ROUTINE normal = NULL;
    PVOID context, a1, a2;
    PKAPC apc;

    if (IsListEmpty(&t->UserApcListHead)) {
        t->UserApcPending = FALSE;
        KiUnlockDispatcherDatabase(irql);
        return;
    }
    apc = CONTAINING_RECORD(RemoveHeadList(&t->UserApcListHead), KAPC, ApcListEntry);
    apc->Inserted = FALSE;
    t->UserApcPending = !IsListEmpty(&t->UserApcListHead);
    KiUnlockDispatcherDatabase(irql);
    context = apc->NormalContext;
    a1 = apc->SystemArgument1;
    a2 = apc->SystemArgument2;
    TrLog(TR_APC_RUN, t->Header.Id, 2, 0);
    apc->KernelRoutine(apc, &normal, &context, &a1, &a2);
}

VOID KeEnterCriticalRegion(VOID)
{
    KeGetCurrentThread()->KernelApcDisable--;
}

VOID KeLeaveCriticalRegion(VOID)
{
    PKTHREAD t = KeGetCurrentThread();

    if (++t->KernelApcDisable == 0 && KiApcDeliverable(t, KeGetCurrentIrql())) {
        KIRQL irql;
        KeRaiseIrql(APC_LEVEL, &irql);
        KeLowerIrql(irql);
    }
}

/* The thread is ending: no more APCs; those still queued get their
   RundownRoutine (at the caller's level) instead of running. */
VOID KiRundownApcs(PKTHREAD Thread)
{
    KIRQL irql = KiLockDispatcherDatabase();
    LIST_ENTRY list;

    Thread->ApcQueueable = FALSE;
    InitializeListHead(&list);
    while (!IsListEmpty(&Thread->ApcListHead))
        InsertTailList(&list, RemoveHeadList(&Thread->ApcListHead));
    while (!IsListEmpty(&Thread->UserApcListHead))
        InsertTailList(&list, RemoveHeadList(&Thread->UserApcListHead));
    Thread->KernelApcPending = FALSE;
    Thread->UserApcPending = FALSE;
    KiUnlockDispatcherDatabase(irql);
    while (!IsListEmpty(&list)) {
        PKAPC apc = CONTAINING_RECORD(RemoveHeadList(&list), KAPC, ApcListEntry);
        apc->Inserted = FALSE;
        if (apc->RundownRoutine != NULL)
            apc->RundownRoutine(apc);
    }
}
