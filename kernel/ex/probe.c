/*
 * probe.c - what a native call does with its caller's pointers.
 *
 * A native call (NtXxx) runs for a caller in user mode or in kernel mode
 * (KeGetPreviousMode: a Zw call, or a system thread). A kernel-mode
 * caller's pointers are trusted. A user-mode caller's are probed - the
 * whole range must lie in the user range, aligned as the type needs - and
 * then copied with MmCopyUserMemory, which turns a fault on a page that is
 * not there (or not writable) into STATUS_ACCESS_VIOLATION. Nothing else in
 * the kernel reads or writes a user address.
 *
 * A call captures what it reads before it acts on it (strings, object
 * attributes, buffers), so that the caller's other threads cannot change
 * a name between its check and its use; it writes results back at the end.
 *
 * Interface: ProbeForRead, ProbeForWrite, ExProbeForWrite, ExCopyFromCaller,
 * ExCopyToCaller,
 * ExCaptureString, ExReleaseString, ExCaptureObjectAttributes,
 * ExReleaseObjectAttributes, ExCaptureTimeout, ExReturnHandle (ex.h).
 */
#include <string.h>
#include "ex/ex.h"
#include "mm/mm.h"
#include "ps/ps.h"

#define CAPTURE_TAG POOL_TAG('E', 'x', 'C', 'p')

/* Attributes a caller may pass (NT's OBJ_VALID_ATTRIBUTES). */
#define OBJ_VALID_ATTRIBUTES 0x000003F2u

static BOOLEAN ExpInUserRange(ULONG_PTR Address, SIZE_T Length)
{
    ULONG_PTR end = Address + Length;

    return end >= Address && Address >= MM_USER_BASE && end <= MM_USER_PROBE_ADDRESS;
}

