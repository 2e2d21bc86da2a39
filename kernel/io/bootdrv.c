/*
 * bootdrv.c - the drivers built into the kernel, started in this order at
 * boot. One line a driver: what starts when is readable here and nowhere
 * else. A driver that needs another starts only when that one did; a
 * driver that finds no hardware (STATUS_NO_SUCH_DEVICE) is not an error:
 * a machine without a network card boots without the network stack.
 *
 * The same table is what NtLoadDriver and NtUnloadDriver (ntdriver.c) know
 * a driver by: irplab has no registry, so a driver's object name is its
 * service's name, and its row says where its entry point is.
 *
 * Interface: IoLoadBootDrivers; IopLoadBootDriver, IopUnloadBootDriver
 * (the workers of NtLoadDriver and NtUnloadDriver).
 */
#include <stdio.h>
#include <string.h>
#include "io/io.h"
#include "rtl/rtl.h"

extern NTSTATUS NullDriverEntry(PDRIVER_OBJECT DriverObject);
extern NTSTATUS ConDriverEntry(PDRIVER_OBJECT DriverObject);
extern NTSTATUS Ne2kDriverEntry(PDRIVER_OBJECT DriverObject);
extern NTSTATUS IpxDriverEntry(PDRIVER_OBJECT DriverObject);
extern NTSTATUS NwrDriverEntry(PDRIVER_OBJECT DriverObject);

static const struct {
    PCSTR Name;
    PDRIVER_INITIALIZE Entry;
    PCSTR Needs;                /* a driver that must have started, or NULL */
} IopBootDrivers[] = {
    { "\\Driver\\Null", NullDriverEntry, NULL },
    { "\\Driver\\Console", ConDriverEntry, NULL },
    { "\\Driver\\Ne2000", Ne2kDriverEntry, NULL },
    { "\\Driver\\Ipx", IpxDriverEntry, "\\Driver\\Ne2000" },
    { "\\Driver\\NwRdr", NwrDriverEntry, "\\Driver\\Ipx" },
};

static BOOLEAN IopStarted[ARRAYSIZE(IopBootDrivers)];

static BOOLEAN IopNeedsMet(PCSTR Needs)
{
    SIZE_T i;

    for (i = 0; Needs != NULL && i < ARRAYSIZE(IopBootDrivers); i++) {
        if (strcmp(IopBootDrivers[i].Name, Needs) == 0)
            return IopStarted[i];
    }
    return TRUE;
}

VOID IoLoadBootDrivers(VOID)
{
    PDRIVER_OBJECT driver;
    SIZE_T i;

    for (i = 0; i < ARRAYSIZE(IopBootDrivers); i++) {
        NTSTATUS status;
        if (!IopNeedsMet(IopBootDrivers[i].Needs))
            continue;
        status = IoLoadDriver(IopBootDrivers[i].Name, IopBootDrivers[i].Entry, &driver);
        IopStarted[i] = NT_SUCCESS(status);
        if (!NT_SUCCESS(status) && status != STATUS_NO_SUCH_DEVICE)
            printf("io: %s did not start (status 0x%08lx)\n", IopBootDrivers[i].Name,
                   (unsigned long)status);
    }
}

/* The row of Name (object names compare without case), or -1. */
static LONG IopFindBootDriver(PCSTRING Name)
{
    SIZE_T i;

    for (i = 0; i < ARRAYSIZE(IopBootDrivers); i++) {
        STRING row;

        RtlInitString(&row, IopBootDrivers[i].Name);
        if (RtlEqualString(&row, Name, TRUE))
            return (LONG)i;
    }
    return -1;
}

/* The driver object called Name, referenced, or NULL. */
static PDRIVER_OBJECT IopReferenceDriver(PCSTR Name)
{
    STRING name = { (USHORT)strlen(Name), (USHORT)strlen(Name), (PCHAR)Name };
    PVOID driver = NULL;

    if (!NT_SUCCESS(ObReferenceObjectByName(&name, IoDriverObjectType, NULL, &driver)))
        return NULL;
    return driver;
}

static BOOLEAN IopDriverLoaded(PCSTR Name)
{
    PDRIVER_OBJECT driver = IopReferenceDriver(Name);

    if (driver != NULL)
        ObDereferenceObject(driver);
    return driver != NULL;
}

/* NtLoadDriver's worker. Two loads at once: the second finds the name
   taken (IoLoadDriver names the object before DriverEntry runs). */
NTSTATUS IopLoadBootDriver(PCSTRING Name)
{
    LONG i = IopFindBootDriver(Name);
    PDRIVER_OBJECT driver;
    NTSTATUS status;

    if (i < 0)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (IopDriverLoaded(IopBootDrivers[i].Name))
        return STATUS_IMAGE_ALREADY_LOADED;
    if (IopBootDrivers[i].Needs != NULL && !IopDriverLoaded(IopBootDrivers[i].Needs))
        return STATUS_NO_SUCH_DEVICE;
    status = IoLoadDriver(IopBootDrivers[i].Name, IopBootDrivers[i].Entry, &driver);
    return status == STATUS_OBJECT_NAME_COLLISION ? STATUS_IMAGE_ALREADY_LOADED : status;
}

/* NtUnloadDriver's worker: STATUS_PENDING when the unload waits for the
   devices' last reference (io.h, IoUnloadDriver). */
NTSTATUS IopUnloadBootDriver(PCSTRING Name)
{
    LONG i = IopFindBootDriver(Name);
    PDRIVER_OBJECT driver = i >= 0 ? IopReferenceDriver(IopBootDrivers[i].Name) : NULL;
    NTSTATUS status;

    if (driver == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    status = IoUnloadDriver(driver);
    if (status == STATUS_SUCCESS && !(driver->Flags & DRVO_UNLOAD_INVOKED))
        status = STATUS_PENDING;
    ObDereferenceObject(driver);
    return status;
}
