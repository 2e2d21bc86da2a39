/*
 * ntvm.c - the native calls on virtual memory (include/ntmm.h): each
 * captures the caller's in-out address and size, finds the process the
 * handle names (PROCESS_VM_OPERATION, or NtCurrentProcess()), lets
 * virtual.c do the work on its address space, and writes the rounded
 * address and size back.
 */
#include "ex/ex.h"
#include "ntmm.h"
#include "ps/ps.h"

/* The caller's in-out (address, size) pair. */
static NTSTATUS MiCaptureRange(KPROCESSOR_MODE Mode, PVOID *BaseAddress, PSIZE_T RegionSize,
                               ULONG *Base, ULONG *Size)
{
    NTSTATUS status = ExCopyFromCaller(Mode, Base, BaseAddress, sizeof(*Base));

    return NT_SUCCESS(status) ? ExCopyFromCaller(Mode, Size, RegionSize, sizeof(*Size)) : status;
}

static NTSTATUS MiReturnRange(KPROCESSOR_MODE Mode, PVOID *BaseAddress, PSIZE_T RegionSize,
                              ULONG Base, ULONG Size, NTSTATUS Status)
{
    NTSTATUS status = Status;

    if (NT_SUCCESS(Status))
        status = ExCopyToCaller(Mode, BaseAddress, &Base, sizeof(Base));
    if (NT_SUCCESS(Status) && NT_SUCCESS(status))
        status = ExCopyToCaller(Mode, RegionSize, &Size, sizeof(Size));
    return NT_SUCCESS(status) ? Status : status;
}

NTSTATUS NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                 PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    ULONG base, size;
    PEPROCESS p;
    NTSTATUS status = MiCaptureRange(mode, BaseAddress, RegionSize, &base, &size);

    if (!NT_SUCCESS(status))
        return status;
    if (ZeroBits != 0)
        return STATUS_INVALID_PARAMETER_3;
    status = PsReferenceProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &p);
    if (!NT_SUCCESS(status))
        return status;
    status = MmAllocateVirtualMemory(&p->Vm, &base, &size, AllocationType, Protect, FALSE);
    ObDereferenceObject(p);
    return MiReturnRange(mode, BaseAddress, RegionSize, base, size, status);
}

NTSTATUS NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                             ULONG FreeType)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    ULONG base, size;
    PEPROCESS p;
    NTSTATUS status = MiCaptureRange(mode, BaseAddress, RegionSize, &base, &size);

    if (!NT_SUCCESS(status))
        return status;
    status = PsReferenceProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &p);
    if (!NT_SUCCESS(status))
        return status;
    status = MmFreeVirtualMemory(&p->Vm, &base, &size, FreeType);
    ObDereferenceObject(p);
    return MiReturnRange(mode, BaseAddress, RegionSize, base, size, status);
}

NTSTATUS NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                ULONG NewProtect, PULONG OldProtect)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    ULONG base, size, old = 0;
    PEPROCESS p;
    NTSTATUS status = MiCaptureRange(mode, BaseAddress, RegionSize, &base, &size);

    if (NT_SUCCESS(status))
        status = ExProbeForWrite(mode, OldProtect, sizeof(ULONG), sizeof(ULONG));
    if (!NT_SUCCESS(status))
        return status;
    status = PsReferenceProcessByHandle(ProcessHandle, PROCESS_VM_OPERATION, &p);
    if (!NT_SUCCESS(status))
        return status;
    status = MmProtectVirtualMemory(&p->Vm, &base, &size, NewProtect, &old);
    ObDereferenceObject(p);
    if (NT_SUCCESS(status))
        status = ExCopyToCaller(mode, OldProtect, &old, sizeof(old));
    return MiReturnRange(mode, BaseAddress, RegionSize, base, size, status);
}

NTSTATUS NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, ULONG InformationClass,
                              PVOID Information, SIZE_T Length, PSIZE_T ReturnLength)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    MEMORY_BASIC_INFORMATION info;
    ULONG size = sizeof(info);
    PEPROCESS p;
    NTSTATUS status;

    if (InformationClass != MemoryBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (Length < sizeof(info))
        return STATUS_INFO_LENGTH_MISMATCH;
    status = PsReferenceProcessByHandle(ProcessHandle, PROCESS_QUERY_INFORMATION, &p);
    if (!NT_SUCCESS(status))
        return status;
    status = MmQueryVirtualMemory(&p->Vm, (ULONG)BaseAddress, &info);
    ObDereferenceObject(p);
    if (NT_SUCCESS(status))
        status = ExCopyToCaller(mode, Information, &info, sizeof(info));
    if (NT_SUCCESS(status) && ReturnLength != NULL)
        status = ExCopyToCaller(mode, ReturnLength, &size, sizeof(size));
    return status;
}
