/*
 * ntwait.c - NtWaitForSingleObject and NtWaitForMultipleObjects: waiting on
 * what a handle names. Waitable are events, mutants (a wait acquires one), processes and threads (signalled
 * when they end), and file objects (their completion event).
 */
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"

/* The dispatcher object behind Object, or NULL if it cannot be waited on. */
static PVOID ExpWaitableObject(PVOID Object)
{
    POBJECT_TYPE type = ObGetObjectType(Object);

    if (type == ExEventObjectType || type == ExMutantObjectType)
        return Object;
    if (type == PsProcessType)
        return &((PEPROCESS)Object)->Pcb.Header;
    if (type == PsThreadType)
        return &((PETHREAD)Object)->Tcb.Header;
    if (type == IoFileObjectType)
        return &((PFILE_OBJECT)Object)->Event;
    return NULL;
}

NTSTATUS NtWaitForMultipleObjects(ULONG Count, const HANDLE Handles[], WAIT_TYPE WaitType,
                                  BOOLEAN Alertable, const LONG64 *Timeout)
{
    PVOID objects[THREAD_WAIT_OBJECTS], waitable[THREAD_WAIT_OBJECTS];
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i, referenced = 0;

    if (Count == 0 || Count > THREAD_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER;
    for (i = 0; i < Count && NT_SUCCESS(status); i++) {
        status = ObReferenceObjectByHandleInTable(PsGetCurrentHandleTable(), Handles[i],
                                                  SYNCHRONIZE, NULL, &objects[i], NULL);
        if (NT_SUCCESS(status)) {
            referenced++;
            waitable[i] = ExpWaitableObject(objects[i]);
            if (waitable[i] == NULL)
                status = STATUS_OBJECT_TYPE_MISMATCH;
        }
    }
    if (NT_SUCCESS(status))
        status = KeWaitForMultipleObjects(Count, waitable, WaitType, Executive, KernelMode,
                                          Alertable, Timeout, NULL);
    for (i = 0; i < referenced; i++)
        ObDereferenceObject(objects[i]);
    return status;
}

NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, const LONG64 *Timeout)
{
    return NtWaitForMultipleObjects(1, &Handle, WaitAny, Alertable, Timeout);
}
