/*
 * nwrinit.c - NWRDR's driver object: \Device\NwRdr (a network file system,
 * FILE_REMOTE_DEVICE), its dispatch table, its hook into process ends,
 * stop and start, and unload. See nwrdrp.h for the objects and locks.
 *
 * A process's end (PsSetCreateProcessNotifyRoutine) ends its user
 * context: its ties go, and with the last of them its NCP connections
 * (End of Job, logout, destroy) - so a process that exits with drives
 * connected leaves no connection on the server. With contexts per logon
 * session (nwrctx=logon) the session's end does that instead
 * (SeRegisterLogonSessionTerminatedRoutine).
 *
 * Unload (no file open on the device, as the I/O manager checks) ends
 * every context as stop does, takes back the notification routine and
 * deletes the device.
 *
 * Interface: NwrDriverEntry (the boot driver table), NwrSetEpoch,
 * NwrFlushServerCache, NwrQueryStatistics; for the other files NwrComplete, NwrLock, NwrUnlock.
 */
#include <string.h>
#include "drivers/nwrdr/nwrdrp.h"

NWR_DATA NwrData;
NWR_FCB NwrDeviceFcb = { .Kind = NwrFcbDevice };

NTSTATUS NwrComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

VOID NwrLock(VOID)
{
    KeWaitForSingleObject(&NwrData.Lock, Executive, KernelMode, FALSE, NULL);
}

VOID NwrUnlock(VOID)
{
    KeReleaseMutex(&NwrData.Lock, FALSE);
}

static VOID NwrProcessNotify(ULONG ParentId, ULONG ProcessId, BOOLEAN Create)
{
    if (!Create)
        NwrEndContext(ProcessId);
}

static VOID NwrLogonSessionEnded(PLUID LogonId)
{
    NwrEndLogonContext(LogonId);
}

/* What the redirector answers to an IRP it has no use for. */
static NTSTATUS NwrNotSupported(PDEVICE_OBJECT Device, PIRP Irp)
{
    return NwrComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

static VOID NwrUnload(PDRIVER_OBJECT Driver)
{
    NwrEndAllContexts();
    PsSetCreateProcessNotifyRoutine(NwrProcessNotify, TRUE);
    SeUnregisterLogonSessionTerminatedRoutine(NwrLogonSessionEnded);
    IoDeleteDevice(NwrData.Device);
    NwrData.Device = NULL;
}

NTSTATUS NwrDriverEntry(PDRIVER_OBJECT Driver)
{
    NTSTATUS status;
    ULONG i;

    memset(&NwrData, 0, sizeof(NwrData));
    KeInitializeMutex(&NwrData.Lock, LockRankNwrData, "NwrData.Lock");
    InitializeListHead(&NwrData.Contexts);
    NwrData.PerLogonSession = KeBootArgs.NwrContext == NWRCTX_LOGON;
    status = IoCreateDevice(Driver, 0, NWR_DEVICE_NAME, FILE_DEVICE_NETWORK_FILE_SYSTEM,
                            FILE_REMOTE_DEVICE, FALSE, &NwrData.Device);
    if (!NT_SUCCESS(status))
        return status;
    status = PsSetCreateProcessNotifyRoutine(NwrProcessNotify, FALSE);
    if (NT_SUCCESS(status)) {
        status = SeRegisterLogonSessionTerminatedRoutine(NwrLogonSessionEnded);
        if (!NT_SUCCESS(status))
            PsSetCreateProcessNotifyRoutine(NwrProcessNotify, TRUE);
    }
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(NwrData.Device);
        return status;
    }
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver->MajorFunction[i] = NwrNotSupported;
    Driver->MajorFunction[IRP_MJ_CREATE] = NwrCreate;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = NwrCleanup;
    Driver->MajorFunction[IRP_MJ_CLOSE] = NwrClose;
    Driver->MajorFunction[IRP_MJ_READ] = NwrRead;
    Driver->MajorFunction[IRP_MJ_WRITE] = NwrWrite;
    Driver->MajorFunction[IRP_MJ_QUERY_INFORMATION] = NwrQueryInformation;
    Driver->MajorFunction[IRP_MJ_SET_INFORMATION] = NwrSetInformation;
    Driver->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = NwrFlush;
    Driver->MajorFunction[IRP_MJ_QUERY_VOLUME_INFORMATION] = NwrQueryVolume;
    Driver->MajorFunction[IRP_MJ_DIRECTORY_CONTROL] = NwrDirectoryControl;
    Driver->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = NwrFsControl;
    Driver->DriverUnload = NwrUnload;
    NwrData.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

/* The epoch NWRDR's new connections carry to ncpserv (0: none): a test
   that resets the server between schedules sets it, so that frames of an
   earlier schedule cannot open a connection. */
VOID NwrSetEpoch(ULONG Epoch)
{
    NwrLock();
    NwrData.Epoch = Epoch;
    NwrUnlock();
}

/* Forget every SAP answer: the next connection to a server asks again
   (a schedule that must not depend on an earlier one's timing). */
VOID NwrFlushServerCache(VOID)
{
    NwrLock();
    memset(NwrData.Sap, 0, sizeof(NwrData.Sap));
    NwrUnlock();
}

VOID NwrQueryStatistics(PNWR_STATISTICS Statistics)
{
    NwrLock();
    *Statistics = NwrData.Stats;
    NwrUnlock();
}
