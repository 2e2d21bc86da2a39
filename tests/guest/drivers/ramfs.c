/*
 * ramfs.c - \Device\RamFs, the test file system (see drivers.h, ramfs.h).
 *
 * Opens are ramfsopen.c's, information requests ramfsinfo.c's; here are
 * the driver's start and unload, reads, writes, listings, control codes,
 * CLEANUP and CLOSE. A file opened for synchronous I/O has its
 * CurrentByteOffset moved past what a read or write moved. The CLEANUP of
 * a file's last handle deletes it when a delete is pending.
 *
 * Reads of a file whose name starts with SLOW are queued to the worker
 * thread; TIMED ones complete from a timer DPC; WAITER reads wait, with a
 * cancel routine, for the next write to WAITER. The worker owns the queue
 * under RamFsLock; pending WAITER reads are on their own list under the
 * cancel spinlock, as NT's cancel-safe pattern requires. RamFsSlotLock
 * guards the slots (ramfs.h): held for what a request reads or changes of
 * them, never across IoCompleteRequest, never together with another lock.
 */
#include <string.h>
#include "ex/zw.h"
#include "ps/ps.h"
#include "tests/guest/drivers/ramfs.h"

RAMFS_STATS RamFsStats;
RAMFS_FILE RamFsFiles[RAMFS_FILES];
KSPIN_LOCK RamFsSlotLock = KSPIN_LOCK_INIT(LockRankRamFsSlot, "RamFsSlotLock");
static LIST_ENTRY RamFsQueue, RamFsWaiters;
static KSPIN_LOCK RamFsLock = KSPIN_LOCK_INIT(LockRankRamFs, "RamFsLock");
static KEVENT RamFsWork;
static volatile BOOLEAN RamFsStop;
static PETHREAD RamFsWorker;
static KTIMER RamFsTimer;
static KDPC RamFsDpc;
static PIRP RamFsTimedIrp;

NTSTATUS RamFsComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Runs Routine with the slots locked and completes the IRP with what it
   says (the Information of a warning, such as STATUS_BUFFER_OVERFLOW, too).
   Routine is short and never waits. */
NTSTATUS RamFsCallLocked(PIRP Irp, RAMFS_LOCKED_ROUTINE Routine)
{
    ULONG_PTR information = 0;
    NTSTATUS status;
    KIRQL irql;

    KeAcquireSpinLock(&RamFsSlotLock, &irql);
    status = Routine(Irp, &information);
    KeReleaseSpinLock(&RamFsSlotLock, irql);
    return RamFsComplete(Irp, status, NT_ERROR(status) ? 0 : information);
}

/* A file time: kernel time from a fixed date, so that it is NT's kind of
   value and the same for one seed under sched=pct. */
LONG64 RamFsNow(VOID)
{
    return RAMFS_EPOCH + (LONG64)KeQueryKernelTime();
}

LONG RamFsSlot(const RAMFS_FILE *File)
{
    return File == NULL ? RAMFS_ROOT : (LONG)(File - RamFsFiles);
}

BOOLEAN RamFsIsDirectory(const RAMFS_FILE *File)
{
    return File == NULL || (File->Attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
}

/* A synchronous file's position moves past what a read or write moved. */
static VOID RamFsAdvance(PFILE_OBJECT File, LONG64 Offset, ULONG Moved)
{
    if (File->Flags & FO_SYNCHRONOUS_IO)
        File->CurrentByteOffset = Offset + Moved;
}

static NTSTATUS RamFsReadNow(PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;
    LONG64 off = sp->Parameters.Read.ByteOffset;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&RamFsSlotLock, &irql);
    if (RamFsIsDirectory(f))
        status = STATUS_INVALID_DEVICE_REQUEST;
    else if (off < 0 || off >= f->Size)
        status = STATUS_END_OF_FILE;
    else
        n = f->Size - (ULONG)off < sp->Parameters.Read.Length ? f->Size - (ULONG)off
                                                              : sp->Parameters.Read.Length;
    if (n != 0)
        memcpy(Irp->SystemBuffer, f->Data + off, n);
    KeReleaseSpinLock(&RamFsSlotLock, irql);
    if (NT_SUCCESS(status))
        RamFsAdvance(sp->FileObject, off, n);
    return RamFsComplete(Irp, status, n);
}

