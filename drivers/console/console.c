/*
 * console.c - \Device\Console: where a process's standard output and error
 * go. A write is sent to COM1 as it is, in one piece (so that two
 * processes' lines do not interleave within a write); a read is not
 * supported yet (the kernel's own console reads COM1).
 *
 * A process that is given no standard handles opens this device for them
 * (user/ntdll's start-up code).
 */
#include "hal/hal.h"
#include "io/io.h"

static NTSTATUS ConDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    Irp->IoStatus.Information = 0;
    if (sp->MajorFunction == IRP_MJ_WRITE) {
        HalUartWrite(COM1, Irp->SystemBuffer, sp->Parameters.Write.Length);
        Irp->IoStatus.Information = sp->Parameters.Write.Length;
    } else if (sp->MajorFunction == IRP_MJ_READ) {
        status = STATUS_NOT_SUPPORTED;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS ConDriverEntry(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, "\\Device\\Console", FILE_DEVICE_CONSOLE, 0,
                                     FALSE, &device);

    if (!NT_SUCCESS(status))
        return status;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_READ] = ConDispatch;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = ConDispatch;
    return STATUS_SUCCESS;
}
