/*
 * bugcheck.c - KeBugCheckEx: the STOP screen, then the end of the run.
 *
 * The report is formatted into a static buffer and written with polled
 * output, interrupts off: nothing on this path allocates, waits or depends
 * on the state that just proved broken. A fault while reporting (a bugcheck
 * inside the bugcheck) prints the short form - the STOP line and its name -
 * and ends the run at once. Either form ends with "*** End of STOP report",
 * the line a LAVA job waits for.
 *
 * Four ways in, each with the registers it can vouch for:
 *   KeBugCheckEx         the caller's own frame (a broken invariant);
 *   KiBugCheckWithText   the same, with a line that says what broke (the
 *                        lock-order checker names its two locks);
 *   KiBugCheckWithFrame  a trap frame (an exception the kernel cannot take);
 *   KiBugCheckFromTask   the state a task switch saved (the double fault).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "boot/i386.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "mm/mm.h"

typedef struct _KBUGCHECK_CONTEXT {
    ULONG Eax, Ebx, Ecx, Edx, Esi, Edi, Ebp, Esp, Eip, EFlags, Cs, Ds;
} KBUGCHECK_CONTEXT;

#define BUGCHECK_BACKTRACE_FRAMES 16

extern char KiTextEnd[];

static char KiBugCheckBuffer[4096];
static SIZE_T KiBugCheckUsed;
static volatile ULONG KiBugCheckActive;

static const struct { ULONG Code; const char *Name; } KiBugCheckNames[] = {
    { INVALID_DATA_ACCESS_TRAP, "INVALID_DATA_ACCESS_TRAP" },
    { IRQL_NOT_GREATER_OR_EQUAL, "IRQL_NOT_GREATER_OR_EQUAL" },
    { IRQL_NOT_LESS_OR_EQUAL, "IRQL_NOT_LESS_OR_EQUAL" },
    { PHASE1_INITIALIZATION_FAILED, "PHASE1_INITIALIZATION_FAILED" },
    { MAXIMUM_WAIT_OBJECTS_EXCEEDED, "MAXIMUM_WAIT_OBJECTS_EXCEEDED" },
    { THREAD_NOT_MUTEX_OWNER, "THREAD_NOT_MUTEX_OWNER" },
    { REFERENCE_BY_POINTER, "REFERENCE_BY_POINTER" },
    { NO_MORE_SYSTEM_PTES, "NO_MORE_SYSTEM_PTES" },
    { ATTEMPTED_SWITCH_FROM_DPC, "ATTEMPTED_SWITCH_FROM_DPC" },
    { SPIN_LOCK_ALREADY_OWNED, "SPIN_LOCK_ALREADY_OWNED" },
    { KMODE_EXCEPTION_NOT_HANDLED, "KMODE_EXCEPTION_NOT_HANDLED" },
    { NO_MORE_IRP_STACK_LOCATIONS, "NO_MORE_IRP_STACK_LOCATIONS" },
    { MULTIPLE_IRP_COMPLETE_REQUESTS, "MULTIPLE_IRP_COMPLETE_REQUESTS" },
    { PFN_LIST_CORRUPT, "PFN_LIST_CORRUPT" },
    { PAGE_FAULT_IN_NONPAGED_AREA, "PAGE_FAULT_IN_NONPAGED_AREA" },
    { HAL_INITIALIZATION_FAILED, "HAL_INITIALIZATION_FAILED" },
    { OBJECT_INITIALIZATION_FAILED, "OBJECT_INITIALIZATION_FAILED" },
    { INSTALL_MORE_MEMORY, "INSTALL_MORE_MEMORY" },
    { UNEXPECTED_KERNEL_MODE_TRAP, "UNEXPECTED_KERNEL_MODE_TRAP" },
    { BAD_POOL_CALLER, "BAD_POOL_CALLER" },
    { DRIVER_VERIFIER_DETECTED_VIOLATION, "DRIVER_VERIFIER_DETECTED_VIOLATION" },
    { DRIVER_VERIFIER_IOMANAGER_VIOLATION, "DRIVER_VERIFIER_IOMANAGER_VIOLATION" },
    { MANUALLY_INITIATED_CRASH, "MANUALLY_INITIATED_CRASH" },
};

const char *KeBugCheckName(ULONG Code)
{
    SIZE_T i;

    for (i = 0; i < ARRAYSIZE(KiBugCheckNames); i++) {
        if (KiBugCheckNames[i].Code == Code)
            return KiBugCheckNames[i].Name;
    }
    return "UNKNOWN_BUGCHECK_CODE";
}

static VOID __attribute__((format(printf, 1, 2))) KiBugCheckPrint(const char *Fmt, ...)
{
    va_list ap;
    int n;

    if (KiBugCheckUsed >= sizeof(KiBugCheckBuffer) - 1)
        return;
    va_start(ap, Fmt);
    n = vsnprintf(KiBugCheckBuffer + KiBugCheckUsed, sizeof(KiBugCheckBuffer) - KiBugCheckUsed,
                  Fmt, ap);
    va_end(ap);
    if (n > 0)
        KiBugCheckUsed += (SIZE_T)n;
    if (KiBugCheckUsed > sizeof(KiBugCheckBuffer) - 1)
        KiBugCheckUsed = sizeof(KiBugCheckBuffer) - 1;
}

static VOID KiPrintFrame(int Index, ULONG Address, ULONG Adjust)
{
    ULONG_PTR offset;
    const char *name = KiLookupSymbol(KiSymbolTable, KiSymbolCount, (ULONG_PTR)KiTextEnd,
                                      Address - Adjust, &offset);

    if (name != NULL)
        KiBugCheckPrint(" #%-2d 0x%08lx %s+0x%lx\n", Index, (unsigned long)Address, name,
                        (unsigned long)(offset + Adjust));
    else
        KiBugCheckPrint(" #%-2d 0x%08lx ?\n", Index, (unsigned long)Address);
}

/* Walks the EBP chain. Return addresses are looked up one byte back, so a
   call that is the last instruction of a function names that function. */
