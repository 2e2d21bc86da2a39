/*
 * driver.c - driver and device objects: loading, unloading, layering.
 *
 * IoLoadDriver makes \Driver\NAME with every major function pointing at an
 * invalid-request handler, runs DriverEntry, and points any entry the
 * driver left NULL back at that handler. IoUnloadDriver only marks the
 * driver: from then on opens of its devices fail, and DriverUnload runs
 * once - when the last reference to its devices (open files, attached
 * devices) is gone. Built-in drivers start from IopBootDrivers (bootdrv.c),
 * in order.
 *
 * Device references (DEVICE_OBJECT.ReferenceCount) are taken at DISPATCH
 * level (the dispatcher lock); the unload check runs at PASSIVE or APC
 * level in whoever drops the last one.
 */
#include <string.h>
#include "io/io.h"
#include "trace/trace.h"

/* The trace's serial ids of devices, IRPs and files: the last one given. */
IO_SERIAL_IDS IopSerialIds;

VOID IoQuerySerialIds(PIO_SERIAL_IDS Ids)
{
    *Ids = IopSerialIds;
}

/* Ids from now on follow Ids (a scenario's schedule starts from its
   baseline's, so that its trace names things as a fresh boot's does). */
VOID IoSetSerialIds(const IO_SERIAL_IDS *Ids)
{
    IopSerialIds = *Ids;
}

#define DRIVER_TAG POOL_TAG('I', 'o', 'D', 'r')

POBJECT_TYPE IoDriverObjectType;

static NTSTATUS IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

static VOID IopDeleteDriver(PVOID Object)
{
    PDRIVER_OBJECT d = Object;

    ExFreePoolWithTag(d->DriverName.Buffer, DRIVER_TAG);
}

VOID IopInitializeDriverType(VOID)
{
    OBJECT_TYPE_INITIALIZER init;

    memset(&init, 0, sizeof(init));
    init.PoolTag = DRIVER_TAG;
    init.ValidAccessMask = 0x1F01FF;
    init.DeleteProcedure = IopDeleteDriver;
    if (!NT_SUCCESS(ObCreateObjectType("Driver", &init, &IoDriverObjectType)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0x10, 0, 0, 0);
}

static NTSTATUS IopNameObject(PVOID Object, PCSTR Name)
{
    STRING s = { (USHORT)strlen(Name), (USHORT)strlen(Name), (PCHAR)Name };

    ObReferenceObject(Object);          /* ObInsertObjectInTable consumes one */
    return ObInsertObjectInTable(Object, &s, 0, NULL, NULL, NULL);
}

/* The driver's copy of its name comes first: a driver object always has
   one, so IopDeleteDriver has a name to free whatever failed after. */
NTSTATUS IoLoadDriver(PCSTR Name, PDRIVER_INITIALIZE DriverEntry, PDRIVER_OBJECT *Driver)
{
    PDRIVER_OBJECT d;
    PCHAR name;
    NTSTATUS status;
    int i;

    name = ExAllocatePoolWithTag(NonPagedPool, strlen(Name) + 1, DRIVER_TAG);
    if (name == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(name, Name, strlen(Name) + 1);
    status = ObCreateObject(IoDriverObjectType, OBJ_PERMANENT, sizeof(*d), (PVOID *)&d);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(name, DRIVER_TAG);
        return status;
    }
    d->DriverName.Buffer = name;
    d->DriverName.Length = d->DriverName.MaximumLength = (USHORT)strlen(Name);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        d->MajorFunction[i] = IopInvalidDeviceRequest;
    status = IopNameObject(d, Name);
    if (NT_SUCCESS(status))
        status = DriverEntry(d);
    if (!NT_SUCCESS(status)) {
        ObMakeTemporaryObject(d);
        ObDereferenceObject(d);
        return status;
    }
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (d->MajorFunction[i] == NULL)
            d->MajorFunction[i] = IopInvalidDeviceRequest;
    }
    *Driver = d;
    return STATUS_SUCCESS;
}

static BOOLEAN IopDevicesInUse(PDRIVER_OBJECT Driver)
{
    PDEVICE_OBJECT dev;

    for (dev = Driver->DeviceObject; dev != NULL; dev = dev->NextDevice) {
        if (dev->ReferenceCount != 0 || dev->AttachedDevice != NULL)
            return TRUE;
    }
    return FALSE;
}

