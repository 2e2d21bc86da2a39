/*
 * ntmutant.c - mutant objects for the native API (type "Mutant", a KMUTANT
 * in the object manager's clothes): NtCreateMutant, NtReleaseMutant; a
 * thread acquires one with NtWaitForSingleObject. CSRSS's basesrv lock is
 * one.
 */
#include <string.h>
#include "ex/ex.h"
#include "ps/ps.h"

#define MUTANT_TAG POOL_TAG('M', 'u', 't', 'a')

POBJECT_TYPE ExMutantObjectType;

/* A mutant object goes while a thread still owns it (its last handle
   closed by the owner, say): it is abandoned first, so that it leaves the
   owner's list of mutants, as NT's delete procedure does. */
static VOID ExpDeleteMutant(PVOID Object)
{
    KeAbandonMutant(Object);
}

VOID ExpInitializeMutantType(VOID)
{
    ExpCreateObjectType("Mutant", MUTANT_TAG, 0x20001, 0x20001, MUTANT_ALL_ACCESS,
                        ExpDeleteMutant, &ExMutantObjectType);
}

static VOID ExpInitializeMutant(PVOID Body, PVOID Context)
{
    KeInitializeMutant(Body);
}

NTSTATUS NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN InitialOwner)
{
    PKMUTANT mutant = NULL;
    NTSTATUS status = ExpCreateObject(ExMutantObjectType, sizeof(KMUTANT), MutantHandle,
                                      DesiredAccess, ObjectAttributes, ExpInitializeMutant, NULL,
                                      (PVOID *)&mutant);

    if (NT_SUCCESS(status)) {
        if (InitialOwner)
            KeWaitForSingleObject(mutant, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(mutant);
    }
    return status;
}

/* Only the owner may release: anyone else gets STATUS_MUTANT_NOT_OWNED
   (in the kernel, KeReleaseMutex would bugcheck). */
NTSTATUS NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    PKMUTANT mutant;
    LONG old;
    NTSTATUS status = PreviousCount != NULL
                          ? ExProbeForWrite(mode, PreviousCount, sizeof(LONG), sizeof(LONG))
                          : STATUS_SUCCESS;

    if (NT_SUCCESS(status))
        status = ObReferenceObjectByHandle(MutantHandle, 0, ExMutantObjectType, mode,
                                           (PVOID *)&mutant, NULL);
    if (!NT_SUCCESS(status))
        return status;
    if (mutant->OwnerThread != KeGetCurrentThread()) {
        ObDereferenceObject(mutant);
        return STATUS_MUTANT_NOT_OWNED;
    }
    old = KeReleaseMutex(mutant, FALSE);
    ObDereferenceObject(mutant);
    return PreviousCount != NULL ? ExCopyToCaller(mode, PreviousCount, &old, sizeof(old))
                                 : STATUS_SUCCESS;
}
