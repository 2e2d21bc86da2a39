/*
 * pic.c - the two cascaded 8259 interrupt controllers.
 *
 * The master is remapped to vectors 0x30..0x37 and the slave to 0x38..0x3F
 * (NT's bases: 0x2E below them is the system-service call),
 * out of the way of the processor's exceptions. Every line starts masked; a
 * line is unmasked when a routine is connected to it. HalDispatchInterrupt
 * calls the connected routine, then acknowledges the line: with a level-
 * triggered device the line stays asserted until the device is serviced, so
 * the end-of-interrupt must come after the routine, not before.
 *
 * A spurious interrupt (IRQ 7 or 15 with its in-service bit clear) is
 * counted and gets no EOI from the controller that did not raise it.
 */
#include "hal/hal.h"

enum {
    PIC1_COMMAND = 0x20,
    PIC1_DATA    = 0x21,
    PIC2_COMMAND = 0xA0,
    PIC2_DATA    = 0xA1,
};

#define ICW1_INIT_ICW4  0x11
#define ICW4_8086       0x01
#define OCW2_EOI        0x20
#define OCW3_READ_ISR   0x0B
#define PIC_CASCADE_IRQ 2

typedef struct _HAL_INTERRUPT {
    PKSERVICE_ROUTINE Routine;
    PVOID Context;
} HAL_INTERRUPT;

static HAL_INTERRUPT HalpInterrupts[16];
static USHORT HalpIrqMask = 0xFFFF;
static ULONG HalpSpurious;

static VOID HalpWriteMask(VOID)
{
    WRITE_PORT_UCHAR(PIC1_DATA, HalpIrqMask & 0xFF);
    WRITE_PORT_UCHAR(PIC2_DATA, HalpIrqMask >> 8);
}

VOID HalInitializePic(VOID)
{
    WRITE_PORT_UCHAR(PIC1_COMMAND, ICW1_INIT_ICW4);
    WRITE_PORT_UCHAR(PIC2_COMMAND, ICW1_INIT_ICW4);
    WRITE_PORT_UCHAR(PIC1_DATA, PRIMARY_VECTOR_BASE);
    WRITE_PORT_UCHAR(PIC2_DATA, PRIMARY_VECTOR_BASE + 8);
    WRITE_PORT_UCHAR(PIC1_DATA, 1 << PIC_CASCADE_IRQ);  /* slave on line 2 */
    WRITE_PORT_UCHAR(PIC2_DATA, PIC_CASCADE_IRQ);       /* its cascade id */
    WRITE_PORT_UCHAR(PIC1_DATA, ICW4_8086);
    WRITE_PORT_UCHAR(PIC2_DATA, ICW4_8086);
    HalpIrqMask = 0xFFFF & ~(1 << PIC_CASCADE_IRQ);
    HalpWriteMask();
}

/* Connects Routine to Irq and unmasks the line. One routine per line. */
NTSTATUS HalConnectInterrupt(ULONG Irq, PKSERVICE_ROUTINE Routine, PVOID Context)
{
    ULONG flags = KiReadEFlags();

    if (Irq >= 16 || Irq == PIC_CASCADE_IRQ || Routine == NULL)
        return STATUS_INVALID_PARAMETER;
    if (HalpInterrupts[Irq].Routine != NULL)
        return STATUS_DEVICE_BUSY;
    _disable();
    HalpInterrupts[Irq].Routine = Routine;
    HalpInterrupts[Irq].Context = Context;
    HalpIrqMask &= ~(1 << Irq);
    HalpWriteMask();
    if (flags & EFLAGS_IF)
        _enable();
    return STATUS_SUCCESS;
}

static BOOLEAN HalpIsSpurious(ULONG Irq)
{
    USHORT port = Irq < 8 ? PIC1_COMMAND : PIC2_COMMAND;

    if ((Irq & 7) != 7)
        return FALSE;
    WRITE_PORT_UCHAR(port, OCW3_READ_ISR);
    return !(READ_PORT_UCHAR(port) & 0x80);
}

VOID HalDispatchInterrupt(ULONG Irq)
{
    HAL_INTERRUPT *i = &HalpInterrupts[Irq];

    if (HalpIsSpurious(Irq)) {
        HalpSpurious++;
        if (Irq == 15)
            WRITE_PORT_UCHAR(PIC1_COMMAND, OCW2_EOI);   /* the master did see it */
        return;
    }
    if (i->Routine != NULL)
        i->Routine(i->Context);
    if (Irq >= 8)
        WRITE_PORT_UCHAR(PIC2_COMMAND, OCW2_EOI);
    WRITE_PORT_UCHAR(PIC1_COMMAND, OCW2_EOI);
}

ULONG HalSpuriousInterrupts(VOID)
{
    return HalpSpurious;
}

/* Halts until the next interrupt, for a driver polling its device; with
   interrupts off (above DISPATCH_LEVEL) there is none to wait for, and it
   returns at once. */
VOID HalWaitForInterrupt(VOID)
{
    if (KiReadEFlags() & EFLAGS_IF)
        __halt();
}