static VOID RamFsCancelWaiter(PDEVICE_OBJECT Device, PIRP Irp)
{
    RemoveEntryList(&Irp->Tail.Apc.ApcListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    RamFsStats.Cancels++;
    RamFsComplete(Irp, STATUS_CANCELLED, 0);
}

/* A WAITER read: parked until a write or a cancel. The IRP's APC links
   are free while a driver owns the IRP, so they make the list link. */
static NTSTATUS RamFsPark(PIRP Irp)
{
    KIRQL irql;

    IoMarkIrpPending(Irp);
    IoAcquireCancelSpinLock(&irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(irql);
        RamFsStats.Cancels++;
        RamFsComplete(Irp, STATUS_CANCELLED, 0);
        return STATUS_PENDING;
    }
    InsertTailList(&RamFsWaiters, &Irp->Tail.Apc.ApcListEntry);
    IoSetCancelRoutine(Irp, RamFsCancelWaiter);
    IoReleaseCancelSpinLock(irql);
    return STATUS_PENDING;
}

static VOID RamFsTimedDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    PIRP irp = RamFsTimedIrp;

    RamFsTimedIrp = NULL;
    RamFsStats.ViaDpc++;
    RamFsReadNow(irp);
}

static NTSTATUS RamFsRead(PDEVICE_OBJECT Device, PIRP Irp)
{
    RAMFS_FILE *f = IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext;
    KIRQL irql;

    if (f != NULL && strcmp(f->Name, "WAITER") == 0)
        return RamFsPark(Irp);
    if (f != NULL && strncmp(f->Name, "SLOW", 4) == 0) {
        IoMarkIrpPending(Irp);
        KeAcquireSpinLock(&RamFsLock, &irql);
        InsertTailList(&RamFsQueue, &Irp->Tail.Apc.ApcListEntry);
        KeReleaseSpinLock(&RamFsLock, irql);
        KeSetEvent(&RamFsWork, 0, FALSE);
        return STATUS_PENDING;
    }
    if (f != NULL && strncmp(f->Name, "TIMED", 5) == 0 && RamFsTimedIrp == NULL) {
        IoMarkIrpPending(Irp);
        RamFsTimedIrp = Irp;
        KeSetTimer(&RamFsTimer, -2 * (LONG64)KTIME_PER_MS, &RamFsDpc);
        return STATUS_PENDING;
    }
    return RamFsReadNow(Irp);
}

/* Completes one parked WAITER read with Data, if one is parked. */
static VOID RamFsWakeWaiter(const UCHAR *Data, ULONG Length)
{
    PIRP irp = NULL;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    if (!IsListEmpty(&RamFsWaiters)) {
        irp = CONTAINING_RECORD(RemoveHeadList(&RamFsWaiters), IRP, Tail.Apc.ApcListEntry);
        IoSetCancelRoutine(irp, NULL);
    }
    IoReleaseCancelSpinLock(irql);
    if (irp == NULL)
        return;
    if (Length > IoGetCurrentIrpStackLocation(irp)->Parameters.Read.Length)
        Length = IoGetCurrentIrpStackLocation(irp)->Parameters.Read.Length;
    memcpy(irp->SystemBuffer, Data, Length);
    RamFsComplete(irp, STATUS_SUCCESS, Length);
}

/* Everything of a write but the completion; RamFsSlotLock held. */
static NTSTATUS RamFsWriteLocked(RAMFS_FILE *f, LONG64 Offset, const VOID *Data, ULONG Length)
{
    if (RamFsIsDirectory(f))
        return STATUS_INVALID_DEVICE_REQUEST;
    if (Offset < 0 || Offset + Length > RAMFS_DATA)
        return STATUS_DISK_FULL;
    memcpy(f->Data + Offset, Data, Length);
    if (Offset + Length > f->Size)
        f->Size = (ULONG)Offset + Length;
    f->LastWriteTime = f->ChangeTime = RamFsNow();
    f->Attributes |= FILE_ATTRIBUTE_ARCHIVE;
    return STATUS_SUCCESS;
}

static NTSTATUS RamFsWrite(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;
    LONG64 off = sp->Parameters.Write.ByteOffset;
    ULONG n = sp->Parameters.Write.Length;
    NTSTATUS status;
    KIRQL irql;

    if (f != NULL && strcmp(f->Name, "WAITER") == 0) {
        RamFsWakeWaiter(Irp->SystemBuffer, n);
        return RamFsComplete(Irp, STATUS_SUCCESS, n);
    }
    KeAcquireSpinLock(&RamFsSlotLock, &irql);
    status = RamFsWriteLocked(f, off, Irp->SystemBuffer, n);
    KeReleaseSpinLock(&RamFsSlotLock, irql);
    if (!NT_SUCCESS(status))
        return RamFsComplete(Irp, status, 0);
    RamFsAdvance(sp->FileObject, off, n);
    return RamFsComplete(Irp, STATUS_SUCCESS, n);
}

