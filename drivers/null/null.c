/*
 * null.c - \Device\Null: reads return end of file, writes swallow
 * everything, every other request succeeds with nothing. The smallest
 * complete driver, and the one `make bench` times a null IRP with.
 */
#include "io/io.h"

static NTSTATUS NullDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    Irp->IoStatus.Information = 0;
    if (sp->MajorFunction == IRP_MJ_READ)
        status = sp->Parameters.Read.Length == 0 ? STATUS_SUCCESS : STATUS_END_OF_FILE;
    else if (sp->MajorFunction == IRP_MJ_WRITE)
        Irp->IoStatus.Information = sp->Parameters.Write.Length;
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS NullDriverEntry(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, "\\Device\\Null", FILE_DEVICE_NULL, 0,
                                     FALSE, &device);

    if (!NT_SUCCESS(status))
        return status;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = NullDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = NullDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NullDispatch;
    DriverObject->MajorFunction[IRP_MJ_READ] = NullDispatch;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = NullDispatch;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = NullDispatch;
    return STATUS_SUCCESS;
}