/* Runs DriverUnload if the driver is marked and nothing uses its devices. */
static VOID IopCheckUnloadDriver(PDRIVER_OBJECT Driver)
{
    KIRQL irql = KiLockDispatcherDatabase();
    BOOLEAN go = (Driver->Flags & DRVO_UNLOADING) && !(Driver->Flags & DRVO_UNLOAD_INVOKED) &&
                 !IopDevicesInUse(Driver);

    if (go)
        Driver->Flags |= DRVO_UNLOAD_INVOKED;
    KiUnlockDispatcherDatabase(irql);
    if (!go)
        return;
    Driver->DriverUnload(Driver);
    ObMakeTemporaryObject(Driver);
    ObDereferenceObject(Driver);
}

NTSTATUS IoUnloadDriver(PDRIVER_OBJECT Driver)
{
    if (Driver->DriverUnload == NULL)
        return STATUS_INVALID_DEVICE_REQUEST;
    if (Driver->Flags & DRVO_UNLOADING)
        return STATUS_DELETE_PENDING;
    Driver->Flags |= DRVO_UNLOADING;
    IopCheckUnloadDriver(Driver);
    return STATUS_SUCCESS;
}

VOID IopReferenceDevice(PDEVICE_OBJECT Device)
{
    KIRQL irql = KiLockDispatcherDatabase();

    Device->ReferenceCount++;
    KiUnlockDispatcherDatabase(irql);
}

VOID IopDereferenceDevice(PDEVICE_OBJECT Device)
{
    KIRQL irql = KiLockDispatcherDatabase();
    PDRIVER_OBJECT driver = Device->DriverObject;

    if (--Device->ReferenceCount < 0)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Device, 0, 0, 0);
    KiUnlockDispatcherDatabase(irql);
    IopCheckUnloadDriver(driver);
}

NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PCSTR DeviceName,
                        ULONG DeviceType, ULONG Characteristics, BOOLEAN Exclusive,
                        PDEVICE_OBJECT *DeviceObject)
{
    PDEVICE_OBJECT dev;
    NTSTATUS status;

    status = ObCreateObject(IoDeviceObjectType, DeviceName ? OBJ_PERMANENT : 0,
                            sizeof(*dev) + DeviceExtensionSize, (PVOID *)&dev);
    if (!NT_SUCCESS(status))
        return status;
    dev->DriverObject = DriverObject;
    dev->DeviceType = DeviceType;
    dev->Characteristics = Characteristics;
    dev->StackSize = 1;
    dev->Id = ++IopSerialIds.Device;
    dev->DeviceExtension = DeviceExtensionSize ? (PVOID)(dev + 1) : NULL;
    if (DeviceName != NULL) {
        status = IopNameObject(dev, DeviceName);
        if (!NT_SUCCESS(status)) {
            ObDereferenceObject(dev);
            return status;
        }
    }
    dev->NextDevice = DriverObject->DeviceObject;
    DriverObject->DeviceObject = dev;
    *DeviceObject = dev;
    return STATUS_SUCCESS;
}

VOID IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT *p = &DeviceObject->DriverObject->DeviceObject;

    while (*p != NULL && *p != DeviceObject)
        p = &(*p)->NextDevice;
    if (*p != NULL)
        *p = DeviceObject->NextDevice;
    ObMakeTemporaryObject(DeviceObject);
    ObDereferenceObject(DeviceObject);
}

PDEVICE_OBJECT IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject)
{
    while (DeviceObject->AttachedDevice != NULL)
        DeviceObject = DeviceObject->AttachedDevice;
    return DeviceObject;
}

/* Layers Source on top of Target's stack; returns the device it sits on. */
PDEVICE_OBJECT IoAttachDeviceToDeviceStack(PDEVICE_OBJECT Source, PDEVICE_OBJECT Target)
{
    KIRQL irql = KiLockDispatcherDatabase();
    PDEVICE_OBJECT top = IoGetAttachedDevice(Target);

    top->AttachedDevice = Source;
    Source->AttachedTo = top;
    Source->StackSize = top->StackSize + 1;
    top->ReferenceCount++;
    KiUnlockDispatcherDatabase(irql);
    return top;
}

VOID IoDetachDevice(PDEVICE_OBJECT TargetDevice)
{
    KIRQL irql = KiLockDispatcherDatabase();
    PDEVICE_OBJECT above = TargetDevice->AttachedDevice;

    if (above != NULL)
        above->AttachedTo = NULL;
    TargetDevice->AttachedDevice = NULL;
    KiUnlockDispatcherDatabase(irql);
    IopDereferenceDevice(TargetDevice);
}
