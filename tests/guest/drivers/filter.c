/*
 * filter.c - a filter layered above \Device\RamFs. Every IRP goes down with
 * the current stack location copied and a completion routine that counts
 * it, notes which device it was called for, and - as every filter must -
 * marks its own location pending when the IRP was pended below.
 */
#include <string.h>
#include "tests/guest/drivers/drivers.h"

FILTER_STATS FilterStats;
PDEVICE_OBJECT FilterDevice;
static PDEVICE_OBJECT FilterLower;

static NTSTATUS FilterCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    FilterStats.Completed++;
    FilterStats.LastCompletionDevice = DeviceObject;
    if (Irp->PendingReturned) {
        FilterStats.SawPending++;
        IoMarkIrpPending(Irp);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FilterPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    FilterStats.Dispatched++;
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FilterCompletion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(FilterLower, Irp);
}

VOID FilterDetach(VOID)
{
    IoDetachDevice(FilterLower);
    IoDeleteDevice(FilterDevice);
    FilterDevice = NULL;
}

NTSTATUS FilterDriverEntry(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT target;
    STRING name = { 13, 13, "\\Device\\RamFs" };
    NTSTATUS status;
    int i;

    memset(&FilterStats, 0, sizeof(FilterStats));
    status = ObReferenceObjectByName(&name, IoDeviceObjectType, NULL, (PVOID *)&target);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE,
                            &FilterDevice);
    if (NT_SUCCESS(status))
        FilterLower = IoAttachDeviceToDeviceStack(FilterDevice, target);
    ObDereferenceObject(target);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = FilterPassDown;
    return status;
}
