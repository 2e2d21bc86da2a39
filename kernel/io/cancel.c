/*
 * cancel.c - cancelling IRPs.
 *
 * A driver that holds an IRP for a while (queued, waiting on the wire) sets
 * a cancel routine. IoCancelIrp marks the IRP cancelled and, if a routine
 * is set, takes it off and calls it with the cancel spinlock held; the
 * routine releases the lock and completes the IRP with STATUS_CANCELLED.
 * A driver completing an IRP must first take its cancel routine back with
 * IoSetCancelRoutine(Irp, NULL) - the verifier bugchecks otherwise.
 *
 * IoCancelThreadIo cancels every IRP a thread issued and waits (a bounded
 * time) for them to finish: a thread that ends leaves no I/O behind.
 */
#include "io/io.h"
#include "ps/ps.h"
#include "trace/trace.h"

KSPIN_LOCK IopThreadIrpLock = KSPIN_LOCK_INIT(LockRankIoThreadIrp, "IopThreadIrpLock");
static KSPIN_LOCK IopCancelSpinLock = KSPIN_LOCK_INIT(LockRankIoCancel, "IopCancelSpinLock");

#define CANCEL_WAIT_ROUNDS 100      /* x 10 ms of kernel time */

VOID IoAcquireCancelSpinLock(PKIRQL Irql)
{
    KeAcquireSpinLock(&IopCancelSpinLock, Irql);
}

VOID IoReleaseCancelSpinLock(KIRQL Irql)
{
    KeReleaseSpinLock(&IopCancelSpinLock, Irql);
}

/* Swaps the cancel routine; returns the one that was set. */
PDRIVER_CANCEL IoSetCancelRoutine(PIRP Irp, PDRIVER_CANCEL CancelRoutine)
{
    KIRQL irql;
    PDRIVER_CANCEL old;

    KeRaiseIrql(HIGH_LEVEL, &irql);
    old = Irp->CancelRoutine;
    Irp->CancelRoutine = CancelRoutine;
    KeLowerIrql(irql);
    return old;
}

BOOLEAN IoCancelIrp(PIRP Irp)
{
    PDRIVER_CANCEL routine;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    Irp->Cancel = TRUE;
    routine = IoSetCancelRoutine(Irp, NULL);
    TrLog(TR_IRP_CANCEL, Irp->Id, routine != NULL, 0);
    if (routine == NULL) {
        IoReleaseCancelSpinLock(irql);
        return FALSE;
    }
    IopVerifierLog(IoGetCurrentIrpStackLocation(Irp)->DeviceObject, Irp,
                   IoGetCurrentIrpStackLocation(Irp), IRP_LOG_CANCEL, STATUS_CANCELLED);
    Irp->CancelIrql = irql;
    routine(IoGetCurrentIrpStackLocation(Irp)->DeviceObject, Irp);
    return TRUE;
}

/* Cancels the first of Thread's IRPs not yet asked; FALSE when none is left
   to ask. */
static BOOLEAN IopCancelOne(PETHREAD Thread)
{
    KIRQL irql;
    PIRP found = NULL;

    KeAcquireSpinLock(&IopThreadIrpLock, &irql);
    for (PLIST_ENTRY e = Thread->IrpList.Flink; e != &Thread->IrpList; e = e->Flink) {
        PIRP irp = CONTAINING_RECORD(e, IRP, ThreadListEntry);
        if (!irp->Cancel) {
            irp->Cancel = TRUE;     /* asked once; IoCancelIrp sets it again */
            found = irp;
            break;
        }
    }
    KeReleaseSpinLock(&IopThreadIrpLock, irql);
    if (found != NULL)
        IoCancelIrp(found);
    return found != NULL;
}

VOID IoCancelThreadIo(PETHREAD Thread)
{
    LONG64 tick = -10 * (LONG64)KTIME_PER_MS;
    ULONG round;

    while (IopCancelOne(Thread))
        ;
    for (round = 0; round < CANCEL_WAIT_ROUNDS && !IsListEmpty(&Thread->IrpList); round++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
}
