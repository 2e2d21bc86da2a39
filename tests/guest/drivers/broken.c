/*
 * broken.c - \Device\Broken: each open name picks one rule of the I/O
 * model to break, so that the verifier can be seen to catch it.
 *   \TWICE      completes the CREATE twice   -> MULTIPLE_IRP_COMPLETE_REQUESTS
 *   \CANCEL     completes with a cancel routine still set   -> 0xC9 (0x20C)
 *   \UNMARKED   returns STATUS_PENDING without IoMarkIrpPending, completes
 *               later from a DPC                           -> 0xC9 (0x208)
 *   \UNDERFLOW  passes the IRP on with no stack location left -> NO_MORE_IRP_STACK_LOCATIONS
 *   \MARKED     marks the IRP pending, completes it, returns success -> 0xC9 (0x20A)
 */
#include <string.h>
#include "tests/guest/drivers/drivers.h"

static KTIMER BrokenTimer;
static KDPC BrokenDpc;

static VOID BrokenLate(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    IoCompleteRequest(Context, IO_NO_INCREMENT);
}

static VOID BrokenCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoReleaseCancelSpinLock(Irp->CancelIrql);
}

static BOOLEAN BrokenIs(PFILE_OBJECT File, PCSTR Name)
{
    return File->FileName.Length == strlen(Name) &&
           strncmp(File->FileName.Buffer, Name, File->FileName.Length) == 0;
}

static NTSTATUS BrokenCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;

    Irp->IoStatus.Status = STATUS_SUCCESS;
    if (BrokenIs(file, "\\UNMARKED")) {
        KeInitializeTimer(&BrokenTimer);
        KeInitializeDpc(&BrokenDpc, BrokenLate, Irp);
        KeSetTimer(&BrokenTimer, -10 * (LONG64)KTIME_PER_MS, &BrokenDpc);
        return STATUS_PENDING;
    }
    if (BrokenIs(file, "\\UNDERFLOW"))
        return IoCallDriver(DeviceObject, Irp);
    if (BrokenIs(file, "\\CANCEL"))
        IoSetCancelRoutine(Irp, BrokenCancel);
    if (BrokenIs(file, "\\MARKED"))
        IoMarkIrpPending(Irp);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    if (BrokenIs(file, "\\TWICE"))
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS BrokenDriverEntry(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BrokenCreate;
    return IoCreateDevice(DriverObject, 0, "\\Device\\Broken", 0, 0, FALSE, &device);
}
