/*
 * gate.c - a filter above \Device\NwRdr that can hold opens at a gate: the
 * one thing the csrss suite needs that the real redirector cannot give. A
 * test that must have two callers inside CSRSS's DefineDosDevice at once,
 * or a caller ended while CSRSS serves it, closes the gate: every open of
 * a redirector target (CSRSS's validation round trip) then waits here,
 * counted in NwGateOpensHeld, until the test opens it. Everything else -
 * and every open once the gate is open - goes down to NWRDR untouched.
 *
 * Attach and detach around a case: GateDriverEntry attaches to the
 * device, the driver's unload detaches.
 */
#include <string.h>
#include "tests/guest/drivers/drivers.h"
#include "nwrdr.h"

volatile LONG NwGateOpensHeld;
static KEVENT NwGate;
static PDEVICE_OBJECT NwGateDevice, NwGateLower;

static NTSTATUS GatePassDown(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MajorFunction == IRP_MJ_CREATE && sp->FileObject->FileName.Length > 0) {
        __sync_add_and_fetch(&NwGateOpensHeld, 1);
        KeWaitForSingleObject(&NwGate, Executive, KernelMode, FALSE, NULL);
        __sync_sub_and_fetch(&NwGateOpensHeld, 1);
        KeSchedulePoint();
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(NwGateLower, Irp);
}

static VOID GateUnload(PDRIVER_OBJECT Driver)
{
    KeSetEvent(&NwGate, 0, FALSE);
    IoDetachDevice(NwGateLower);
    IoDeleteDevice(NwGateDevice);
    NwGateDevice = NULL;
}

NTSTATUS GateDriverEntry(PDRIVER_OBJECT Driver)
{
    STRING name = { sizeof(NWR_DEVICE_NAME) - 1, sizeof(NWR_DEVICE_NAME) - 1,
                    (PCHAR)NWR_DEVICE_NAME };
    PDEVICE_OBJECT target;
    NTSTATUS status;
    int i;

    KeInitializeEvent(&NwGate, NotificationEvent, TRUE);
    status = ObReferenceObjectByName(&name, IoDeviceObjectType, NULL, (PVOID *)&target);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_NETWORK_FILE_SYSTEM, FILE_REMOTE_DEVICE,
                            FALSE, &NwGateDevice);
    if (NT_SUCCESS(status))
        NwGateLower = IoAttachDeviceToDeviceStack(NwGateDevice, target);
    ObDereferenceObject(target);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver->MajorFunction[i] = GatePassDown;
    Driver->DriverUnload = GateUnload;
    return status;
}

/* Hold every open of a redirector target until GateOpen. */
VOID GateClose(VOID)
{
    KeClearEvent(&NwGate);
}

VOID GateOpen(VOID)
{
    KeSetEvent(&NwGate, 0, FALSE);
}
