/*
 * stack.c - kernel stacks for threads.
 *
 * Stacks live in their own region of the address space, one slot per
 * thread: THREAD_STACK_SIZE of mapped pages with an unmapped guard page
 * under them, so that an overflow faults (and ends in the double-fault
 * task's STOP screen) instead of running into a neighbour. Slots are
 * reused; their pages go back to the page allocator when a stack is freed.
 */
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/rtl.h"

#define STACK_SLOT_SIZE     (32 * 1024)     /* guard, stack, and room to spare */
#define STACK_SLOTS         (MM_STACK_REGION_SIZE / STACK_SLOT_SIZE)

static ULONG MmpStackSlotBits[STACK_SLOTS / 32];
static RTL_BITMAP MmpStackSlots = { STACK_SLOTS, MmpStackSlotBits };
static KSPIN_LOCK MmpStackLock = KSPIN_LOCK_INIT(LockRankMmStack, "MmpStackLock");

static ULONG MmpStackBase(ULONG Slot)
{
    return MM_STACK_REGION + Slot * STACK_SLOT_SIZE + PAGE_SIZE + THREAD_STACK_SIZE;
}

static VOID MmpUnmapStack(ULONG Base, ULONG Pages)
{
    ULONG i, pa;

    for (i = 1; i <= Pages; i++) {
        pa = MmUnmapPage(Base - i * PAGE_SIZE);
        if (pa != 0)
            MmFreePhysicalPage(pa);
    }
}

/* A fresh stack: *Base is its top (the first push goes below it). */
NTSTATUS MmCreateKernelStack(ULONG *Base, ULONG *Limit, ULONG *Slot)
{
    KIRQL irql;
    ULONG slot, base, i, pa;

    KeAcquireSpinLock(&MmpStackLock, &irql);
    slot = RtlFindClearBitsAndSet(&MmpStackSlots, 1, 0);
    KeReleaseSpinLock(&MmpStackLock, irql);
    if (slot == RTL_BITMAP_NOT_FOUND)
        return STATUS_INSUFFICIENT_RESOURCES;
    base = MmpStackBase(slot);
    for (i = 1; i <= THREAD_STACK_SIZE / PAGE_SIZE; i++) {
        pa = MmAllocatePhysicalPage();
        if (pa == 0 || !NT_SUCCESS(MmMapPage(base - i * PAGE_SIZE, pa))) {
            if (pa != 0)
                MmFreePhysicalPage(pa);
            MmpUnmapStack(base, i - 1);
            MmDeleteKernelStackSlot(slot);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    *Base = base;
    *Limit = base - THREAD_STACK_SIZE;
    *Slot = slot;
    return STATUS_SUCCESS;
}

VOID MmDeleteKernelStackSlot(ULONG Slot)
{
    KIRQL irql;

    KeAcquireSpinLock(&MmpStackLock, &irql);
    RtlClearBits(&MmpStackSlots, Slot, 1);
    KeReleaseSpinLock(&MmpStackLock, irql);
}

VOID MmDeleteKernelStack(ULONG Slot)
{
    MmpUnmapStack(MmpStackBase(Slot), THREAD_STACK_SIZE / PAGE_SIZE);
    MmDeleteKernelStackSlot(Slot);
}
