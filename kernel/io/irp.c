/*
 * irp.c - IRPs: allocation, IoCallDriver, IoCompleteRequest.
 *
 * An IRP carries one IO_STACK_LOCATION per driver it may pass through.
 * CurrentLocation starts at StackCount + 1; IoCallDriver moves it down one
 * (running out is NO_MORE_IRP_STACK_LOCATIONS) and calls the driver's
 * dispatch routine for that location's major function. IoCompleteRequest
 * walks back up, calling each completion routine its SL_INVOKE_ON_* bits
 * ask for, with the device of the level that set it; a routine returning
 * STATUS_MORE_PROCESSING_REQUIRED stops the walk and owns the IRP again.
 * Past the top, the IRP is finished in its issuing thread by a special
 * kernel APC (IopCompleteRequest): status to the caller's IO_STATUS_BLOCK,
 * buffered data to the caller's buffer (also with a warning status such as
 * STATUS_BUFFER_OVERFLOW: part of the answer) - both through the fault-safe copy
 * when the caller is a process (RequestorMode), in its own address space -
 * the event set, the IRP freed. The
 * I/O manager's own CREATE, CLEANUP and CLOSE IRPs are finished at once
 * instead (IRP_DIRECT_COMPLETION), as NT does for close operations: they
 * may be sent at APC_LEVEL, where no APC could reach them. And as in NT, a
 * native call's IRP carries IRP_DEFER_IO_COMPLETION: if it is completed
 * without being pended - inside the dispatch routine - the APC is skipped
 * and the call finishes the IRP itself when IoCallDriver returns; the
 * verifier holds drivers to the rule that makes this safe (a level that
 * marks an IRP pending returns STATUS_PENDING).
 *
 * The verifier holds an IRP alive while any IoCallDriver for it is still on
 * the stack (InDispatch), so it can look at the IRP after the driver
 * returns - and so can a driver that completes it and then touches it.
 */
#include <string.h>
#include "ex/ex.h"
#include "io/io.h"
#include "trace/trace.h"

#define IRP_TAG POOL_TAG('I', 'r', 'p', ' ')
#define IRP_LOOKASIDE_STACK 4       /* IRPs this deep come from the lookaside */
#define IRP_LOOKASIDE_DEPTH 16

static NPAGED_LOOKASIDE_LIST IopIrpLookaside;

VOID IopInitializeIrpLookaside(VOID)
{
    ExInitializeNPagedLookasideList(&IopIrpLookaside, sizeof(IRP) + IRP_LOOKASIDE_STACK *
                                    sizeof(IO_STACK_LOCATION), IRP_TAG, IRP_LOOKASIDE_DEPTH);
}

PIRP IoAllocateIrp(CHAR StackSize, BOOLEAN ChargeQuota)
{
    SIZE_T size = sizeof(IRP) + (SIZE_T)StackSize * sizeof(IO_STACK_LOCATION);
    PIRP irp;

    if (StackSize <= 0)
        return NULL;
    if (StackSize <= IRP_LOOKASIDE_STACK)
        irp = ExAllocateFromNPagedLookasideList(&IopIrpLookaside);
    else
        irp = ExAllocatePoolWithTag(NonPagedPool, size, IRP_TAG);
    if (irp == NULL)
        return NULL;
    memset(irp, 0, size);
    irp->Type = IO_TYPE_IRP;
    irp->Size = (USHORT)size;
    irp->Id = ++IopSerialIds.Irp;
    irp->StackCount = StackSize;
    irp->CurrentLocation = StackSize + 1;
    irp->Tail.CurrentStackLocation = &irp->Stack[(UCHAR)StackSize];
    InitializeListHead(&irp->ThreadListEntry);
    IopIrpAllocated(irp);
    return irp;
}

VOID IoFreeIrp(PIRP Irp)
{
    if (Irp->InDispatch != 0) {
        Irp->FreeDeferred = TRUE;
        return;
    }
    Irp->Type = 0;
    IopIrpFreed(Irp);
    if (Irp->StackCount <= IRP_LOOKASIDE_STACK)
        ExFreeToNPagedLookasideList(&IopIrpLookaside, Irp);
    else
        ExFreePoolWithTag(Irp, IRP_TAG);
}

VOID IoSetCompletionRoutine(PIRP Irp, PIO_COMPLETION_ROUTINE Routine, PVOID Context,
                            BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel)
{
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);

    next->CompletionRoutine = Routine;
    next->Context = Context;
    next->Control = (InvokeOnSuccess ? SL_INVOKE_ON_SUCCESS : 0) |
                    (InvokeOnError ? SL_INVOKE_ON_ERROR : 0) |
                    (InvokeOnCancel ? SL_INVOKE_ON_CANCEL : 0);
}

