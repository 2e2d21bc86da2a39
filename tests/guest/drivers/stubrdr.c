/*
 * stubrdr.c - a stand-in for NWRDR in the guest tests, and clearly only
 * that: \Device\NwRdr with per-process connections made and deleted by
 * the FSCTLs of drivers/nwrdr/nwrdr.h, and opens of a connection's target
 * that succeed while it is live. There is no network: a connection is a
 * row in a table. What the drive-letter race needs from a redirector is
 * here - connections that belong to one process, that come and go between
 * CSRSS's steps, and an open of a target (CSRSS's validation) that takes
 * time: each open is a schedule point, and a test can hold every open at
 * a gate (StubRdrCloseGate) to keep a caller inside CSRSS.
 *
 * StubRdrLock guards the table; never held across a wait.
 */
#include <string.h>
#include <strings.h>
#include "ps/ps.h"
#include "nwrdr.h"
#include "tests/guest/drivers/drivers.h"

#define STUBRDR_CONNECTIONS 16

typedef struct _STUBRDR_CONNECTION {
    BOOLEAN Live;
    ULONG ProcessId;
    CHAR Target[NWR_MAX_TARGET];    /* "\;X:\SERVER\VOLUME", below the device */
} STUBRDR_CONNECTION;

static STUBRDR_CONNECTION StubRdrConnections[STUBRDR_CONNECTIONS];
static KSPIN_LOCK StubRdrLock;
static KEVENT StubRdrGate;
volatile LONG StubRdrOpensHeld;

static NTSTATUS StubRdrComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static ULONG StubRdrCaller(PIRP Irp)
{
    return ((PEPROCESS)IoGetCurrentIrpStackLocation(Irp)->FileObject->OwningProcess)->UniqueProcessId;
}

/* The part below the device, or NULL when Target is not a redirector
   path "\Device\NwRdr\;X:\..." (table lock not needed). */
static PCSTR StubRdrBelowDevice(PCSTR Target)
{
    SIZE_T n = sizeof(NWR_DEVICE_NAME) - 1;

    if (strncasecmp(Target, NWR_DEVICE_NAME, n) != 0 || Target[n] != '\\' ||
        Target[n + 1] != ';' || Target[n + 2] == '\0' || Target[n + 3] != ':')
        return NULL;
    return Target + n;
}

/* The live connection (lock held) of ProcessId, or anyone's with 0. */
static STUBRDR_CONNECTION *StubRdrFindLetter(ULONG ProcessId, CHAR Letter)
{
    for (ULONG i = 0; i < STUBRDR_CONNECTIONS; i++) {
        STUBRDR_CONNECTION *c = &StubRdrConnections[i];
        if (c->Live && (ProcessId == 0 || c->ProcessId == ProcessId) &&
            RtlUpperChar(c->Target[2]) == RtlUpperChar(Letter))
            return c;
    }
    return NULL;
}

/* The live connection whose target Path is, or lies under (lock held). */
static STUBRDR_CONNECTION *StubRdrFindTarget(PCSTR Path, SIZE_T Length)
{
    for (ULONG i = 0; i < STUBRDR_CONNECTIONS; i++) {
        STUBRDR_CONNECTION *c = &StubRdrConnections[i];
        SIZE_T n = strlen(c->Target);
        if (c->Live && Length >= n && strncasecmp(c->Target, Path, n) == 0 &&
            (Length == n || Path[n] == '\\'))
            return c;
    }
    return NULL;
}

static NTSTATUS StubRdrCreateConnection(ULONG ProcessId, PCSTR Target)
{
    PCSTR below = StubRdrBelowDevice(Target);
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    KIRQL irql;

    if (below == NULL || strlen(below) >= NWR_MAX_TARGET)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    KeAcquireSpinLock(&StubRdrLock, &irql);
    if (StubRdrFindLetter(ProcessId, below[2]) != NULL) {
        status = STATUS_OBJECT_NAME_COLLISION;
    } else {
        for (ULONG i = 0; i < STUBRDR_CONNECTIONS && status != STATUS_SUCCESS; i++) {
            if (StubRdrConnections[i].Live)
                continue;
            StubRdrConnections[i].Live = TRUE;
            StubRdrConnections[i].ProcessId = ProcessId;
            strcpy(StubRdrConnections[i].Target, below);
            status = STATUS_SUCCESS;
        }
    }
    KeReleaseSpinLock(&StubRdrLock, irql);
    return status;
}

static NTSTATUS StubRdrDeleteConnection(ULONG ProcessId, PCSTR LocalName, PCHAR Out,
                                        ULONG OutLength, PULONG Written)
{
    STUBRDR_CONNECTION *c;
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL irql;

    KeAcquireSpinLock(&StubRdrLock, &irql);
    c = StubRdrFindLetter(ProcessId, LocalName[0]);
    if (c == NULL)
        status = StubRdrFindLetter(0, LocalName[0]) ? STATUS_ACCESS_DENIED
                                                    : STATUS_OBJECT_NAME_NOT_FOUND;
    else if (sizeof(NWR_DEVICE_NAME) + strlen(c->Target) > OutLength)
        status = STATUS_BUFFER_TOO_SMALL;
    if (NT_SUCCESS(status)) {
        strcpy(Out, NWR_DEVICE_NAME);
        strcat(Out, c->Target);
        *Written = strlen(Out) + 1;
        memset(c, 0, sizeof(*c));
    }
    KeReleaseSpinLock(&StubRdrLock, irql);
    return status;
}

