/*
 * bootdrv.c - the drivers built into the kernel, started in this order at
 * boot. One line a driver: what starts when is readable here and nowhere
 * else. (The NE2000 driver starts itself for now; it joins this table when
 * it becomes a DRIVER_OBJECT.)
 */
#include <stdio.h>
#include "io/io.h"

extern NTSTATUS NullDriverEntry(PDRIVER_OBJECT DriverObject);
extern NTSTATUS ConDriverEntry(PDRIVER_OBJECT DriverObject);

static const struct {
    PCSTR Name;
    PDRIVER_INITIALIZE Entry;
} IopBootDrivers[] = {
    { "\\Driver\\Null", NullDriverEntry },
    { "\\Driver\\Console", ConDriverEntry },
};

VOID IoLoadBootDrivers(VOID)
{
    PDRIVER_OBJECT driver;
    SIZE_T i;

    for (i = 0; i < ARRAYSIZE(IopBootDrivers); i++) {
        NTSTATUS status = IoLoadDriver(IopBootDrivers[i].Name, IopBootDrivers[i].Entry, &driver);
        if (!NT_SUCCESS(status))
            printf("io: %s did not start (status 0x%08lx)\n", IopBootDrivers[i].Name,
                   (unsigned long)status);
    }
}