static VOID KiPrintBacktrace(ULONG Eip, ULONG Ebp)
{
    int n = 1;

    KiBugCheckPrint("\nBacktrace:\n");
    KiPrintFrame(0, Eip, 0);
    while (n < BUGCHECK_BACKTRACE_FRAMES && Ebp != 0 && (Ebp & 3) == 0 &&
           MmIsAddressValid(Ebp) && MmIsAddressValid(Ebp + 7)) {
        ULONG next = ((ULONG *)Ebp)[0], ret = ((ULONG *)Ebp)[1];
        if (ret == 0)
            break;
        KiPrintFrame(n++, ret, 1);
        if (next <= Ebp)
            break;
        Ebp = next;
    }
}

static VOID __attribute__((noreturn)) KiBugCheckReport(const KBUGCHECK_CONTEXT *c, ULONG Code,
                                                       ULONG_PTR P1, ULONG_PTR P2,
                                                       ULONG_PTR P3, ULONG_PTR P4,
                                                       const char *Text)
{
    _disable();
    if (KiBugCheckActive++) {
        char again[192];
        int n = snprintf(again, sizeof(again), "\n*** STOP: 0x%08lX (0x%08lX,0x%08lX,0x%08lX,0x%08lX)\n"
                         "%s\nwhile reporting a STOP; halting\n*** End of STOP report\n",
                         (unsigned long)Code, (unsigned long)P1, (unsigned long)P2,
                         (unsigned long)P3, (unsigned long)P4, KeBugCheckName(Code));
        HalUartWrite(COM1, again, (SIZE_T)n);
        HalReturnToFirmware(HAL_EXIT_BUGCHECK);
    }
    KiBugCheckUsed = 0;
    KiBugCheckPrint("\n*** STOP: 0x%08lX (0x%08lX,0x%08lX,0x%08lX,0x%08lX)\n%s\n\n",
                    (unsigned long)Code, (unsigned long)P1, (unsigned long)P2,
                    (unsigned long)P3, (unsigned long)P4, KeBugCheckName(Code));
    if (Text != NULL)
        KiBugCheckPrint("%s\n\n", Text);
    KiBugCheckPrint("EAX=%08lx EBX=%08lx ECX=%08lx EDX=%08lx\n", (unsigned long)c->Eax,
                    (unsigned long)c->Ebx, (unsigned long)c->Ecx, (unsigned long)c->Edx);
    KiBugCheckPrint("ESI=%08lx EDI=%08lx EBP=%08lx ESP=%08lx\n", (unsigned long)c->Esi,
                    (unsigned long)c->Edi, (unsigned long)c->Ebp, (unsigned long)c->Esp);
    KiBugCheckPrint("EIP=%08lx EFL=%08lx CS=%04lx DS=%04lx\n", (unsigned long)c->Eip,
                    (unsigned long)c->EFlags, (unsigned long)c->Cs, (unsigned long)c->Ds);
    KiBugCheckPrint("CR0=%08lx CR2=%08lx CR3=%08lx\n", (unsigned long)KiReadCr0(),
                    (unsigned long)KiReadCr2(), (unsigned long)KiReadCr3());
    KiPrintBacktrace(c->Eip, c->Ebp);
    KiBugCheckPrint("*** End of STOP report\n");
    HalUartWrite(COM1, KiBugCheckBuffer, KiBugCheckUsed);
    HalReturnToFirmware(HAL_EXIT_BUGCHECK);
}