static NTSTATUS StubRdrLookupConnection(PCSTR Target, PULONG ProcessId)
{
    PCSTR below = StubRdrBelowDevice(Target);
    STUBRDR_CONNECTION *c;
    KIRQL irql;

    if (below == NULL)
        return STATUS_OBJECT_TYPE_MISMATCH;
    KeAcquireSpinLock(&StubRdrLock, &irql);
    c = StubRdrFindTarget(below, strlen(below));
    if (c != NULL && strlen(c->Target) == strlen(below))
        *ProcessId = c->ProcessId;
    else
        c = NULL;
    KeReleaseSpinLock(&StubRdrLock, irql);
    return c != NULL ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

static NTSTATUS StubRdrFsControl(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG in = sp->Parameters.FileSystemControl.InputBufferLength;
    ULONG out = sp->Parameters.FileSystemControl.OutputBufferLength, written = 0;
    PCHAR buffer = Irp->SystemBuffer;
    PNWR_CONNECT_REQUEST connect = Irp->SystemBuffer;
    PNWR_DISCONNECT_REQUEST disconnect = Irp->SystemBuffer;
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    switch (sp->Parameters.FileSystemControl.FsControlCode) {
    case FSCTL_NWR_CREATE_CONNECTION:
        if (in == sizeof(*connect)) {
            connect->Target[sizeof(connect->Target) - 1] = '\0';
            status = StubRdrCreateConnection(StubRdrCaller(Irp), connect->Target);
        }
        break;
    case FSCTL_NWR_DELETE_CONNECTION:
        if (in == sizeof(*disconnect)) {
            disconnect->LocalName[1] = ':';
            disconnect->LocalName[2] = '\0';
            status = StubRdrDeleteConnection(StubRdrCaller(Irp), disconnect->LocalName, buffer,
                                             out, &written);
        }
        break;
    case FSCTL_NWR_LOOKUP_CONNECTION:
        if (buffer == NULL || in == 0 || buffer[in - 1] != '\0')
            break;
        status = out < sizeof(ULONG) ? STATUS_BUFFER_TOO_SMALL
                                     : StubRdrLookupConnection(buffer, (PULONG)buffer);
        written = NT_SUCCESS(status) ? sizeof(ULONG) : 0;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return StubRdrComplete(Irp, status, written);
}

/* An open of the device itself (for FSCTLs) or of a connection's target:
   the "round trip" waits at the gate when a test has closed it. */
static NTSTATUS StubRdrCreate(PDEVICE_OBJECT Device, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    STUBRDR_CONNECTION *c;
    KIRQL irql;

    if (file->FileName.Length == 0)
        return StubRdrComplete(Irp, STATUS_SUCCESS, FILE_OPEN);
    __sync_add_and_fetch(&StubRdrOpensHeld, 1);
    KeWaitForSingleObject(&StubRdrGate, Executive, KernelMode, FALSE, NULL);
    __sync_sub_and_fetch(&StubRdrOpensHeld, 1);
    KeSchedulePoint();
    KeAcquireSpinLock(&StubRdrLock, &irql);
    c = StubRdrFindTarget(file->FileName.Buffer, file->FileName.Length);
    KeReleaseSpinLock(&StubRdrLock, irql);
    return StubRdrComplete(Irp, c != NULL ? STATUS_SUCCESS : STATUS_BAD_NETWORK_NAME, FILE_OPEN);
}

static NTSTATUS StubRdrSucceed(PDEVICE_OBJECT Device, PIRP Irp)
{
    return StubRdrComplete(Irp, STATUS_SUCCESS, 0);
}

static VOID StubRdrUnload(PDRIVER_OBJECT Driver)
{
    IoDeleteDevice(Driver->DeviceObject);
}

NTSTATUS StubRdrDriverEntry(PDRIVER_OBJECT Driver)
{
    PDEVICE_OBJECT device;
    NTSTATUS status;

    memset(StubRdrConnections, 0, sizeof(StubRdrConnections));
    KeInitializeEvent(&StubRdrGate, NotificationEvent, TRUE);
    status = IoCreateDevice(Driver, 0, NWR_DEVICE_NAME, FILE_DEVICE_NETWORK_FILE_SYSTEM,
                            FILE_REMOTE_DEVICE, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    Driver->MajorFunction[IRP_MJ_CREATE] = StubRdrCreate;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = StubRdrSucceed;
    Driver->MajorFunction[IRP_MJ_CLOSE] = StubRdrSucceed;
    Driver->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = StubRdrFsControl;
    Driver->DriverUnload = StubRdrUnload;
    return STATUS_SUCCESS;
}

/* Hold every open of a target until StubRdrOpenGate (tests only). */
VOID StubRdrCloseGate(VOID)
{
    KeClearEvent(&StubRdrGate);
}

VOID StubRdrOpenGate(VOID)
{
    KeSetEvent(&StubRdrGate, 0, FALSE);
}

/* Live connections (the leak check of a test that made some). */
ULONG StubRdrConnectionCount(VOID)
{
    ULONG n = 0;

    for (ULONG i = 0; i < STUBRDR_CONNECTIONS; i++)
        n += StubRdrConnections[i].Live;
    return n;
}
