/*
 * i386.h - what the processor defines: selectors, the task-state segment,
 * the trap frame the stubs in trap.S build, and control-register access.
 *
 * Interface (boot/gdt.c, boot/idt.c):
 *   KiInitializeGdt()        flat segments, the TEB segment, the TSS and the
 *                            double-fault TSS
 *   KiInitializeIdt()        every exception, the 16 IRQ vectors and the
 *                            system-service gate (int 0x2e, open to ring 3)
 *   KiSetDoubleFaultCr3(cr3) the page directory the double-fault task loads
 *   KiPreviousTss()          the state the double fault interrupted
 *   KiSetKernelStack(esp0)   where a trap from ring 3 puts its frame
 *   KiSetTebSegment(base)    what FS addresses in ring 3: the thread's TEB
 */
#ifndef BOOT_I386_H
#define BOOT_I386_H

#include "ntdef.h"

/* GDT selectors; the layout is fixed in gdt.c. */
#define KGDT_R0_CODE    0x08
#define KGDT_R0_DATA    0x10
#define KGDT_R3_CODE    0x1B
#define KGDT_R3_DATA    0x23
#define KGDT_TSS        0x28
#define KGDT_DF_TSS     0x30
#define KGDT_R3_TEB     0x3B        /* FS in ring 3: the running thread's TEB */

#define EFLAGS_IF       0x00000200

#define PRIMARY_VECTOR_BASE 0x30    /* IRQ 0 after the PIC is remapped */
#define KI_SYSTEM_SERVICE_VECTOR 0x2E   /* int 0x2e: a native call, as NT's */

/* The 32-bit task-state segment, as the processor reads and writes it. */
typedef struct _KTSS {
    USHORT Backlink, Reserved0;
    ULONG Esp0;
    USHORT Ss0, Reserved1;
    ULONG Esp1;
    USHORT Ss1, Reserved2;
    ULONG Esp2;
    USHORT Ss2, Reserved3;
    ULONG Cr3, Eip, EFlags, Eax, Ecx, Edx, Ebx, Esp, Ebp, Esi, Edi;
    USHORT Es, Reserved4, Cs, Reserved5, Ss, Reserved6, Ds, Reserved7;
    USHORT Fs, Reserved8, Gs, Reserved9, LDT, Reserved10;
    USHORT Flags, IoMapBase;
} __attribute__((packed)) KTSS;

/*
 * What KiTrapCommon leaves on the stack, lowest address first: the segment
 * registers it pushed, PUSHAL's eight, the vector and error code from the
 * stub, then what the processor pushed. HardwareEsp and HardwareSegSs are
 * there only when the trap came from ring 3 (the processor switched to the
 * thread's kernel stack, whose top the frame then fills exactly).
 */
typedef struct _KTRAP_FRAME {
    ULONG SegGs, SegFs, SegEs, SegDs;
    ULONG Edi, Esi, Ebp, TempEsp, Ebx, Edx, Ecx, Eax;
    ULONG Vector, ErrorCode;
    ULONG Eip, SegCs, EFlags;
    ULONG HardwareEsp, HardwareSegSs;
} KTRAP_FRAME;

#define KiTrapFromUserMode(f)   (((f)->SegCs & 3) != 0)

VOID KiInitializeGdt(VOID);
VOID KiInitializeIdt(VOID);
VOID KiSetDoubleFaultCr3(ULONG Cr3);
const KTSS *KiPreviousTss(VOID);
VOID KiSetKernelStack(ULONG Esp0);
VOID KiSetTebSegment(ULONG Base);
VOID __attribute__((noreturn)) KiExitToUserMode(KTRAP_FRAME *Frame);

static inline ULONG KiReadCr0(VOID) { ULONG v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline ULONG KiReadCr2(VOID) { ULONG v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline ULONG KiReadCr3(VOID) { ULONG v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline VOID KiWriteCr0(ULONG v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline VOID KiWriteCr3(ULONG v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline ULONG KiReadEFlags(VOID) { ULONG v; __asm__ volatile("pushfl; popl %0" : "=r"(v)); return v; }
static inline VOID KiInvalidatePage(ULONG va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }

static inline VOID _disable(VOID) { __asm__ volatile("cli" ::: "memory"); }
static inline VOID _enable(VOID) { __asm__ volatile("sti" ::: "memory"); }
static inline VOID __halt(VOID) { __asm__ volatile("hlt" ::: "memory"); }

#endif
