/*
 * ramfs.c - \Device\RamFs, the test file system (see drivers.h).
 *
 * Names are compared without case, as NT's file systems do. Files live in
 * a fixed table. FsContext is the file (NULL: the volume,
 * which lists the files), FsContext2 a pool block per open holding its
 * number and directory position (freed at CLOSE, so a lost CLOSE shows in
 * the leak audit).
 * Reads of a file whose name starts with SLOW are queued to the worker
 * thread; TIMED ones complete from a timer DPC; WAITER reads wait, with a
 * cancel routine, for the next write to WAITER. The worker owns the queue
 * under RamFsLock; pending WAITER reads are on their own list under the
 * cancel spinlock, as NT's cancel-safe pattern requires.
 */
#include <string.h>
#include <strings.h>
#include "ex/zw.h"
#include "ps/ps.h"
#include "tests/guest/drivers/drivers.h"

#define RAMFS_FILES     16
#define RAMFS_DATA      4096
#define OPEN_TAG        POOL_TAG('R', 'f', 'O', 'p')

typedef struct _RAMFS_FILE {
    CHAR Name[32];
    ULONG Size;
    BOOLEAN InUse;
    UCHAR Data[RAMFS_DATA];
} RAMFS_FILE;

RAMFS_STATS RamFsStats;
static RAMFS_FILE RamFsFiles[RAMFS_FILES];
static LIST_ENTRY RamFsQueue, RamFsWaiters;
static KSPIN_LOCK RamFsLock;
static KEVENT RamFsWork;
static volatile BOOLEAN RamFsStop;
static PETHREAD RamFsWorker;
static KTIMER RamFsTimer;
static KDPC RamFsDpc;
static PIRP RamFsTimedIrp;

static NTSTATUS RamFsComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static RAMFS_FILE *RamFsFind(PCSTRING Path, BOOLEAN Create)
{
    RAMFS_FILE *free = NULL;
    ULONG i, n = Path->Length > 0 && Path->Buffer[0] == '\\' ? 1 : 0;

    if (Path->Length - n == 0 || Path->Length - n >= sizeof(RamFsFiles[0].Name))
        return NULL;
    for (i = 0; i < RAMFS_FILES; i++) {
        RAMFS_FILE *f = &RamFsFiles[i];
        if (f->InUse && strlen(f->Name) == Path->Length - n &&
            strncasecmp(f->Name, Path->Buffer + n, Path->Length - n) == 0)
            return f;
        if (!f->InUse && free == NULL)
            free = f;
    }
    if (!Create || free == NULL)
        return NULL;
    memset(free, 0, sizeof(*free));
    memcpy(free->Name, Path->Buffer + n, Path->Length - n);
    free->InUse = TRUE;
    return free;
}

static NTSTATUS RamFsCreate(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG disposition = sp->Parameters.Create.Options >> 24;
    PFILE_OBJECT file = sp->FileObject;
    RAMFS_FILE *f = NULL;
    LONG *open;

    if (file->FileName.Length > 1) {
        f = RamFsFind(&file->FileName, FALSE);
        if (f != NULL && disposition == FILE_CREATE)
            return RamFsComplete(Irp, STATUS_OBJECT_NAME_COLLISION, 0);
        if (f == NULL && disposition == FILE_OPEN)
            return RamFsComplete(Irp, STATUS_OBJECT_NAME_NOT_FOUND, 0);
        if (f == NULL && (f = RamFsFind(&file->FileName, TRUE)) == NULL)
            return RamFsComplete(Irp, STATUS_OBJECT_NAME_INVALID, 0);
    }
    open = ExAllocatePoolWithTag(NonPagedPool, 2 * sizeof(*open), OPEN_TAG);
    if (open == NULL)
        return RamFsComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    open[0] = ++RamFsStats.Opens;
    open[1] = 0;                /* directory scan position */
    file->FsContext = f;
    file->FsContext2 = open;
    RamFsStats.Creates++;
    return RamFsComplete(Irp, STATUS_SUCCESS, FILE_OPEN);
}

