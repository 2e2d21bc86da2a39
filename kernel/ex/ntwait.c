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

/* The dispatcher objects behind Count handles, each referenced (*Referenced
   of them, to be dropped whatever the result). */
static NTSTATUS ExpReferenceWaitables(KPROCESSOR_MODE Mode, ULONG Count, const HANDLE *Handles,
                                      PVOID *Objects, PVOID *Waitable, ULONG *Referenced)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    *Referenced = 0;
    for (i = 0; i < Count && NT_SUCCESS(status); i++) {
        status = ObReferenceObjectByHandle(Handles[i], SYNCHRONIZE, NULL, Mode, &Objects[i], NULL);
        if (NT_SUCCESS(status)) {
            (*Referenced)++;
            Waitable[i] = ExpWaitableObject(Objects[i]);
            if (Waitable[i] == NULL)
                status = STATUS_OBJECT_TYPE_MISMATCH;
        }
    }
    return status;
}

/* A process's wait is in UserMode: it ends early (STATUS_USER_APC) when the
   thread is being ended. Alertable is accepted and has no effect. */
NTSTATUS NtWaitForMultipleObjects(ULONG Count, const HANDLE Handles[], WAIT_TYPE WaitType,
                                  BOOLEAN Alertable, const LONG64 *Timeout)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    PVOID objects[THREAD_WAIT_OBJECTS], waitable[THREAD_WAIT_OBJECTS];
    HANDLE handles[THREAD_WAIT_OBJECTS];
    const LONG64 *timeout;
    LONG64 copy;
    ULONG i, referenced = 0;
    NTSTATUS status;

    if (Count == 0 || Count > THREAD_WAIT_OBJECTS || (WaitType != WaitAll && WaitType != WaitAny))
        return STATUS_INVALID_PARAMETER;
    status = ExCopyFromCaller(mode, handles, Handles, Count * sizeof(HANDLE));
    if (NT_SUCCESS(status))
        status = ExCaptureTimeout(mode, Timeout, &copy, &timeout);
    if (NT_SUCCESS(status))
        status = ExpReferenceWaitables(mode, Count, handles, objects, waitable, &referenced);
    if (NT_SUCCESS(status))
        status = KeWaitForMultipleObjects(Count, waitable, WaitType, Executive, mode,
                                          Alertable, timeout, NULL);
    for (i = 0; i < referenced; i++)
        ObDereferenceObject(objects[i]);
    return status;
}

NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, const LONG64 *Timeout)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    const LONG64 *timeout;
    PVOID object, waitable;
    ULONG referenced = 0;
    LONG64 copy;
    NTSTATUS status = ExCaptureTimeout(mode, Timeout, &copy, &timeout);

    if (NT_SUCCESS(status))
        status = ExpReferenceWaitables(mode, 1, &Handle, &object, &waitable, &referenced);
    if (NT_SUCCESS(status))
        status = KeWaitForSingleObject(waitable, Executive, mode, Alertable, timeout);
    if (referenced != 0)
        ObDereferenceObject(object);
    return status;
}
