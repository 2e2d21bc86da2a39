/*
 * sysinfo.c - NtQuerySystemInformation: irplab's classes (include/ntsysinfo.h),
 * each an array of fixed-size records that one function of the subsystem
 * concerned fills.
 *
 * A class's filler writes at most Capacity records into a buffer of the
 * kernel's and says in *Count how many there are; the call copies the whole
 * array to the caller, or - when it does not fit - answers
 * STATUS_INFO_LENGTH_MISMATCH with the length it would take, as NT does.
 * The kernel's buffer is as big as the caller's, up to SYSINFO_MAX_BYTES:
 * an answer longer than that is STATUS_INSUFFICIENT_RESOURCES.
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "hal/hal.h"
#include "io/io.h"
#include "ps/ps.h"

#define SYSINFO_TAG         POOL_TAG('E', 'x', 'S', 'i')
#define SYSINFO_MAX_BYTES   (256u * 1024)

typedef NTSTATUS (*EXP_SYSINFO_FILL)(PVOID Records, ULONG Capacity, ULONG *Count);

static NTSTATUS ExpFillBaseSrv(PVOID Records, ULONG Capacity, ULONG *Count)
{
    SYSTEM_BASESRV_INFORMATION *r = Records;

    if (Capacity >= 1)
        r->Variant = KeBootArgs.BaseSrv;
    *Count = 1;
    return STATUS_SUCCESS;
}

static NTSTATUS ExpFillProcesses(PVOID Records, ULONG Capacity, ULONG *Count)
{
    *Count = PsQueryProcesses(Records, Capacity);
    return STATUS_SUCCESS;
}

/* A scratch array of Count elements for a filler; NULL for none. */
static NTSTATUS ExpAllocateScratch(ULONG Count, ULONG Size, PVOID *Scratch)
{
    *Scratch = NULL;
    if (Count == 0)
        return STATUS_SUCCESS;
    *Scratch = ExAllocatePoolWithTag(NonPagedPool, Count * Size, SYSINFO_TAG);
    return *Scratch != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static VOID ExpFreeScratch(PVOID Scratch)
{
    if (Scratch != NULL)
        ExFreePoolWithTag(Scratch, SYSINFO_TAG);
}

static NTSTATUS ExpFillPool(PVOID Records, ULONG Capacity, ULONG *Count)
{
    SYSTEM_IRPLAB_POOL_TAG *r = Records;
    POOL_TRACKER none, *t;
    ULONG i;
    NTSTATUS status = ExpAllocateScratch(Capacity, sizeof(*t), (PVOID *)&t);

    if (!NT_SUCCESS(status))
        return status;
    *Count = ExQueryPoolTags(t != NULL ? t : &none, Capacity);
    for (i = 0; i < *Count && i < Capacity; i++) {
        r[i].Tag = t[i].Tag;
        r[i].Allocs = t[i].Allocs;
        r[i].Frees = t[i].Frees;
        r[i].Bytes = t[i].Bytes;
    }
    ExpFreeScratch(t);
    return STATUS_SUCCESS;
}

static NTSTATUS ExpFillMemory(PVOID Records, ULONG Capacity, ULONG *Count)
{
    SYSTEM_IRPLAB_MEMORY *r = Records;
    MM_PHYSICAL_INFO m;

    if (Capacity >= 1) {
        MmQueryPhysical(&m);
        r->TotalPages = m.TotalPages;
        r->FreePages = m.FreePages;
        r->KernelPages = m.KernelPages;
        r->HeapPages = m.HeapPages;
    }
    *Count = 1;
    return STATUS_SUCCESS;
}

static NTSTATUS ExpFillPci(PVOID Records, ULONG Capacity, ULONG *Count)
{
    SYSTEM_IRPLAB_PCI_DEVICE *r = Records;
    ULONG n = HalPciDeviceCount(), i;

    for (i = 0; i < n && i < Capacity; i++) {
        const HAL_PCI_DEVICE *d = HalPciDevice(i);

        memset(&r[i], 0, sizeof(r[i]));
        r[i].Bus = d->Bus;
        r[i].Device = d->Device;
        r[i].Function = d->Function;
        r[i].InterruptLine = d->InterruptLine;
        r[i].VendorId = d->VendorId;
        r[i].DeviceId = d->DeviceId;
        r[i].BaseClass = d->BaseClass;
        r[i].SubClass = d->SubClass;
        snprintf(r[i].ClassName, sizeof(r[i].ClassName), "%s",
                 HalPciClassName(d->BaseClass, d->SubClass));
        r[i].Bar0 = d->Bar[0];
    }
    *Count = n;
    return STATUS_SUCCESS;
}

static NTSTATUS ExpFillIrps(PVOID Records, ULONG Capacity, ULONG *Count)
{
    SYSTEM_IRPLAB_IRP *r = Records;
    PDEVICE_OBJECT *devices;
    ULONG i;
    NTSTATUS status = ExpAllocateScratch(Capacity, sizeof(*devices), (PVOID *)&devices);

    if (!NT_SUCCESS(status))
        return status;
    *Count = IoQueryIrps(r, devices, Capacity);
    for (i = 0; i < *Count && i < Capacity; i++) {
        if (devices[i] == NULL)
            continue;
        ObQueryNameString(devices[i], r[i].Device, sizeof(r[i].Device));
        ObDereferenceObject(devices[i]);
    }
    ExpFreeScratch(devices);
    return STATUS_SUCCESS;
}

/* A file is named by its device and the path below it, as NT's
   ObQueryNameString names one. */
static VOID ExpNameObject(PVOID Object, PCHAR Name, ULONG Size)
{
    PFILE_OBJECT file = Object;
    ULONG at;

    if (ObGetObjectType(Object) != IoFileObjectType) {
        ObQueryNameString(Object, Name, Size);
        return;
    }
    ObQueryNameString(file->DeviceObject, Name, Size);
    at = strlen(Name);
    snprintf(Name + at, Size - at, "%.*s", (int)file->FileName.Length, file->FileName.Buffer);
}

static NTSTATUS ExpFillHandles(PVOID Records, ULONG Capacity, ULONG *Count)
{
    SYSTEM_IRPLAB_HANDLE *r = Records;
    POB_HANDLE_SNAPSHOT s;
    ULONG i;
    NTSTATUS status = ExpAllocateScratch(Capacity, sizeof(*s), (PVOID *)&s);

    if (!NT_SUCCESS(status))
        return status;
    *Count = PsSnapshotHandles(s, Capacity);
    for (i = 0; i < *Count && i < Capacity; i++) {
        memset(&r[i], 0, sizeof(r[i]));
        r[i].ProcessId = s[i].ProcessId;
        r[i].Handle = (ULONG)(ULONG_PTR)s[i].Handle;
        r[i].GrantedAccess = s[i].GrantedAccess;
        snprintf(r[i].TypeName, sizeof(r[i].TypeName), "%s", ObGetObjectType(s[i].Object)->Name);
        ExpNameObject(s[i].Object, r[i].Name, sizeof(r[i].Name));
        ObDereferenceObject(s[i].Object);
    }
    ExpFreeScratch(s);
    return STATUS_SUCCESS;
}

static const struct {
    ULONG Class;
    ULONG RecordSize;
    EXP_SYSINFO_FILL Fill;
} ExpSysInfoClasses[] = {
    { SystemBaseSrvInformation, sizeof(SYSTEM_BASESRV_INFORMATION), ExpFillBaseSrv },
    { SystemIrplabProcessInformation, sizeof(SYSTEM_IRPLAB_PROCESS), ExpFillProcesses },
    { SystemIrplabPoolInformation, sizeof(SYSTEM_IRPLAB_POOL_TAG), ExpFillPool },
    { SystemIrplabMemoryInformation, sizeof(SYSTEM_IRPLAB_MEMORY), ExpFillMemory },
    { SystemIrplabPciInformation, sizeof(SYSTEM_IRPLAB_PCI_DEVICE), ExpFillPci },
    { SystemIrplabIrpInformation, sizeof(SYSTEM_IRPLAB_IRP), ExpFillIrps },
    { SystemIrplabHandleInformation, sizeof(SYSTEM_IRPLAB_HANDLE), ExpFillHandles },
};

/* The answer of one class in a buffer of the kernel's: STATUS_SUCCESS with
   *Needed bytes in *Answer, or STATUS_INFO_LENGTH_MISMATCH. */
static NTSTATUS ExpQueryClass(ULONG Index, ULONG Length, PVOID *Answer, ULONG *Needed)
{
    ULONG size = ExpSysInfoClasses[Index].RecordSize;
    ULONG capacity = (Length < SYSINFO_MAX_BYTES ? Length : SYSINFO_MAX_BYTES) / size;
    PVOID buffer;
    ULONG count = 0;
    NTSTATUS status = ExpAllocateScratch(capacity, size, &buffer);

    if (NT_SUCCESS(status))
        status = ExpSysInfoClasses[Index].Fill(buffer, capacity, &count);
    *Needed = count * size;
    if (NT_SUCCESS(status) && count > capacity)
        status = Length >= SYSINFO_MAX_BYTES ? STATUS_INSUFFICIENT_RESOURCES
                                             : STATUS_INFO_LENGTH_MISMATCH;
    if (!NT_SUCCESS(status)) {
        ExpFreeScratch(buffer);
        return status;
    }
    *Answer = buffer;
    return STATUS_SUCCESS;
}

NTSTATUS NtQuerySystemInformation(ULONG SystemInformationClass, PVOID SystemInformation,
                                  ULONG Length, PULONG ReturnLength)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    PVOID answer = NULL;
    ULONG needed = 0, i;
    NTSTATUS status, copied = STATUS_SUCCESS;

    for (i = 0; i < ARRAYSIZE(ExpSysInfoClasses); i++) {
        if (ExpSysInfoClasses[i].Class == SystemInformationClass)
            break;
    }
    if (i == ARRAYSIZE(ExpSysInfoClasses))
        return STATUS_INVALID_INFO_CLASS;
    status = ExpQueryClass(i, Length, &answer, &needed);
    if (NT_SUCCESS(status) && needed != 0)
        copied = ExCopyToCaller(mode, SystemInformation, answer, needed);
    ExpFreeScratch(answer);
    if (ReturnLength != NULL && (NT_SUCCESS(status) || status == STATUS_INFO_LENGTH_MISMATCH) &&
        !NT_SUCCESS(ExCopyToCaller(mode, ReturnLength, &needed, sizeof(needed))))
        return STATUS_ACCESS_VIOLATION;
    return NT_SUCCESS(copied) ? status : copied;
}
