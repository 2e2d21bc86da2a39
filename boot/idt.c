/*
 * idt.c - the interrupt descriptor table.
 *
 * Vectors 0..31 are the processor's exceptions, 0x20..0x2F the remapped PIC
 * lines, 0x2E the system-service call (a native call from ring 3, or a Zw
 * call from the kernel); all of them enter through trap.S. Only 0x2E may be
 * raised by INT from ring 3, besides 3 (int3, a breakpoint). Vector 8 is a task gate to the double-fault
 * TSS (gdt.c). Every other vector is left not-present, so a
 * stray INT raises #NP and ends in a bugcheck rather than running garbage.
 */
#include "boot/i386.h"

typedef struct _KIDTENTRY {
    USHORT OffsetLow;
    USHORT Selector;
    UCHAR Reserved;
    UCHAR Access;
    USHORT OffsetHigh;
} __attribute__((packed)) KIDTENTRY;

#define IDT_INTERRUPT_GATE  0x8E    /* present, ring 0, 32-bit, IF cleared */
#define IDT_USER_GATE       0xEE    /* the same, and ring 3 may INT to it */
#define IDT_TASK_GATE       0x85    /* present, ring 0, task gate */
#define IDT_STUB_COUNT      64

extern const ULONG KiTrapStubs[IDT_STUB_COUNT];
extern VOID KiSystemService(VOID);
static KIDTENTRY KiIdt[256];

static VOID KiSetIdtEntry(int Vector, ULONG Offset, USHORT Selector, UCHAR Access)
{
    KIDTENTRY *e = &KiIdt[Vector];

    e->OffsetLow = Offset & 0xFFFF;
    e->Selector = Selector;
    e->Reserved = 0;
    e->Access = Access;
    e->OffsetHigh = Offset >> 16;
}

VOID KiInitializeIdt(VOID)
{
    struct { USHORT Limit; ULONG Base; } __attribute__((packed)) Idtr;
    int v;

    for (v = 0; v < IDT_STUB_COUNT; v++) {
        if (KiTrapStubs[v] != 0)
            KiSetIdtEntry(v, KiTrapStubs[v], KGDT_R0_CODE, IDT_INTERRUPT_GATE);
    }
    KiSetIdtEntry(8, 0, KGDT_DF_TSS, IDT_TASK_GATE);
    KiSetIdtEntry(3, KiTrapStubs[3], KGDT_R0_CODE, IDT_USER_GATE);     /* int3, as NT allows */
    KiSetIdtEntry(KI_SYSTEM_SERVICE_VECTOR, (ULONG)KiSystemService, KGDT_R0_CODE, IDT_USER_GATE);

    Idtr.Limit = sizeof(KiIdt) - 1;
    Idtr.Base = (ULONG)KiIdt;
    __asm__ volatile("lidt %0" : : "m"(Idtr));
}