NTSTATUS ProbeForRead(const VOID *Address, SIZE_T Length, ULONG Alignment)
{
    if (Length == 0)
        return STATUS_SUCCESS;
    if (((ULONG_PTR)Address & (Alignment - 1)) != 0)
        return STATUS_DATATYPE_MISALIGNMENT;
    return ExpInUserRange((ULONG_PTR)Address, Length) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

NTSTATUS ProbeForWrite(PVOID Address, SIZE_T Length, ULONG Alignment)
{
    return ProbeForRead(Address, Length, Alignment);
}

/* ProbeForWrite for a user-mode caller; a kernel-mode one's pointer is
   trusted. For an output a call checks before it acts. */
NTSTATUS ExProbeForWrite(KPROCESSOR_MODE Mode, PVOID Address, SIZE_T Length, ULONG Alignment)
{
    return Mode == UserMode ? ProbeForWrite(Address, Length, Alignment) : STATUS_SUCCESS;
}

NTSTATUS ExCopyFromCaller(KPROCESSOR_MODE Mode, PVOID To, const VOID *From, SIZE_T Length)
{
    NTSTATUS status;

    if (Mode == KernelMode) {
        memcpy(To, From, Length);
        return STATUS_SUCCESS;
    }
    status = ProbeForRead(From, Length, 1);
    return NT_SUCCESS(status) ? MmCopyUserMemory(To, From, Length) : status;
}

NTSTATUS ExCopyToCaller(KPROCESSOR_MODE Mode, PVOID To, const VOID *From, SIZE_T Length)
{
    NTSTATUS status;

    if (Mode == KernelMode) {
        memcpy(To, From, Length);
        return STATUS_SUCCESS;
    }
    status = ProbeForWrite(To, Length, 1);
    return NT_SUCCESS(status) ? MmCopyUserMemory(To, From, Length) : status;
}

/*
 * A copy of the caller's STRING in pool (Captured->Buffer, NULL when it is
 * empty), at most MaxLength bytes: a longer one, or one whose Length is
 * above its MaximumLength, is STATUS_INVALID_PARAMETER.
 */
NTSTATUS ExCaptureString(KPROCESSOR_MODE Mode, PCSTRING Caller, USHORT MaxLength,
                         PSTRING Captured)
{
    STRING s;
    NTSTATUS status = ExCopyFromCaller(Mode, &s, Caller, sizeof(s));

    Captured->Length = Captured->MaximumLength = 0;
    Captured->Buffer = NULL;
    if (!NT_SUCCESS(status))
        return status;
    if (s.Length > s.MaximumLength || s.Length > MaxLength)
        return STATUS_INVALID_PARAMETER;
    if (s.Length == 0)
        return STATUS_SUCCESS;
    Captured->Buffer = ExAllocatePoolWithTag(NonPagedPool, s.Length, CAPTURE_TAG);
    if (Captured->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    status = ExCopyFromCaller(Mode, Captured->Buffer, s.Buffer, s.Length);
    if (!NT_SUCCESS(status)) {
        ExReleaseString(Captured);
        return status;
    }
    Captured->Length = Captured->MaximumLength = s.Length;
    return STATUS_SUCCESS;
}

VOID ExReleaseString(PSTRING Captured)
{
    if (Captured->Buffer != NULL)
        ExFreePoolWithTag(Captured->Buffer, CAPTURE_TAG);
    Captured->Buffer = NULL;
    Captured->Length = Captured->MaximumLength = 0;
}

/* NT's SeCreatePermanentPrivilege: held by LocalSystem (NT's SYSTEM logon
   session), the only privilege irplab's tokens carry. */
static BOOLEAN ExpMayCreatePermanent(VOID)
{
    return PsGetCurrentProcess()->Token.AuthenticationId.LowPart == 0x3E7 &&
           PsGetCurrentProcess()->Token.AuthenticationId.HighPart == 0;
}

/*
 * A copy of the caller's OBJECT_ATTRIBUTES and its name; *Attributes is
 * NULL when the caller passed none. The checks NT makes: the Length, no
 * unknown attribute; a user-mode caller's OBJ_KERNEL_HANDLE is dropped (a
 * process cannot make a kernel handle), and its OBJ_PERMANENT needs the
 * privilege (STATUS_PRIVILEGE_NOT_HELD): CSRSS has it, MMTA does not.
 * RootDirectory must be NULL here: names are absolute.
 */
NTSTATUS ExCaptureObjectAttributes(KPROCESSOR_MODE Mode, POBJECT_ATTRIBUTES Caller,
                                   PEX_CAPTURED_ATTRIBUTES Captured,
                                   POBJECT_ATTRIBUTES *Attributes)
{
    POBJECT_ATTRIBUTES oa = &Captured->Attributes;
    NTSTATUS status;

    memset(Captured, 0, sizeof(*Captured));
    *Attributes = NULL;
    if (Caller == NULL)
        return STATUS_SUCCESS;
    status = ExCopyFromCaller(Mode, oa, Caller, sizeof(*oa));
    if (!NT_SUCCESS(status))
        return status;
    if (oa->Length != sizeof(*oa) || (oa->Attributes & ~OBJ_VALID_ATTRIBUTES) != 0 ||
        oa->RootDirectory != NULL)
        return STATUS_INVALID_PARAMETER;
    if (Mode == UserMode)
        oa->Attributes &= ~OBJ_KERNEL_HANDLE;
    if (Mode == UserMode && (oa->Attributes & OBJ_PERMANENT) && !ExpMayCreatePermanent())
        return STATUS_PRIVILEGE_NOT_HELD;
    if (oa->ObjectName != NULL) {
        status = ExCaptureString(Mode, oa->ObjectName, EX_MAX_NAME, &Captured->Name);
        if (!NT_SUCCESS(status))
            return status;
        oa->ObjectName = &Captured->Name;
    }
    *Attributes = oa;
    return STATUS_SUCCESS;
}

VOID ExReleaseObjectAttributes(PEX_CAPTURED_ATTRIBUTES Captured)
{
    ExReleaseString(&Captured->Name);
}

/* A caller's optional time-out: *Timeout points at the copy, or is NULL. */
NTSTATUS ExCaptureTimeout(KPROCESSOR_MODE Mode, const LONG64 *Caller, LONG64 *Copy,
                          const LONG64 **Timeout)
{
    NTSTATUS status = STATUS_SUCCESS;

    *Timeout = NULL;
    if (Caller != NULL) {
        status = ExCopyFromCaller(Mode, Copy, Caller, sizeof(*Copy));
        if (NT_SUCCESS(status))
            *Timeout = Copy;
    }
    return status;
}

/*
 * The end of a call that made Handle (when Status succeeded): the handle
 * goes to the caller's *CallerHandle; if that cannot be written, the handle
 * is closed again and the call fails with STATUS_ACCESS_VIOLATION, so that
 * nothing is left that the caller cannot name.
 */
NTSTATUS ExReturnHandle(KPROCESSOR_MODE Mode, PHANDLE CallerHandle, HANDLE Handle,
                        NTSTATUS Status)
{
    NTSTATUS status;

    if (!NT_SUCCESS(Status))
        return Status;
    status = ExCopyToCaller(Mode, CallerHandle, &Handle, sizeof(Handle));
    if (!NT_SUCCESS(status)) {
        ObCloseHandle(Handle, KernelMode);
        return status;
    }
    return Status;
}
