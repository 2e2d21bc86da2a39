/*
 * dpc.c - deferred procedure calls: the half of an interrupt that runs at
 * DISPATCH_LEVEL. An interrupt routine queues a DPC; the queue is drained
 * when the level next drops below DISPATCH_LEVEL (irql.c), in order, with
 * interrupts on. A DPC queued twice before it runs runs once.
 *
 * The queue is shared with interrupt routines, so it is touched only with
 * interrupts off. Device DPCs are marked untraced (KeSetUntracedDpc).
 */
#include "boot/i386.h"
#include "ke/ke.h"
#include "trace/trace.h"

volatile BOOLEAN KiDpcPending;
static LIST_ENTRY KiDpcListHead = { &KiDpcListHead, &KiDpcListHead };

VOID KeInitializeDpc(PKDPC Dpc, PKDEFERRED_ROUTINE Routine, PVOID Context)
{
    Dpc->DeferredRoutine = Routine;
    Dpc->DeferredContext = Context;
    Dpc->Inserted = FALSE;
    Dpc->Untraced = FALSE;
    Dpc->Id = KiNextObjectId();
}

/*
 * A device's DPC runs when its interrupt came, which is real-world timing:
 * under sched=pct it must leave no mark in the trace (the device's data
 * reaches threads through a scheduler decision instead), or two runs of one
 * seed would differ.
 */
VOID KeSetUntracedDpc(PKDPC Dpc)
{
    Dpc->Untraced = TRUE;
}

/* Returns FALSE when the DPC was already queued. Any IRQL. */
BOOLEAN KeInsertQueueDpc(PKDPC Dpc, PVOID Arg1, PVOID Arg2)
{
    ULONG flags = KiReadEFlags();
    BOOLEAN inserted = FALSE;

    _disable();
    if (!Dpc->Inserted) {
        Dpc->SystemArgument1 = Arg1;
        Dpc->SystemArgument2 = Arg2;
        Dpc->Inserted = TRUE;
        InsertTailList(&KiDpcListHead, &Dpc->DpcListEntry);
        KiDpcPending = TRUE;
        inserted = TRUE;
    }
    if (flags & EFLAGS_IF)
        _enable();
    if (inserted && KeGetCurrentIrql() < DISPATCH_LEVEL) {
        KIRQL irql = KeRaiseIrqlToDpcLevel();   /* lowering again runs it */
        KeLowerIrql(irql);
    }
    return inserted;
}

BOOLEAN KeRemoveQueueDpc(PKDPC Dpc)
{
    ULONG flags = KiReadEFlags();
    BOOLEAN was;

    _disable();
    was = Dpc->Inserted;
    if (was) {
        RemoveEntryList(&Dpc->DpcListEntry);
        Dpc->Inserted = FALSE;
    }
    if (flags & EFLAGS_IF)
        _enable();
    return was;
}

/* Runs every queued DPC, at DISPATCH_LEVEL. */
VOID KiRetireDpcList(VOID)
{
    for (;;) {
        PKDPC dpc;

        _disable();
        if (IsListEmpty(&KiDpcListHead)) {
            KiDpcPending = FALSE;
            _enable();
            return;
        }
        dpc = CONTAINING_RECORD(RemoveHeadList(&KiDpcListHead), KDPC, DpcListEntry);
        dpc->Inserted = FALSE;
        _enable();
        if (!dpc->Untraced)
            TrLog(TR_DPC, dpc->Id, 0, 0);
        dpc->DeferredRoutine(dpc, dpc->DeferredContext, dpc->SystemArgument1,
                             dpc->SystemArgument2);
    }
}
