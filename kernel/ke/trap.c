/*
 * trap.c - where every interrupt, exception and system-service call lands
 * (from boot/trap.S).
 *
 * Hardware interrupts go to the HAL's dispatcher, at DEVICE_LEVEL; leaving
 * the interrupt runs what it made pending (DPCs, a thread switch). Vector
 * 0x2e is a native call (syscall.c).
 *
 * An exception in ring 3 is the process's: there is no user-mode exception
 * dispatcher, so it is unhandled, and Ps ends the process with NT's
 * exception code (PsRaiseUnhandledException). An exception in the kernel's
 * own code is a bug and ends in the bugcheck NT would raise for it - an
 * unresolved page fault is PAGE_FAULT_IN_NONPAGED_AREA, a fault with an NT
 * exception code is KMODE_EXCEPTION_NOT_HANDLED, and the rest are
 * UNEXPECTED_KERNEL_MODE_TRAP with the vector as the first parameter -
 * except a page fault on a user address in an instruction of the fix-up
 * table (mm/usercopy.S), which resumes at its fix-up.
 *
 * Every return to ring 3 passes KiExitToUserMode's check first: a thread
 * with a user-mode APC pending (the exit APC) runs it there.
 */
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ps/ps.h"

#define TRAP_PAGE_FAULT 14
#define PF_WRITE        0x02

/* Exceptions that NT turns into an exception record with this code. */
static const NTSTATUS KiExceptionCodes[32] = {
    [0]  = STATUS_INTEGER_DIVIDE_BY_ZERO,
    [1]  = STATUS_SINGLE_STEP,
    [3]  = STATUS_BREAKPOINT,
    [6]  = STATUS_ILLEGAL_INSTRUCTION,
    [13] = STATUS_ACCESS_VIOLATION,
    [14] = STATUS_ACCESS_VIOLATION,
};

VOID KiSystemServiceDispatch(KTRAP_FRAME *Frame);

static VOID __attribute__((noreturn)) KiUnexpectedException(const KTRAP_FRAME *Frame)
{
    ULONG v = Frame->Vector;

    if (v == TRAP_PAGE_FAULT)
        KiBugCheckWithFrame(Frame, PAGE_FAULT_IN_NONPAGED_AREA, KiReadCr2(),
                            (Frame->ErrorCode & PF_WRITE) != 0, Frame->Eip, Frame->ErrorCode);
    if (v < 32 && KiExceptionCodes[v] != 0)
        KiBugCheckWithFrame(Frame, KMODE_EXCEPTION_NOT_HANDLED, (ULONG)KiExceptionCodes[v],
                            Frame->Eip, Frame->ErrorCode, 0);
    KiBugCheckWithFrame(Frame, UNEXPECTED_KERNEL_MODE_TRAP, v, Frame->ErrorCode, Frame->Eip, 0);
}

/* A kernel-mode page fault on a user address inside a fix-up-table copy:
   resume at the fix-up (which returns STATUS_ACCESS_VIOLATION). */
static BOOLEAN KiFixupKernelFault(KTRAP_FRAME *Frame)
{
    ULONG address = KiReadCr2(), fixup;

    if (Frame->Vector != TRAP_PAGE_FAULT || address < MM_USER_BASE ||
        address >= MM_USER_PROBE_ADDRESS)
        return FALSE;
    fixup = MmFindFixup(Frame->Eip);
    if (fixup == 0)
        return FALSE;
    Frame->Eip = fixup;
    return TRUE;
}

/* An exception in ring 3: the process ends with its code (never returns). */
static VOID __attribute__((noreturn)) KiUserException(KTRAP_FRAME *Frame)
{
    ULONG v = Frame->Vector;
    NTSTATUS code = v < 32 && KiExceptionCodes[v] != 0 ? KiExceptionCodes[v]
                                                        : STATUS_ILLEGAL_INSTRUCTION;

    if (v == 13 && Frame->ErrorCode == 0)
        code = STATUS_PRIVILEGED_INSTRUCTION;   /* cli, hlt, in/out and the like */
    _enable();
    PsRaiseUnhandledException(code, Frame, v == TRAP_PAGE_FAULT ? KiReadCr2() : Frame->Eip,
                              v == TRAP_PAGE_FAULT && (Frame->ErrorCode & PF_WRITE));
}

/* The last step before any return to ring 3: a pending user-mode APC (the
   exit APC) runs here, at PASSIVE_LEVEL, on the thread's own stack. */
static VOID KiExitToUser(VOID)
{
    PKTHREAD t = KeGetCurrentThread();

    while (t->UserApcPending) {
        _enable();
        KiDeliverUserApc();
        _disable();
    }
}

/* A new thread's way into ring 3: Ps has built Frame at the top of its
   kernel stack. */
VOID KeEnterUserMode(KTRAP_FRAME *Frame)
{
    _disable();
    KiExitToUser();
    KiExitToUserMode(Frame);
}

VOID KiDispatchTrap(KTRAP_FRAME *Frame)
{
    ULONG v = Frame->Vector;

    if (v >= PRIMARY_VECTOR_BASE && v < PRIMARY_VECTOR_BASE + 16) {
        KIRQL old = KiEnterInterrupt();
        HalDispatchInterrupt(v - PRIMARY_VECTOR_BASE);
        KiExitInterrupt(old);
    } else if (v == KI_SYSTEM_SERVICE_VECTOR) {
        KiSystemServiceDispatch(Frame);
        _disable();
    } else if (KiTrapFromUserMode(Frame)) {
        KiUserException(Frame);
    } else if (!KiFixupKernelFault(Frame)) {
        KiUnexpectedException(Frame);
    }
    if (KiTrapFromUserMode(Frame))
        KiExitToUser();
}
