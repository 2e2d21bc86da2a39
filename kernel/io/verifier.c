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
 * for post-mortems) and the IRPs alive: their count, which the leak audit
 * at the end of every test compares with its baseline, and their list,
 * which the shell's `irps` shows (IoQueryIrps, NtQuerySystemInformation).
 *
 * IopIrpAliveLock guards IopIrpAliveList and every IRP's AliveListEntry;
 * a leaf: nothing else is acquired under it.
 */
#include "boot/i386.h"
#include <string.h>
#include "io/io.h"
#include "ps/ps.h"
#include "trace/trace.h"

static volatile LONG IopIrpsAlive;
static KSPIN_LOCK IopIrpAliveLock = KSPIN_LOCK_INIT(LockRankIoIrpAlive, "IopIrpAliveLock");
static LIST_ENTRY IopIrpAliveList = { &IopIrpAliveList, &IopIrpAliveList };

VOID IopIrpAllocated(PIRP Irp)
{
    KIRQL irql;

    __atomic_add_fetch(&IopIrpsAlive, 1, __ATOMIC_SEQ_CST);
    KeAcquireSpinLock(&IopIrpAliveLock, &irql);
    InsertTailList(&IopIrpAliveList, &Irp->AliveListEntry);
    KeReleaseSpinLock(&IopIrpAliveLock, irql);
}

VOID IopIrpFreed(PIRP Irp)
{
    KIRQL irql;

    __atomic_sub_fetch(&IopIrpsAlive, 1, __ATOMIC_SEQ_CST);
    KeAcquireSpinLock(&IopIrpAliveLock, &irql);
    RemoveEntryList(&Irp->AliveListEntry);
    KeReleaseSpinLock(&IopIrpAliveLock, irql);
}

/* One IRP as the shell's `irps` shows it; the device it is at goes to
   *Device, referenced (NULL before the first IoCallDriver). */
static VOID IopDescribeIrp(PIRP Irp, SYSTEM_IRPLAB_IRP *r, PDEVICE_OBJECT *Device)
{
    BOOLEAN sent = Irp->CurrentLocation <= Irp->StackCount && Irp->CurrentLocation > 0;
    PIO_STACK_LOCATION sp = sent ? IoGetCurrentIrpStackLocation(Irp)
                                 : IoGetNextIrpStackLocation(Irp);
    /* every thread that issues IRPs is an ETHREAD (Ps makes them all) */
    PETHREAD t = Irp->Tail.Thread != NULL ? CONTAINING_RECORD(Irp->Tail.Thread, ETHREAD, Tcb)
                                          : NULL;

    memset(r, 0, sizeof(*r));
    r->Id = Irp->Id;
    r->MajorFunction = sp->MajorFunction;
    r->Level = sent ? (UCHAR)Irp->CurrentLocation : 0;
    r->StackCount = (UCHAR)Irp->StackCount;
    r->Flags = ((sp->Control & SL_PENDING_RETURNED) ? IRPLAB_IRP_PENDING : 0) |
               (Irp->Cancel ? IRPLAB_IRP_CANCEL : 0) |
               (Irp->CancelRoutine != NULL ? IRPLAB_IRP_CANCELABLE : 0) |
               (Irp->Completed ? IRPLAB_IRP_COMPLETED : 0);
    r->Status = Irp->IoStatus.Status;
    r->ThreadId = t != NULL ? t->Cid.UniqueThread : 0;
    r->ProcessId = t != NULL ? t->Cid.UniqueProcess : 0;
    *Device = sent ? sp->DeviceObject : NULL;
    if (*Device != NULL)
        ObReferenceObject(*Device);
}

/* The IRPs alive, oldest first: at most Count described in Records, with
   the device each is at in Devices (referenced, or NULL; the caller names
   and dereferences them). Returns how many IRPs are alive. */
ULONG IoQueryIrps(SYSTEM_IRPLAB_IRP *Records, PDEVICE_OBJECT *Devices, ULONG Count)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&IopIrpAliveLock, &irql);
    for (PLIST_ENTRY e = IopIrpAliveList.Flink; e != &IopIrpAliveList; e = e->Flink, n++) {
        if (n < Count)
            IopDescribeIrp(CONTAINING_RECORD(e, IRP, AliveListEntry), &Records[n], &Devices[n]);
    }
    KeReleaseSpinLock(&IopIrpAliveLock, irql);
    return n;
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