NTSTATUS IoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp;
    NTSTATUS status;

    if (Irp == NULL || Irp->Type != IO_TYPE_IRP)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x200, (ULONG_PTR)Irp, 0, 0);
    if (--Irp->CurrentLocation <= 0)
        KeBugCheckEx(NO_MORE_IRP_STACK_LOCATIONS, (ULONG_PTR)Irp, 0, 0, 0);
    sp = --Irp->Tail.CurrentStackLocation;
    sp->DeviceObject = DeviceObject;
    Irp->Completed = FALSE;
    IopVerifierLog(DeviceObject, Irp, sp, IRP_LOG_DISPATCH, STATUS_SUCCESS);
    TrLog(TR_IRP_DISPATCH, Irp->Id, DeviceObject->Id, sp->MajorFunction);
    Irp->InDispatch++;
    KiSchedulePoint(POINT_IO);
    status = DeviceObject->DriverObject->MajorFunction[sp->MajorFunction](DeviceObject, Irp);
    IopVerifierCheckDispatch(DeviceObject, Irp, sp, status);
    if (--Irp->InDispatch == 0 && Irp->FreeDeferred)
        IoFreeIrp(Irp);
    return status;
}

/* Copies the result out and wakes the issuer; then frees what was the I/O
   manager's. Runs in the issuing thread (from the APC) or, for a direct
   completion, in whoever completed it. */
static VOID IopFinishIrp(PIRP Irp)
{
    KPROCESSOR_MODE mode = Irp->RequestorMode;
    PFILE_OBJECT file = Irp->Tail.OriginalFileObject;

    if ((Irp->Flags & IRP_INPUT_OPERATION) && !NT_ERROR(Irp->IoStatus.Status) &&
        Irp->UserBuffer != NULL && Irp->SystemBuffer != NULL &&
        !NT_SUCCESS(ExCopyToCaller(mode, Irp->UserBuffer, Irp->SystemBuffer,
                                   Irp->IoStatus.Information))) {
        Irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
        Irp->IoStatus.Information = 0;
    }
    if (Irp->UserIosb != NULL)
        ExCopyToCaller(mode, Irp->UserIosb, &Irp->IoStatus, sizeof(Irp->IoStatus));
    if (Irp->UserEvent != NULL) {
        KeSetEvent(Irp->UserEvent, 0, FALSE);
    } else if (file != NULL) {
        file->FinalStatus = Irp->IoStatus.Status;
        KeSetEvent(&file->Event, 0, FALSE);
    }
}

/* The end of a native call's IRP, in its issuing thread: from the APC, or
   from the call itself when completion was deferred. */
VOID IopCompleteIrp(PIRP irp)
{
    PFILE_OBJECT file = irp->Tail.OriginalFileObject;
    KIRQL irql;

    IopFinishIrp(irp);
    KeAcquireSpinLock(&IopThreadIrpLock, &irql);
    RemoveEntryList(&irp->ThreadListEntry);
    InitializeListHead(&irp->ThreadListEntry);
    KeReleaseSpinLock(&IopThreadIrpLock, irql);
    if (irp->Flags & IRP_DEALLOCATE_BUFFER)
        ExFreePoolWithTag(irp->SystemBuffer, POOL_TAG('I', 'o', 'B', 'f'));
    if (irp->AuxiliaryBuffer != NULL)
        ExFreePoolWithTag(irp->AuxiliaryBuffer, POOL_TAG('I', 'o', 'A', 'x'));
    if (irp->Flags & IRP_EVENT_REFERENCED)
        ObDereferenceObject(irp->UserEvent);
    IoFreeIrp(irp);
    if (file != NULL)
        ObDereferenceObject(file);
}

static VOID IopCompleteRequest(PKAPC Apc, PKNORMAL_ROUTINE *Normal, PVOID *Context, PVOID *A1,
                               PVOID *A2)
{
    IopCompleteIrp(CONTAINING_RECORD(Apc, IRP, Tail.Apc));
}

static BOOLEAN IopShouldInvoke(UCHAR Control, PIRP Irp)
{
    if (Irp->Cancel && (Control & SL_INVOKE_ON_CANCEL))
        return TRUE;
    if (NT_SUCCESS(Irp->IoStatus.Status))
        return (Control & SL_INVOKE_ON_SUCCESS) != 0;
    return (Control & SL_INVOKE_ON_ERROR) != 0;
}