/* The caller's registers, as far as the calling function can see them:
   used inside a noinline function, so that its frame is the caller's. */
#define KI_CAPTURE_CALLER(c) do { \
        memset(&(c), 0, sizeof(c)); \
        __asm__ volatile("movl %%ebx, %0\n\tmovl %%esi, %1\n\tmovl %%edi, %2" \
                         : "=m"((c).Ebx), "=m"((c).Esi), "=m"((c).Edi)); \
        (c).EFlags = KiReadEFlags(); \
        (c).Eip = (ULONG)__builtin_return_address(0); \
        (c).Ebp = *(ULONG *)__builtin_frame_address(0); \
        (c).Esp = (ULONG)__builtin_frame_address(0) + 8; \
        (c).Cs = KGDT_R0_CODE; \
        (c).Ds = KGDT_R0_DATA; \
    } while (0)

VOID __attribute__((noinline)) KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                            ULONG_PTR P3, ULONG_PTR P4)
{
    KBUGCHECK_CONTEXT c;

    KI_CAPTURE_CALLER(c);
    KiBugCheckReport(&c, Code, P1, P2, P3, P4, NULL);
}

VOID __attribute__((noinline)) KiBugCheckWithText(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                                  ULONG_PTR P3, ULONG_PTR P4, const char *Text)
{
    KBUGCHECK_CONTEXT c;

    KI_CAPTURE_CALLER(c);
    KiBugCheckReport(&c, Code, P1, P2, P3, P4, Text);
}

VOID KiBugCheckWithFrame(const KTRAP_FRAME *f, ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                         ULONG_PTR P3, ULONG_PTR P4)
{
    KBUGCHECK_CONTEXT c = {
        .Eax = f->Eax, .Ebx = f->Ebx, .Ecx = f->Ecx, .Edx = f->Edx,
        .Esi = f->Esi, .Edi = f->Edi, .Ebp = f->Ebp,
        .Esp = (ULONG)f + sizeof(*f),   /* ring 0: the processor pushed no SS:ESP */
        .Eip = f->Eip, .EFlags = f->EFlags, .Cs = f->SegCs, .Ds = f->SegDs,
    };

    KiBugCheckReport(&c, Code, P1, P2, P3, P4, NULL);
}

VOID KiBugCheckFromTask(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    const KTSS *t = KiPreviousTss();
    KBUGCHECK_CONTEXT c = {
        .Eax = t->Eax, .Ebx = t->Ebx, .Ecx = t->Ecx, .Edx = t->Edx,
        .Esi = t->Esi, .Edi = t->Edi, .Ebp = t->Ebp, .Esp = t->Esp,
        .Eip = t->Eip, .EFlags = t->EFlags, .Cs = t->Cs, .Ds = t->Ds,
    };

    KiBugCheckReport(&c, Code, P1, P2, P3, P4, NULL);
}
