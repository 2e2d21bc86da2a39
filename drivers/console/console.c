/*
 * console.c - \Device\Console, COM1 as a device: where processes' standard
 * output goes, and where the shell (user/shell) reads what is typed.
 *
 * A write is sent to COM1 as it is, in one piece (so that two processes'
 * lines do not interleave within a write) - unless the console is quiet
 * (ConSetQuiet, the scenario's exploration): then it succeeds unshown.
 *
 * A read returns raw bytes: as soon as at least one has arrived, as many as
 * the ring holds and the buffer takes. No line discipline here - echo,
 * editing and Ctrl-C are the shell's (user/shell/lineedit.c), as NT leaves
 * them to the console and not to serial.sys. A read that finds nothing
 * waiting is pended: marked pending, queued with a cancel routine, and
 * completed by the input DPC the UART's interrupt queues (or at once by a
 * later read's dispatch, when bytes were already there). Reads are served
 * in arrival order. A reader that goes away gets its read back cancelled:
 * the thread's end cancels its IRPs (IoCancelThreadIo), and the CLEANUP
 * of its file completes whatever that file still has queued.
 *
 * ConReadQueue and the UART ring's reading side are guarded by the I/O
 * cancel spinlock: a queued read always has its cancel routine set, taking
 * it off the queue and clearing the routine happen under that lock, and
 * holding it (DISPATCH_LEVEL) keeps the input DPC from reading the ring
 * at the same time. The lock is never held across IoCompleteRequest.
 *
 * A process that is given no standard handles opens this device for them
 * (user/ntdll's start-up code).
 */
#include "hal/hal.h"
#include "io/io.h"

static volatile BOOLEAN ConQuiet;     /* ConSetQuiet */

static LIST_ENTRY ConReadQueue;     /* pended reads, oldest first; cancel spinlock */
static KDPC ConInputDpc;            /* queued by the UART's ISR when bytes arrive */

#define CON_QUEUE_LINK(Irp) (&(Irp)->Tail.Apc.ApcListEntry)   /* free while we own it */

static VOID ConComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID ConCancelRead(PDEVICE_OBJECT Device, PIRP Irp)
{
    RemoveEntryList(CON_QUEUE_LINK(Irp));
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    ConComplete(Irp, STATUS_CANCELLED, 0);
}

/* The oldest queued read, filled from the ring and off the queue with its
   cancel routine cleared; NULL when no read waits or no byte does.
   *Count: the bytes it got. */
static PIRP ConTakeFilledRead(ULONG *Count)
{
    PIRP irp = NULL;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    if (!IsListEmpty(&ConReadQueue)) {
        PIRP head = CONTAINING_RECORD(ConReadQueue.Flink, IRP, Tail.Apc.ApcListEntry);
        ULONG length = IoGetCurrentIrpStackLocation(head)->Parameters.Read.Length;

        *Count = HalUartRead(COM1, head->SystemBuffer, length);
        if (*Count != 0) {
            RemoveEntryList(CON_QUEUE_LINK(head));
            IoSetCancelRoutine(head, NULL);
            irp = head;
        }
    }
    IoReleaseCancelSpinLock(irql);
    return irp;
}

/* Completes queued reads while bytes and reads are both there. */
static VOID ConServiceReads(VOID)
{
    ULONG count;
    PIRP irp;

    while ((irp = ConTakeFilledRead(&count)) != NULL)
        ConComplete(irp, STATUS_SUCCESS, count);
}

static VOID ConInputArrived(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    ConServiceReads();
}

static NTSTATUS ConRead(PIRP Irp)
{
    KIRQL irql;

    if (IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.Length == 0) {
        ConComplete(Irp, STATUS_SUCCESS, 0);
        return STATUS_SUCCESS;
    }
    IoMarkIrpPending(Irp);
    IoAcquireCancelSpinLock(&irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(irql);
        ConComplete(Irp, STATUS_CANCELLED, 0);
        return STATUS_PENDING;
    }
    InsertTailList(&ConReadQueue, CON_QUEUE_LINK(Irp));
    IoSetCancelRoutine(Irp, ConCancelRead);
    IoReleaseCancelSpinLock(irql);
    ConServiceReads();          /* bytes may be waiting already */
    return STATUS_PENDING;
}

/* The last handle of File closed: its queued reads end cancelled. */
static VOID ConCleanup(PFILE_OBJECT File)
{
    LIST_ENTRY ended;
    KIRQL irql;

    InitializeListHead(&ended);
    IoAcquireCancelSpinLock(&irql);
    for (PLIST_ENTRY e = ConReadQueue.Flink; e != &ConReadQueue;) {
        PIRP irp = CONTAINING_RECORD(e, IRP, Tail.Apc.ApcListEntry);

        e = e->Flink;
        if (IoGetCurrentIrpStackLocation(irp)->FileObject == File) {
            RemoveEntryList(CON_QUEUE_LINK(irp));
            IoSetCancelRoutine(irp, NULL);
            InsertTailList(&ended, CON_QUEUE_LINK(irp));
        }
    }
    IoReleaseCancelSpinLock(irql);
    while (!IsListEmpty(&ended))
        ConComplete(CONTAINING_RECORD(RemoveHeadList(&ended), IRP, Tail.Apc.ApcListEntry),
                    STATUS_CANCELLED, 0);
}

static NTSTATUS ConDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->MajorFunction) {
    case IRP_MJ_READ:
        return ConRead(Irp);
    case IRP_MJ_WRITE:
        if (!ConQuiet)
            HalUartWrite(COM1, Irp->SystemBuffer, sp->Parameters.Write.Length);
        ConComplete(Irp, STATUS_SUCCESS, sp->Parameters.Write.Length);
        return STATUS_SUCCESS;
    case IRP_MJ_CLEANUP:
        ConCleanup(sp->FileObject);
        break;
    }
    ConComplete(Irp, STATUS_SUCCESS, 0);
    return STATUS_SUCCESS;
}

/* Quiet: writes succeed and are not shown (the scenario's exploration,
   whose programs' lines would bury the one schedule that matters). */
VOID ConSetQuiet(BOOLEAN Quiet)
{
    ConQuiet = Quiet;
}

NTSTATUS ConDriverEntry(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, "\\Device\\Console", FILE_DEVICE_CONSOLE, 0,
                                     FALSE, &device);

    if (!NT_SUCCESS(status))
        return status;
    InitializeListHead(&ConReadQueue);
    KeInitializeDpc(&ConInputDpc, ConInputArrived, NULL);
    KeSetUntracedDpc(&ConInputDpc);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_READ] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = ConDispatch;
    HalEnableUartInput(COM1, &ConInputDpc);
    return STATUS_SUCCESS;
}
