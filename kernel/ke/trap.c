/*
 * trap.c - where every interrupt and exception lands (from boot/trap.S).
 *
 * Hardware interrupts go to the HAL's dispatcher, at DEVICE_LEVEL; leaving
 * the interrupt runs what it made pending (DPCs, a thread switch). The kernel takes no
 * exception of its own code: each one is a bug and ends in the bugcheck NT
 * would raise for it - an unresolved page fault is
 * PAGE_FAULT_IN_NONPAGED_AREA, a fault with an NT exception code is
 * KMODE_EXCEPTION_NOT_HANDLED, and the rest are
 * UNEXPECTED_KERNEL_MODE_TRAP with the vector as the first parameter.
 */
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"

#define TRAP_PAGE_FAULT 14
#define PF_WRITE        0x02

/* Exceptions that NT turns into an exception record with this code. */
static const NTSTATUS KiExceptionCodes[32] = {
    [0]  = STATUS_INTEGER_DIVIDE_BY_ZERO,
    [1]  = STATUS_SINGLE_STEP,
    [3]  = STATUS_BREAKPOINT,
    [6]  = STATUS_ILLEGAL_INSTRUCTION,
    [13] = STATUS_ACCESS_VIOLATION,
};

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

VOID KiDispatchTrap(KTRAP_FRAME *Frame)
{
    if (Frame->Vector >= PRIMARY_VECTOR_BASE && Frame->Vector < PRIMARY_VECTOR_BASE + 16) {
        KIRQL old = KiEnterInterrupt();
        HalDispatchInterrupt(Frame->Vector - PRIMARY_VECTOR_BASE);
        KiExitInterrupt(old);
        return;
    }
    KiUnexpectedException(Frame);
}
