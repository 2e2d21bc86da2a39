/*
 * bootdrv.c - the drivers built into the kernel, started in this order at
 * boot. One line a driver: what starts when is readable here and nowhere
 * else. A driver that needs another starts only when that one did; a
 * driver that finds no hardware (STATUS_NO_SUCH_DEVICE) is not an error:
 * a machine without a network card boots without the network stack.
 */
#include <stdio.h>
#include <string.h>
#include "io/io.h"

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
