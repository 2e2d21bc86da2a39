/*
 * gdt.c - the global descriptor table and the two task-state segments.
 *
 * Flat 4 GiB code and data segments for ring 0 and ring 3, a one-page data
 * segment that FS selects in ring 3 (the running thread's TEB, as NT has
 * it), the TSS the processor uses for ring transitions, and a second TSS
 * for the double-fault task. A double fault is taken through a task gate (idt.c) so that it runs
 * on a stack of its own: when a thread overflows its stack into the guard
 * page, the page fault cannot push its frame, the processor raises #DF, and
 * only a task switch still has somewhere to stand. The state of the code that
 * overflowed is then in KiTss, where KiPreviousTss() finds it.
 */
#include "boot/i386.h"
#include "ke/ke.h"
#include "mm/mm.h"

typedef struct _KGDTENTRY {
    USHORT LimitLow;
    USHORT BaseLow;
    UCHAR BaseMid;
    UCHAR Access;
    UCHAR Granularity;  /* limit 19:16 in the low nibble, flags in the high */
    UCHAR BaseHigh;
} __attribute__((packed)) KGDTENTRY;

static KGDTENTRY KiGdt[8];
static KTSS KiTss;
static KTSS KiDoubleFaultTss;
static UCHAR KiDoubleFaultStack[8192] __attribute__((aligned(16)));

static VOID KiSetGdtEntry(int Index, ULONG Base, ULONG Limit, UCHAR Access, UCHAR Flags)
{
    KGDTENTRY *e = &KiGdt[Index];

    e->LimitLow = Limit & 0xFFFF;
    e->BaseLow = Base & 0xFFFF;
    e->BaseMid = (Base >> 16) & 0xFF;
    e->Access = Access;
    e->Granularity = ((Limit >> 16) & 0x0F) | (Flags << 4);
    e->BaseHigh = (Base >> 24) & 0xFF;
}

/*
 * The double-fault task's body: never returns (the bugcheck ends the run).
 * A task switch sets CR0.TS, and newlib's printf touches the x87 unit (it
 * zeroes a double with fldz), which would then raise #NM on this very stack;
 * so TS is cleared first.
 */
static VOID __attribute__((noreturn)) KiDoubleFaultTask(VOID)
{
    const KTSS *Prev = KiPreviousTss();

    __asm__ volatile("clts");
    KiBugCheckFromTask(UNEXPECTED_KERNEL_MODE_TRAP, 8, Prev->Eip, Prev->Esp, Prev->Ebp);
}

static VOID KiInitializeDoubleFaultTss(VOID)
{
    KTSS *t = &KiDoubleFaultTss;

    t->Eip = (ULONG)KiDoubleFaultTask;
    t->Esp = (ULONG)&KiDoubleFaultStack[sizeof(KiDoubleFaultStack)];
    t->Ebp = 0;
    t->EFlags = 0x2;                /* reserved bit; interrupts stay off */
    t->Cs = KGDT_R0_CODE;
    t->Ss = t->Ds = t->Es = t->Fs = t->Gs = KGDT_R0_DATA;
    t->Cr3 = KiReadCr3();           /* replaced once paging is on */
    t->IoMapBase = sizeof(KTSS);
}

VOID KiInitializeGdt(VOID)
{
    struct { USHORT Limit; ULONG Base; } __attribute__((packed)) Gdtr;

    KiSetGdtEntry(1, 0, 0xFFFFF, 0x9A, 0xC);    /* ring 0 code */
    KiSetGdtEntry(2, 0, 0xFFFFF, 0x92, 0xC);    /* ring 0 data */
    KiSetGdtEntry(3, 0, 0xFFFFF, 0xFA, 0xC);    /* ring 3 code */
    KiSetGdtEntry(4, 0, 0xFFFFF, 0xF2, 0xC);    /* ring 3 data */
    KiTss.Ss0 = KGDT_R0_DATA;
    KiTss.IoMapBase = sizeof(KTSS);
    KiSetGdtEntry(5, (ULONG)&KiTss, sizeof(KTSS) - 1, 0x89, 0x0);
    KiInitializeDoubleFaultTss();
    KiSetGdtEntry(6, (ULONG)&KiDoubleFaultTss, sizeof(KTSS) - 1, 0x89, 0x0);
    KiSetGdtEntry(7, 0, PAGE_SIZE - 1, 0xF2, 0x4);  /* the TEB: ring 3 data, byte limit */

    Gdtr.Limit = sizeof(KiGdt) - 1;
    Gdtr.Base = (ULONG)KiGdt;
    __asm__ volatile(
        "lgdt %0\n\t"
        "ljmp %1, $1f\n"
        "1:\n\t"
        "movw %w2, %%ds\n\tmovw %w2, %%es\n\tmovw %w2, %%ss\n\t"
        "movw %w2, %%fs\n\tmovw %w2, %%gs\n\t"
        "ltr %w3"
        : : "m"(Gdtr), "i"(KGDT_R0_CODE), "r"(KGDT_R0_DATA), "r"(KGDT_TSS) : "memory");
}

VOID KiSetDoubleFaultCr3(ULONG Cr3)
{
    KiDoubleFaultTss.Cr3 = Cr3;
}

const KTSS *KiPreviousTss(VOID)
{
    return &KiTss;
}

/* Called at every thread switch (DISPATCH_LEVEL): the next trap from ring
   3 puts its frame at the top of the running thread's kernel stack. */
VOID KiSetKernelStack(ULONG Esp0)
{
    KiTss.Esp0 = Esp0;
}

/* At every thread switch too: FS points at the running thread's TEB once it
   is loaded again, which every return to ring 3 does (trap.S pops it). */
VOID KiSetTebSegment(ULONG Base)
{
    KGDTENTRY *e = &KiGdt[KGDT_R3_TEB >> 3];

    e->BaseLow = Base & 0xFFFF;
    e->BaseMid = (Base >> 16) & 0xFF;
    e->BaseHigh = (Base >> 24) & 0xFF;
}