/* Appends one FILE_DIRECTORY_INFORMATION for f at *Used; FALSE when it does
   not fit. */
static BOOLEAN RamFsPackEntry(PUCHAR Buffer, ULONG Length, ULONG_PTR *Used, ULONG *LastOffset,
                              const RAMFS_FILE *f, ULONG Index)
{
    ULONG size = (offsetof(FILE_DIRECTORY_INFORMATION, FileName) + strlen(f->Name) + 7) & ~7u;
    FILE_DIRECTORY_INFORMATION *e = (FILE_DIRECTORY_INFORMATION *)(Buffer + *Used);

    if (*Used + size > Length)
        return FALSE;
    if (*Used != 0)
        ((FILE_DIRECTORY_INFORMATION *)(Buffer + *LastOffset))->NextEntryOffset = *Used - *LastOffset;
    memset(e, 0, size);
    e->FileIndex = Index;
    e->EndOfFile = f->Size;
    e->FileAttributes = f->Attributes != 0 ? f->Attributes : FILE_ATTRIBUTE_NORMAL;
    e->FileNameLength = strlen(f->Name);
    memcpy(e->FileName, f->Name, e->FileNameLength);
    *LastOffset = *Used;
    *Used += size;
    return TRUE;
}

/* Lists a directory from the open's saved position; FileIndex set by the
   caller means start again. RamFsSlotLock held. */
static NTSTATUS RamFsListLocked(PIRP Irp, ULONG_PTR *Used)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buffer = Irp->SystemBuffer;
    RAMFS_FILE *dir = sp->FileObject->FsContext;
    RAMFS_OPEN *open = sp->FileObject->FsContext2;
    LONG slot = RamFsSlot(dir);
    ULONG last = 0, i;

    if (!RamFsIsDirectory(dir))
        return STATUS_NOT_A_DIRECTORY;
    if (sp->Parameters.QueryDirectory.FileIndex)
        open->Position = 0;
    for (i = open->Position; i < RAMFS_FILES; i++) {
        if (!RamFsFiles[i].InUse || RamFsFiles[i].Parent != slot)
            continue;
        if (!RamFsPackEntry(buffer, sp->Parameters.QueryDirectory.Length, Used, &last,
                            &RamFsFiles[i], i))
            break;
        if (sp->Flags)          /* ReturnSingleEntry */
            { i++; break; }
    }
    open->Position = i;
    if (*Used == 0)
        return i >= RAMFS_FILES ? STATUS_NO_MORE_FILES : STATUS_BUFFER_TOO_SMALL;
    return STATUS_SUCCESS;
}

static NTSTATUS RamFsDirectory(PDEVICE_OBJECT Device, PIRP Irp)
{
    return RamFsCallLocked(Irp, RamFsListLocked);
}

/* IOCTL_RAMFS_OPEN_FOR_SELF (drivers.h): the driver opens \Device\Null for
   itself, inside the caller's request, both ways a driver might. */
