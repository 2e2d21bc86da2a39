/*
 * syscall.c - the system-service dispatcher: from int 0x2e to the native
 * call and back (NT's KiSystemService).
 *
 * The caller puts the service number in EAX and the address of its
 * arguments in EDX (user/ntdll's stubs from ring 3, kernel/ke/zw.S's Zw
 * stubs from the kernel). The dispatcher takes the previous mode from the
 * interrupted code segment, copies the argument words the service table
 * says the call takes - from a user stack through the fault-safe copy, so
 * a bad argument pointer is STATUS_ACCESS_VIOLATION - sets the thread's
 * PreviousMode for the call (saving the old one: a Zw call may come from
 * inside another service), calls the service, and returns its status in
 * EAX. The service itself probes what its pointers point at.
 *
 * The table is include/ntsvc.h, the one list ntdll's and the Zw stubs are
 * made from too.
 */
#include "boot/i386.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ntmm.h"
#include "ntlpc.h"
#include "ntob.h"

#define KI_MAX_SERVICE_WORDS 12

typedef struct _KSERVICE_ENTRY {
    PVOID Routine;              /* the NtXxx, whatever its arguments */
    ULONG Words;
} KSERVICE_ENTRY;

/* Every service's routine; KiCallService calls it with the words it takes
   (and, cdecl, some it ignores: the caller pops them). */
#define SERVICE(Name, Words) { (PVOID)Nt##Name, Words },
static const KSERVICE_ENTRY KiServiceTable[] = {
#include "ntsvc.h"
};
#undef SERVICE

typedef NTSTATUS (*KSERVICE_CALL)(ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, ULONG,
                                  ULONG, ULONG, ULONG, ULONG);

static NTSTATUS KiCallService(const KSERVICE_ENTRY *Service, const ULONG *a)
{
    return ((KSERVICE_CALL)Service->Routine)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
                                             a[8], a[9], a[10], a[11]);
}

/* The argument words of a call from Mode, at Arguments. */
static NTSTATUS KiCaptureArguments(KPROCESSOR_MODE Mode, ULONG Arguments, ULONG Words,
                                   ULONG *Copy)
{
    ULONG bytes = Words * sizeof(ULONG), end = Arguments + bytes;

    if (Mode == KernelMode) {
        for (ULONG i = 0; i < Words; i++)
            Copy[i] = ((const ULONG *)Arguments)[i];
        return STATUS_SUCCESS;
    }
    if (end < Arguments || Arguments < MM_USER_BASE || end > MM_USER_PROBE_ADDRESS)
        return STATUS_ACCESS_VIOLATION;
    return MmCopyUserMemory(Copy, (const VOID *)Arguments, bytes);
}

/* From KiDispatchTrap, with interrupts off, for vector 0x2e. */
VOID KiSystemServiceDispatch(KTRAP_FRAME *Frame)
{
    PKTHREAD t = KeGetCurrentThread();
    KPROCESSOR_MODE mode = KiTrapFromUserMode(Frame) ? UserMode : KernelMode;
    UCHAR previous = t->PreviousMode;
    ULONG n = Frame->Eax, args[KI_MAX_SERVICE_WORDS] = { 0 };
    NTSTATUS status = STATUS_INVALID_SYSTEM_SERVICE;

    _enable();
    if (n < ARRAYSIZE(KiServiceTable))
        status = KiCaptureArguments(mode, Frame->Edx, KiServiceTable[n].Words, args);
    if (n < ARRAYSIZE(KiServiceTable) && NT_SUCCESS(status)) {
        t->PreviousMode = mode;
        status = KiCallService(&KiServiceTable[n], args);
        t->PreviousMode = previous;
    }
    Frame->Eax = (ULONG)status;
}