/* Walks up the stack; FALSE when a completion routine took the IRP back. */
static BOOLEAN IopUnwindIrp(PIRP Irp)
{
    while (Irp->CurrentLocation <= Irp->StackCount) {
        PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
        PIO_COMPLETION_ROUTINE routine = sp->CompletionRoutine;
        UCHAR control = sp->Control;
        PDEVICE_OBJECT upper;

        IopVerifierCheckUnwind(Irp, sp);
        IopVerifierLog(sp->DeviceObject, Irp, sp, IRP_LOG_COMPLETE, Irp->IoStatus.Status);
        Irp->PendingReturned = (control & SL_PENDING_RETURNED) != 0;
        Irp->CurrentLocation++;
        Irp->Tail.CurrentStackLocation++;
        upper = Irp->CurrentLocation <= Irp->StackCount ?
                IoGetCurrentIrpStackLocation(Irp)->DeviceObject : NULL;
        if (routine != NULL && IopShouldInvoke(control, Irp)) {
            if (routine(upper, Irp, sp->Context) == STATUS_MORE_PROCESSING_REQUIRED) {
                Irp->Completed = FALSE;
                return FALSE;
            }
        } else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount) {
            IoMarkIrpPending(Irp);      /* no routine to do it: pass pending up */
        }
    }
    return TRUE;
}

VOID IoCompleteRequest(PIRP Irp, CHAR PriorityBoost)
{
    IopVerifierCheckCompletion(Irp);
    Irp->Completed = TRUE;
    TrLog(TR_IRP_COMPLETE, Irp->Id, (ULONG)Irp->IoStatus.Status, 0);
    if (!IopUnwindIrp(Irp))
        return;
    if ((Irp->Flags & IRP_DEFER_IO_COMPLETION) && !Irp->PendingReturned) {
        /* completed inside the dispatch routine: the issuer, still in
           IoCallDriver below us, finishes it (IopSendRequest) - no APC */
    } else if ((Irp->Flags & IRP_DIRECT_COMPLETION) || Irp->Tail.Thread == NULL) {
        IopFinishIrp(Irp);
    } else {
        KeInitializeApc(&Irp->Tail.Apc, Irp->Tail.Thread, IopCompleteRequest, NULL, NULL,
                        KernelMode, NULL);
        if (!KeInsertQueueApc(&Irp->Tail.Apc, NULL, NULL, PriorityBoost))
            IopCompleteRequest(&Irp->Tail.Apc, NULL, NULL, NULL, NULL);
    }
    KiSchedulePoint(POINT_IO);
}

/* An IRP for a request nobody can be told has failed - CLEANUP when a
   file's last handle closes, CLOSE when its last reference goes - as NT's
   IopAllocateIrpMustSucceed gets one: when the pool says no, wait a
   millisecond and ask again. Without it the driver never hears of the
   close, and what it keeps for the open (NWRDR: the CCB, the FCB, the
   server's file handle, the tie's count of open files) is lost. */
static PIRP IopAllocateIrpMustSucceed(CHAR StackSize)
{
    LONG64 pause = -(LONG64)KTIME_PER_MS;
    PIRP irp;

    while ((irp = IoAllocateIrp(StackSize, FALSE)) == NULL)
        KeDelayExecutionThread(KernelMode, FALSE, &pause);
    return irp;
}

/*
 * An IRP the I/O manager sends and waits for itself: Event and Iosb live
 * on the caller's stack, the first stack location is filled in for Major.
 * NULL only for a CREATE: CLEANUP and CLOSE must be sent.
 */
PIRP IopBuildIrp(PDEVICE_OBJECT Device, PFILE_OBJECT File, UCHAR Major, PKEVENT Event,
                 PIO_STATUS_BLOCK Iosb)
{
    PIRP irp = Major == IRP_MJ_CREATE ? IoAllocateIrp(Device->StackSize, FALSE)
                                      : IopAllocateIrpMustSucceed(Device->StackSize);
    PIO_STACK_LOCATION sp;

    if (irp == NULL)
        return NULL;
    KeInitializeEvent(Event, NotificationEvent, FALSE);
    irp->UserEvent = Event;
    irp->UserIosb = Iosb;
    irp->Tail.Thread = KeGetCurrentThread();
    irp->Flags = IRP_DIRECT_COMPLETION;
    sp = IoGetNextIrpStackLocation(irp);
    sp->MajorFunction = Major;
    sp->FileObject = File;
    return irp;
}

/* Sends a built IRP, waits for it, frees it; returns its final status. */
NTSTATUS IopSynchronousCall(PDEVICE_OBJECT Device, PIRP Irp, PKEVENT Event, PIO_STATUS_BLOCK Iosb)
{
    NTSTATUS status = IoCallDriver(Device, Irp);

    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
        status = Iosb->Status;
    }
    IoFreeIrp(Irp);
    return status;
}
