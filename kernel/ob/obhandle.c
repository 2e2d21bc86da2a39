/*
 * obhandle.c - handles as native calls see them: the caller's process's
 * table, or the kernel's.
 *
 * A kernel handle (made with OBJ_KERNEL_HANDLE) lives in the System
 * process's table and carries KERNEL_HANDLE_MASK, as NT's do, so that it
 * means the same in every process context: what a driver opens for itself
 * (the NCP client's IPX sockets) belongs to the kernel, not to whichever
 * process happened to be calling. Only kernel mode may use one; from user
 * mode such a value is STATUS_INVALID_HANDLE. Every other handle is the
 * current process's.
 *
 * Interface: ObReferenceObjectByHandle, ObCloseHandle, ObInsertObject,
 * ObOpenObjectByName, ObOpenObjectByPointer; for kernel/ob's native calls,
 * ObpHandleTableFor and ObpExternalHandle.
 */
#include "ob/ob.h"
#include "ps/ps.h"

#define KERNEL_HANDLE_MASK 0x80000000u

/* The table a handle made with Attributes goes into. */
PHANDLE_TABLE ObpHandleTableFor(ULONG Attributes)
{
    if (Attributes & OBJ_KERNEL_HANDLE)
        return PsInitialSystemProcess->ObjectTable;
    return PsGetCurrentHandleTable();
}

/* The value a caller sees for Handle made in ObpHandleTableFor(Attributes). */
HANDLE ObpExternalHandle(HANDLE Handle, ULONG Attributes)
{
    if (Attributes & OBJ_KERNEL_HANDLE)
        return (HANDLE)((ULONG_PTR)Handle | KERNEL_HANDLE_MASK);
    return Handle;
}

/* Where a caller's handle value lives, and its value there. */
static NTSTATUS ObpInternalHandle(HANDLE *Handle, KPROCESSOR_MODE Mode, PHANDLE_TABLE *Table)
{
    ULONG_PTR value = (ULONG_PTR)*Handle;

    if ((value & KERNEL_HANDLE_MASK) == 0) {
        *Table = PsGetCurrentHandleTable();
        return STATUS_SUCCESS;
    }
    if (Mode != KernelMode || value == (ULONG_PTR)NtCurrentProcess() ||
        value == (ULONG_PTR)NtCurrentThread())
        return STATUS_INVALID_HANDLE;
    *Handle = (HANDLE)(value & ~KERNEL_HANDLE_MASK);
    *Table = PsInitialSystemProcess->ObjectTable;
    return STATUS_SUCCESS;
}

NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                   POBJECT_TYPE ObjectType, KPROCESSOR_MODE Mode,
                                   PVOID *Object, PACCESS_MASK GrantedAccess)
{
    PHANDLE_TABLE table;
    NTSTATUS status = ObpInternalHandle(&Handle, Mode, &table);

    if (!NT_SUCCESS(status))
        return status;
    return ObReferenceObjectByHandleInTable(table, Handle, DesiredAccess, ObjectType, Object,
                                            GrantedAccess);
}

NTSTATUS ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE Mode)
{
    PHANDLE_TABLE table;
    NTSTATUS status = ObpInternalHandle(&Handle, Mode, &table);

    return NT_SUCCESS(status) ? ObCloseHandleInTable(table, Handle) : status;
}

/* ObInsertObjectInTable in the table Attributes names (Handle optional). */
NTSTATUS ObInsertObject(PVOID Object, PCSTRING Name, ULONG Attributes, ACCESS_MASK DesiredAccess,
                        PVOID *ReferencedObject, PHANDLE Handle)
{
    NTSTATUS status = ObInsertObjectInTable(Object, Name, DesiredAccess,
                                            Handle != NULL ? ObpHandleTableFor(Attributes) : NULL,
                                            ReferencedObject, Handle);

    if (NT_SUCCESS(status) && Handle != NULL)
        *Handle = ObpExternalHandle(*Handle, Attributes);
    return status;
}

NTSTATUS ObOpenObjectByName(PCSTRING Name, POBJECT_TYPE ObjectType, ULONG Attributes,
                            ACCESS_MASK DesiredAccess, PVOID ParseContext, PHANDLE Handle)
{
    NTSTATUS status = ObOpenObjectByNameInTable(ObpHandleTableFor(Attributes), Name, ObjectType,
                                                DesiredAccess, ParseContext, Handle);

    if (NT_SUCCESS(status))
        *Handle = ObpExternalHandle(*Handle, Attributes);
    return status;
}

/* A new handle to an object the caller already references (NT's
   ObOpenObjectByPointer): counted like any other handle. */
NTSTATUS ObOpenObjectByPointer(PVOID Object, ULONG Attributes, ACCESS_MASK DesiredAccess,
                               POBJECT_TYPE ObjectType, PHANDLE Handle)
{
    PHANDLE_TABLE table = ObpHandleTableFor(Attributes);
    NTSTATUS status;

    if (ObjectType != NULL && ObGetObjectType(Object) != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObpLockNamespace();
    ObpIncrementHandleCount(OBJECT_TO_OBJECT_HEADER(Object));
    ObpUnlockNamespace();
    status = ObpCreateHandle(table, Object, ObpMapDesiredAccess(ObGetObjectType(Object),
                                                                DesiredAccess), Handle);
    if (!NT_SUCCESS(status)) {
        ObpDecrementHandleCount(table, Object, 0);
        return status;
    }
    *Handle = ObpExternalHandle(*Handle, Attributes);
    return STATUS_SUCCESS;
}