static NTSTATUS RamFsOpenForSelf(PIRP Irp, ULONG OutputLength)
{
    static CHAR text[] = "\\Device\\Null";
    STRING name = { sizeof(text) - 1, sizeof(text) - 1, text };
    RAMFS_SELF_OPEN *out = Irp->SystemBuffer;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE h;

    if (OutputLength < sizeof(*out))
        return RamFsComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    out->NtStatus = NtCreateFile(&h, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
    if (NT_SUCCESS(out->NtStatus))
        ZwClose(h);
    out->ZwStatus = ZwCreateFile(&RamFsStats.SelfHandle, FILE_ALL_ACCESS, &oa, &iosb,
                                 FILE_OPEN, 0);
    out->Handle = RamFsStats.SelfHandle;
    return RamFsComplete(Irp, STATUS_SUCCESS, sizeof(*out));
}

static NTSTATUS RamFsQuerySubject(PIRP Irp, ULONG OutputLength)
{
    RAMFS_SUBJECT *out = Irp->SystemBuffer;
    SECURITY_SUBJECT_CONTEXT subject;

    if (OutputLength < sizeof(*out))
        return RamFsComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    SeCaptureSubjectContext(&subject);
    out->ProcessId = subject.ProcessId;
    out->LogonIdLow = subject.LogonId.LowPart;
    out->LogonIdHigh = subject.LogonId.HighPart;
    out->Impersonating = subject.Impersonating;
    return RamFsComplete(Irp, STATUS_SUCCESS, sizeof(*out));
}

static NTSTATUS RamFsDeviceControl(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLength = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RAMFS_OPEN_COUNT:
        if (outLength < sizeof(ULONG))
            return RamFsComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        *(ULONG *)Irp->SystemBuffer = (ULONG)RamFsStats.Opens;
        return RamFsComplete(Irp, STATUS_SUCCESS, sizeof(ULONG));
    case IOCTL_RAMFS_OPEN_FOR_SELF:
        return RamFsOpenForSelf(Irp, outLength);
    case IOCTL_RAMFS_QUERY_SUBJECT:
        return RamFsQuerySubject(Irp, outLength);
    default:
        return RamFsComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

/* CLEANUP: the last handle to a file with a delete pending deletes it.
   CLOSE: the file object's last reference; the slot may be reused. */
static NTSTATUS RamFsCleanupClose(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;
    KIRQL irql;

    KeAcquireSpinLock(&RamFsSlotLock, &irql);
    if (sp->MajorFunction == IRP_MJ_CLEANUP && f != NULL && --f->Handles == 0 &&
        f->DeletePending) {
        f->InUse = FALSE;
        RamFsStats.Deletes++;
    } else if (sp->MajorFunction == IRP_MJ_CLOSE && f != NULL) {
        f->Opens--;
    }
    KeReleaseSpinLock(&RamFsSlotLock, irql);
    if (sp->MajorFunction == IRP_MJ_CLEANUP) {
        RamFsStats.Cleanups++;
    } else {
        RamFsStats.Closes++;
        ExFreePoolWithTag(sp->FileObject->FsContext2, RAMFS_OPEN_TAG);
    }
    return RamFsComplete(Irp, STATUS_SUCCESS, 0);
}

static VOID RamFsWorkerThread(PVOID Context)
{
    while (!RamFsStop) {
        PIRP irp = NULL;
        KIRQL irql;

        KeWaitForSingleObject(&RamFsWork, Executive, KernelMode, FALSE, NULL);
        for (;;) {
            KeAcquireSpinLock(&RamFsLock, &irql);
            irp = IsListEmpty(&RamFsQueue) ? NULL :
                  CONTAINING_RECORD(RemoveHeadList(&RamFsQueue), IRP, Tail.Apc.ApcListEntry);
            KeReleaseSpinLock(&RamFsLock, irql);
            if (irp == NULL)
                break;
            RamFsStats.Deferred++;
            RamFsReadNow(irp);
        }
    }
}

static VOID RamFsUnload(PDRIVER_OBJECT Driver)
{
    RamFsStop = TRUE;
    KeSetEvent(&RamFsWork, 0, FALSE);
    KeWaitForSingleObject(RamFsWorker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(RamFsWorker);
    KeCancelTimer(&RamFsTimer);
    IoDeleteDevice(Driver->DeviceObject);
    RamFsStats.Unloaded = TRUE;
}

NTSTATUS RamFsDriverEntry(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device;
    NTSTATUS status;

    memset(&RamFsStats, 0, sizeof(RamFsStats));
    memset(RamFsFiles, 0, sizeof(RamFsFiles));
    InitializeListHead(&RamFsQueue);
    InitializeListHead(&RamFsWaiters);
    KeInitializeEvent(&RamFsWork, SynchronizationEvent, FALSE);
    KeInitializeTimer(&RamFsTimer);
    KeInitializeDpc(&RamFsDpc, RamFsTimedDpc, NULL);
    RamFsStop = FALSE;
    status = IoCreateDevice(DriverObject, 0, "\\Device\\RamFs", FILE_DEVICE_DISK_FILE_SYSTEM, 0,
                            FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    status = PsCreateSystemThread(NULL, "ramfs-worker", RamFsWorkerThread, NULL, &RamFsWorker);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RamFsCreate;
    DriverObject->MajorFunction[IRP_MJ_READ] = RamFsRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RamFsWrite;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = RamFsQueryInformation;
    DriverObject->MajorFunction[IRP_MJ_SET_INFORMATION] = RamFsSetInformation;
    DriverObject->MajorFunction[IRP_MJ_QUERY_VOLUME_INFORMATION] = RamFsQueryVolume;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = RamFsFlush;
    DriverObject->MajorFunction[IRP_MJ_DIRECTORY_CONTROL] = RamFsDirectory;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RamFsDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = RamFsCleanupClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RamFsCleanupClose;
    DriverObject->DriverUnload = RamFsUnload;
    return STATUS_SUCCESS;
}
