/*
 * irql.c - interrupt request levels on one processor.
 *
 * The level is a variable, not a hardware register: above DISPATCH_LEVEL it
 * is backed by cli (every device level masks every device, a simplification
 * one processor and a handful of devices can afford); at or below it
 * interrupts are on. What NT does with software interrupts happens when the
 * level is lowered: below DISPATCH_LEVEL the DPC queue is drained and a
 * pending dispatch (a preemption, a PCT decision) is carried out; below
 * APC_LEVEL the current thread's kernel APCs are delivered.
 *
 * The same two steps end a hardware interrupt (KiExitInterrupt): a clock
 * tick that ends a quantum, or a DPC that readies a thread, switches threads
 * on the way out of the interrupt that caused it.
 */
#include "boot/i386.h"
#include "ke/ke.h"

/* Boot starts at PASSIVE_LEVEL with interrupts off and every PIC line
   masked; the first lowering turns them on, which is harmless until a line
   is connected. */
static volatile KIRQL KiCurrentIrql = PASSIVE_LEVEL;

KIRQL KeGetCurrentIrql(VOID)
{
    return KiCurrentIrql;
}

VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
    KIRQL old = KiCurrentIrql;

    if (NewIrql < old)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, old, NewIrql, 0, 0);
    if (NewIrql > DISPATCH_LEVEL)
        _disable();
    KiCurrentIrql = NewIrql;
    *OldIrql = old;
}

KIRQL KeRaiseIrqlToDpcLevel(VOID)
{
    KIRQL old;

    KeRaiseIrql(DISPATCH_LEVEL, &old);
    return old;
}

/*
 * Runs what the new level lets through. Called with interrupts off; each
 * piece of deferred work runs with them on at its own level, and the loop
 * looks again afterwards, since that work may queue more.
 */
static VOID KiRunDeferredWork(KIRQL NewIrql)
{
    for (;;) {
        if (NewIrql < DISPATCH_LEVEL && (KiDpcPending || KiDispatchPending)) {
            KiCurrentIrql = DISPATCH_LEVEL;
            _enable();
            KiDispatchInterrupt();
            _disable();
            continue;
        }
        if (NewIrql < APC_LEVEL && KiApcDeliverable(KeGetCurrentThread(), NewIrql)) {
            KiCurrentIrql = APC_LEVEL;
            _enable();
            KiDeliverApc();
            _disable();
            continue;
        }
        break;
    }
}

extern PKTHREAD KiCurrentThread;

/* The common case - nothing queued, no switch asked for, no APC - costs a
   few loads; anything pending goes the long way through KiRunDeferredWork. */
VOID KeLowerIrql(KIRQL NewIrql)
{
    if (NewIrql > KiCurrentIrql)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, KiCurrentIrql, NewIrql, 0, 0);
    _disable();
    if (KiDpcPending || KiDispatchPending || KiCurrentThread->KernelApcPending)
        KiRunDeferredWork(NewIrql);
    KiCurrentIrql = NewIrql;
    if (NewIrql <= DISPATCH_LEVEL)
        _enable();
}

/* The first and last steps of every hardware interrupt (from trap.c), with
   interrupts off throughout except inside the deferred work. */
KIRQL KiEnterInterrupt(VOID)
{
    KIRQL old = KiCurrentIrql;

    KiCurrentIrql = DEVICE_LEVEL;
    return old;
}

VOID KiExitInterrupt(KIRQL OldIrql)
{
    KiRunDeferredWork(OldIrql);
    KiCurrentIrql = OldIrql;
}
