/*
 * ntmutant.c - mutant objects for the native API (type "Mutant", a KMUTANT
 * in the object manager's clothes): NtCreateMutant, NtReleaseMutant; a
 * thread acquires one with NtWaitForSingleObject. CSRSS's basesrv lock is
 * one. Also NtQuerySystemInformation, for the one class user/ needs.
 */
#include <string.h>
#include "ex/ex.h"
#include "ps/ps.h"

#define MUTANT_TAG POOL_TAG('M', 'u', 't', 'a')

POBJECT_TYPE ExMutantObjectType;

VOID ExpInitializeMutantType(VOID)
{
    ExpCreateObjectType("Mutant", MUTANT_TAG, 0x20001, 0x20001, MUTANT_ALL_ACCESS,
                        &ExMutantObjectType);
}

NTSTATUS NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN InitialOwner)
{
    PKMUTANT mutant;
    NTSTATUS status;

    status = ObCreateObject(ExMutantObjectType, ObjectAttributes ? ObjectAttributes->Attributes : 0,
                            sizeof(*mutant), (PVOID *)&mutant);
    if (!NT_SUCCESS(status))
        return status;
    KeInitializeMutex(mutant, 0);
    status = ObInsertObjectInTable(mutant, ObjectAttributes ? ObjectAttributes->ObjectName : NULL,
                                   DesiredAccess, PsGetCurrentHandleTable(), NULL, MutantHandle);
    if (NT_SUCCESS(status) && InitialOwner)
        KeWaitForSingleObject(mutant, Executive, KernelMode, FALSE, NULL);
    return status;
}

/* Only the owner may release: anyone else gets STATUS_MUTANT_NOT_OWNED
   (in the kernel, KeReleaseMutex would bugcheck). */
NTSTATUS NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
    PKMUTANT mutant;
    NTSTATUS status = ObReferenceObjectByHandleInTable(PsGetCurrentHandleTable(), MutantHandle,
                                                       0, ExMutantObjectType, (PVOID *)&mutant,
                                                       NULL);
    LONG old;

    if (!NT_SUCCESS(status))
        return status;
    if (mutant->OwnerThread != KeGetCurrentThread()) {
        ObDereferenceObject(mutant);
        return STATUS_MUTANT_NOT_OWNED;
    }
    old = KeReleaseMutex(mutant, FALSE);
    ObDereferenceObject(mutant);
    if (PreviousCount != NULL)
        *PreviousCount = old;
    return STATUS_SUCCESS;
}

NTSTATUS NtQuerySystemInformation(ULONG SystemInformationClass, PVOID SystemInformation,
                                  ULONG Length, PULONG ReturnLength)
{
    SYSTEM_BASESRV_INFORMATION *info = SystemInformation;

    if (SystemInformationClass != SystemBaseSrvInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (ReturnLength != NULL)
        *ReturnLength = sizeof(*info);
    if (Length < sizeof(*info))
        return STATUS_INFO_LENGTH_MISMATCH;
    info->Variant = KeBootArgs.BaseSrv;
    return STATUS_SUCCESS;
}