static NTSTATUS RamFsReadNow(PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;
    LONG64 off = sp->Parameters.Read.ByteOffset;
    ULONG n;

    if (f == NULL)
        return RamFsComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (off >= f->Size)
        return RamFsComplete(Irp, STATUS_END_OF_FILE, 0);
    n = f->Size - (ULONG)off < sp->Parameters.Read.Length ? f->Size - (ULONG)off
                                                          : sp->Parameters.Read.Length;
    memcpy(Irp->SystemBuffer, f->Data + off, n);
    return RamFsComplete(Irp, STATUS_SUCCESS, n);
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

static NTSTATUS RamFsWrite(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;
    LONG64 off = sp->Parameters.Write.ByteOffset;
    ULONG n = sp->Parameters.Write.Length;

    if (f == NULL)
        return RamFsComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (strcmp(f->Name, "WAITER") == 0) {
        RamFsWakeWaiter(Irp->SystemBuffer, n);
        return RamFsComplete(Irp, STATUS_SUCCESS, n);
    }
    if (off < 0 || off + n > RAMFS_DATA)
        return RamFsComplete(Irp, STATUS_DISK_FULL, 0);
    memcpy(f->Data + off, Irp->SystemBuffer, n);
    if (off + n > f->Size)
        f->Size = (ULONG)off + n;
    return RamFsComplete(Irp, STATUS_SUCCESS, n);
}

static NTSTATUS RamFsQueryInformation(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    RAMFS_FILE *f = sp->FileObject->FsContext;
    FILE_STANDARD_INFORMATION *info = Irp->SystemBuffer;

    if (sp->Parameters.QueryFile.FileInformationClass != FileStandardInformation)
        return RamFsComplete(Irp, STATUS_INVALID_INFO_CLASS, 0);
    if (sp->Parameters.QueryFile.Length < sizeof(*info))
        return RamFsComplete(Irp, STATUS_INFO_LENGTH_MISMATCH, 0);
    memset(info, 0, sizeof(*info));
    info->EndOfFile = f ? f->Size : 0;
    info->Directory = f == NULL;
    info->NumberOfLinks = 1;
    return RamFsComplete(Irp, STATUS_SUCCESS, sizeof(*info));
}

/* The volume: its label and how full it is (FileFsSizeInformation is two
   counts of 4 KiB units here). */
static NTSTATUS RamFsQueryVolume(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG *units = Irp->SystemBuffer, used = 0, i;

    if (sp->Parameters.QueryVolume.FsInformationClass != FileFsSizeInformation)
        return RamFsComplete(Irp, STATUS_INVALID_INFO_CLASS, 0);
    if (sp->Parameters.QueryVolume.Length < 2 * sizeof(ULONG))
        return RamFsComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    for (i = 0; i < RAMFS_FILES; i++)
        used += RamFsFiles[i].InUse;
    units[0] = RAMFS_FILES;
    units[1] = RAMFS_FILES - used;
    return RamFsComplete(Irp, STATUS_SUCCESS, 2 * sizeof(ULONG));
}

/* Appends one FILE_DIRECTORY_INFORMATION for f at *Used; FALSE when it does
   not fit. */
static BOOLEAN RamFsPackEntry(PUCHAR Buffer, ULONG Length, ULONG *Used, ULONG *LastOffset,
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
    e->FileNameLength = strlen(f->Name);
    memcpy(e->FileName, f->Name, e->FileNameLength);
    *LastOffset = *Used;
    *Used += size;
    return TRUE;
}

/* Lists the volume from the open's saved position (FsContext2's second
   word); FileIndex set by the caller means start again. */
static NTSTATUS RamFsDirectory(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    LONG *open = sp->FileObject->FsContext2;
    ULONG used = 0, last = 0, i;

    if (sp->FileObject->FsContext != NULL)
        return RamFsComplete(Irp, STATUS_NOT_A_DIRECTORY, 0);
    if (sp->Parameters.QueryDirectory.FileIndex)
        open[1] = 0;
    for (i = (ULONG)open[1]; i < RAMFS_FILES; i++) {
        if (!RamFsFiles[i].InUse)
            continue;
        if (!RamFsPackEntry(Irp->SystemBuffer, sp->Parameters.QueryDirectory.Length, &used, &last,
                            &RamFsFiles[i], i))
            break;
        if (sp->Flags)          /* ReturnSingleEntry */
            { i++; break; }
    }
    open[1] = (LONG)i;
    if (used == 0)
        return RamFsComplete(Irp, i >= RAMFS_FILES ? STATUS_NO_MORE_FILES : STATUS_BUFFER_TOO_SMALL, 0);
    return RamFsComplete(Irp, STATUS_SUCCESS, used);
}

/* One control code: how many opens the volume has seen, returned as a ULONG. */
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

static NTSTATUS RamFsCleanupClose(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MajorFunction == IRP_MJ_CLEANUP) {
        RamFsStats.Cleanups++;
    } else {
        RamFsStats.Closes++;
        ExFreePoolWithTag(sp->FileObject->FsContext2, OPEN_TAG);
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
    DriverObject->MajorFunction[IRP_MJ_QUERY_VOLUME_INFORMATION] = RamFsQueryVolume;
    DriverObject->MajorFunction[IRP_MJ_DIRECTORY_CONTROL] = RamFsDirectory;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RamFsDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = RamFsCleanupClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RamFsCleanupClose;
    DriverObject->DriverUnload = RamFsUnload;
    return STATUS_SUCCESS;
}
