/*
 * nwrfsp.c - the FSP: each server connection's work queue and the system
 * thread that empties it. A read or write is posted here by the dispatch
 * routine, which returns STATUS_PENDING at once; the worker takes one IRP
 * at a time (NCP allows one request per connection), runs its routine on
 * the wire and completes it. Different connections - different processes,
 * or different servers - each have their own worker, so their I/O is on
 * the wire at once.
 *
 * A queued IRP can be cancelled (NwrpCancelQueued completes it with
 * STATUS_CANCELLED); one the worker has taken cannot: NCP has no way to
 * take back a request, and the client's time-out bounds how long it runs.
 * The queue and each server's Stopping flag are guarded by the I/O cancel
 * spinlock: an IRP on a queue always has its cancel routine set, and
 * taking it off and clearing the routine happen under that lock.
 *
 * Interface: NwrStartWorker, NwrStopWorker, NwrPostWork.
 */
#include "drivers/nwrdr/nwrdrp.h"

#define NWR_IRP_ROUTINE(Irp)    ((Irp)->Tail.Apc.NormalContext)

static VOID NwrpCancelQueued(PDEVICE_OBJECT Device, PIRP Irp)
{
    RemoveEntryList(&Irp->Tail.Apc.ApcListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    NwrLock();
    NwrData.Stats.Cancelled++;
    NwrUnlock();
    NwrComplete(Irp, STATUS_CANCELLED, 0);
}

/* Queues Irp for the server's worker; STATUS_PENDING, or the IRP is
   completed at once (cancelled already, or the server is stopping). */
NTSTATUS NwrPostWork(PNWR_SERVER Server, PIRP Irp, PNWR_WORK_ROUTINE Routine)
{
    NTSTATUS refused = STATUS_SUCCESS;
    KIRQL irql;

    IoMarkIrpPending(Irp);
    NWR_IRP_ROUTINE(Irp) = (PVOID)Routine;
    IoAcquireCancelSpinLock(&irql);
    if (Server->Stopping)
        refused = STATUS_REDIRECTOR_NOT_STARTED;
    else if (Irp->Cancel)
        refused = STATUS_CANCELLED;
    if (refused == STATUS_SUCCESS) {
        InsertTailList(&Server->Queue, &Irp->Tail.Apc.ApcListEntry);
        IoSetCancelRoutine(Irp, NwrpCancelQueued);
    }
    IoReleaseCancelSpinLock(irql);
    if (refused != STATUS_SUCCESS)
        NwrComplete(Irp, refused, 0);
    else
        KeSetEvent(&Server->Work, 0, FALSE);
    return STATUS_PENDING;
}

/* The next IRP, off the queue with its cancel routine cleared; NULL when
   the queue is empty. *Stop tells the worker to end. */
static PIRP NwrpTakeWork(PNWR_SERVER Server, BOOLEAN *Stop)
{
    PIRP irp = NULL;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    if (!IsListEmpty(&Server->Queue)) {
        irp = CONTAINING_RECORD(RemoveHeadList(&Server->Queue), IRP, Tail.Apc.ApcListEntry);
        IoSetCancelRoutine(irp, NULL);
        Server->Active = irp;
    }
    *Stop = Server->Stopping && irp == NULL;
    IoReleaseCancelSpinLock(irql);
    return irp;
}

static VOID NwrpWorker(PVOID Context)
{
    PNWR_SERVER server = Context;
    BOOLEAN stop = FALSE;

    while (!stop) {
        PIRP irp = NwrpTakeWork(server, &stop);
        if (irp == NULL) {
            if (!stop)
                KeWaitForSingleObject(&server->Work, Executive, KernelMode, FALSE, NULL);
            continue;
        }
        PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
        PNWR_WORK_ROUTINE routine = (PNWR_WORK_ROUTINE)NWR_IRP_ROUTINE(irp);
        NTSTATUS status = routine(file->FsContext2, irp);
        server->Active = NULL;
        NwrComplete(irp, status, irp->IoStatus.Information);
    }
}

NTSTATUS NwrStartWorker(PNWR_SERVER Server)
{
    InitializeListHead(&Server->Queue);
    KeInitializeEvent(&Server->Work, SynchronizationEvent, FALSE);
    return PsCreateSystemThread(NULL, "nwrdr", NwrpWorker, Server, &Server->Worker);
}

/* No more work is taken for Server; what is queued is cancelled. */
static VOID NwrpDrainWork(PNWR_SERVER Server)
{
    LIST_ENTRY drained;
    ULONG n = 0;
    KIRQL irql;

    InitializeListHead(&drained);
    IoAcquireCancelSpinLock(&irql);
    Server->Stopping = TRUE;
    while (!IsListEmpty(&Server->Queue)) {
        PIRP irp = CONTAINING_RECORD(RemoveHeadList(&Server->Queue), IRP, Tail.Apc.ApcListEntry);
        IoSetCancelRoutine(irp, NULL);
        InsertTailList(&drained, &irp->Tail.Apc.ApcListEntry);
    }
    IoReleaseCancelSpinLock(irql);
    while (!IsListEmpty(&drained)) {
        PIRP irp = CONTAINING_RECORD(RemoveHeadList(&drained), IRP, Tail.Apc.ApcListEntry);
        NwrComplete(irp, STATUS_CANCELLED, 0);
        n++;
    }
    KeSetEvent(&Server->Work, 0, FALSE);
    NwrLock();
    NwrData.Stats.Cancelled += n;
    NwrUnlock();
}

/* Drains the queue and waits for the worker to end (it finishes the IRP
   it has taken first); one stopped already (stop does it early) is left
   be. Never called on the worker itself, nor twice at once for a server:
   stop calls it holding a reference, the server's end after the last. */
VOID NwrStopWorker(PNWR_SERVER Server)
{
    if (Server->Worker == NULL)
        return;
    NwrpDrainWork(Server);
    KeWaitForSingleObject(Server->Worker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Server->Worker);
    Server->Worker = NULL;
}
