/*
 * verifier.c - the IRP verifier, always on: the I/O rules a driver must
 * keep, checked where they can be broken, each a bugcheck with NT's code -
 *   completing an IRP twice                 MULTIPLE_IRP_COMPLETE_REQUESTS
 *   completing with a cancel routine set    DRIVER_VERIFIER_IOMANAGER_VIOLATION 0x20C
 *   completing with STATUS_PENDING          DRIVER_VERIFIER_IOMANAGER_VIOLATION 0x209
 *   returning STATUS_PENDING unmarked       DRIVER_VERIFIER_IOMANAGER_VIOLATION 0x208
 *   marking pending, returning another      DRIVER_VERIFIER_IOMANAGER_VIOLATION 0x20A
 *   passing an IRP past its last location   NO_MORE_IRP_STACK_LOCATIONS (irp.c)
 * - plus a log of the last IRP events per device (for `devobj` in gdb and
 * for post-mortems) and the count of IRPs alive, which the leak audit at
 * the end of every test compares with its baseline.
 */
#include "boot/i386.h"
#include "io/io.h"
#include "trace/trace.h"

static volatile LONG IopIrpsAlive;

VOID IopIrpAllocated(VOID)
{
    __atomic_add_fetch(&IopIrpsAlive, 1, __ATOMIC_SEQ_CST);
}

VOID IopIrpFreed(VOID)
{
    __atomic_sub_fetch(&IopIrpsAlive, 1, __ATOMIC_SEQ_CST);
}

LONG IoOutstandingIrps(VOID)
{
    return IopIrpsAlive;
}

/* Sp: the stack location the event is about (the IRP's current one may
   already be past the top). */
VOID IopVerifierLog(PDEVICE_OBJECT Device, PIRP Irp, PIO_STACK_LOCATION Sp, UCHAR Event,
                    NTSTATUS Status)
{
    IRP_LOG_ENTRY *e;
    ULONG flags = KiReadEFlags();

    if (Device == NULL)
        return;
    _disable();                 /* five stores: no IRQL dance needed */
    e = &Device->IrpLog[Device->IrpLogNext++ % IRP_LOG_SIZE];
    e->IrpId = Irp->Id;
    e->MajorFunction = Sp->MajorFunction;
    e->Event = Event;
    e->Status = Status;
    if (flags & EFLAGS_IF)
        _enable();
}

VOID IopVerifierCheckCompletion(PIRP Irp)
{
    if (Irp == NULL || Irp->Type != IO_TYPE_IRP || Irp->Completed)
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, Irp ? Irp->Id : 0, 0, 0);
    if (Irp->CancelRoutine != NULL)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VERIFIER_COMPLETE_WITH_CANCEL,
                     (ULONG_PTR)Irp->CancelRoutine, (ULONG_PTR)Irp, Irp->Id);
    if (Irp->IoStatus.Status == STATUS_PENDING)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VERIFIER_COMPLETE_PENDING,
                     (ULONG_PTR)Irp, Irp->Id, 0);
}

static VOID IopPendingNotMarked(PDEVICE_OBJECT Device, PIRP Irp)
{
    KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VERIFIER_PENDING_NOT_MARKED,
                 (ULONG_PTR)Device, (ULONG_PTR)Irp, Irp->Id);
}

/*
 * After a dispatch routine returned Status for the location Sp. A location
 * that returned STATUS_PENDING must be marked pending by the time the
 * completion walks past it - by its own IoMarkIrpPending before returning,
 * or by its completion routine seeing PendingReturned. If the walk is
 * already past, check now; if not, note it for IopVerifierCheckUnwind. The
 * look and the note are one step at DISPATCH_LEVEL: a completion from a DPC
 * or another thread landing between them would pass unseen by both checks.
 */
VOID IopVerifierCheckDispatch(PDEVICE_OBJECT Device, PIRP Irp, PIO_STACK_LOCATION Sp,
                              NTSTATUS Status)
{
    BOOLEAN walkedPast;
    KIRQL irql;

    if (Status != STATUS_PENDING) {
        if (Sp->Control & SL_PENDING_RETURNED)
            KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VERIFIER_MARKED_NOT_PENDING,
                         (ULONG_PTR)Device, (ULONG_PTR)Irp, (ULONG_PTR)Status);
        return;
    }
    KeRaiseIrql(DISPATCH_LEVEL, &irql);
    walkedPast = Irp->CurrentLocation > (Sp - Irp->Stack) + 1;
    if (walkedPast && !(Sp->Control & SL_PENDING_RETURNED))
        IopPendingNotMarked(Device, Irp);
    if (!walkedPast)
        Sp->Control |= SL_VERIFIER_PENDED;
    KeLowerIrql(irql);
    IopVerifierLog(Device, Irp, Sp, IRP_LOG_PEND, Status);
    TrLog(TR_IRP_PEND, Irp->Id, Device->Id, 0);
}

/* The completion is about to walk past Sp. */
VOID IopVerifierCheckUnwind(PIRP Irp, PIO_STACK_LOCATION Sp)
{
    if ((Sp->Control & SL_VERIFIER_PENDED) && !(Sp->Control & SL_PENDING_RETURNED))
        IopPendingNotMarked(Sp->DeviceObject, Irp);
}
