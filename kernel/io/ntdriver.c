/*
 * ntdriver.c - NtLoadDriver and NtUnloadDriver: a driver loaded or unloaded
 * from ring 3 (Client Services for NetWare's stop and start, user/csnw).
 *
 * NT names the driver by its service's registry key; irplab has no
 * registry, so the argument is the driver's object name ("\Driver\NwRdr")
 * and the boot driver table (bootdrv.c) says where its entry point is.
 * Both calls need SeLoadDriverPrivilege - only the SYSTEM logon session
 * holds it - and check it before they read their argument, as NT does, so
 * an unprivileged caller learns nothing from a name. What each returns is
 * in include/ntio.h; unloading a driver whose devices are still referenced
 * only marks it (IoUnloadDriver), and says so with STATUS_PENDING.
 *
 * Interface: NtLoadDriver, NtUnloadDriver (include/ntio.h).
 */
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"

#define IOP_MAX_DRIVER_NAME 64

typedef NTSTATUS (*IOP_DRIVER_WORKER)(PCSTRING Name);

static NTSTATUS IopDriverCall(PCSTRING DriverName, IOP_DRIVER_WORKER Worker)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    STRING name;
    NTSTATUS status;

    if (!SeSinglePrivilegeCheck(SE_LOAD_DRIVER_PRIVILEGE, mode))
        return STATUS_PRIVILEGE_NOT_HELD;
    if (DriverName == NULL)
        return STATUS_INVALID_PARAMETER;
    status = ExCaptureString(mode, DriverName, IOP_MAX_DRIVER_NAME, &name);
    if (!NT_SUCCESS(status))
        return status;
    status = name.Length != 0 ? Worker(&name) : STATUS_OBJECT_NAME_INVALID;
    ExReleaseString(&name);
    return status;
}

NTSTATUS NtLoadDriver(PCSTRING DriverName)
{
    return IopDriverCall(DriverName, IopLoadBootDriver);
}

NTSTATUS NtUnloadDriver(PCSTRING DriverName)
{
    return IopDriverCall(DriverName, IopUnloadBootDriver);
}
