/*
 * lookaside.c - lookaside lists: a small stack of free blocks of one size,
 * kept back from the pool so that a hot path (an IRP per request) allocates
 * without walking malloc. Filled to Depth at initialization and never held
 * beyond it: a block freed to a full list goes back to the pool. So the
 * pool's count of the list's tag is Depth plus whatever is in use, which
 * the leak audit sees balance out.
 *
 * The list is guarded by DISPATCH_LEVEL; blocks link through their first
 * word while they are free.
 */
#include "ex/ex.h"

/* __builtin_return_address(1), the allocator's caller's caller: safe here,
   where every function keeps a frame pointer (-fno-omit-frame-pointer). */
#pragma GCC diagnostic ignored "-Wframe-address"

VOID ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST List, SIZE_T Size, ULONG Tag,
                                     USHORT Depth)
{
    List->Head = NULL;
    List->Count = 0;
    List->Depth = Depth;
    List->Size = Size < sizeof(PVOID) ? sizeof(PVOID) : Size;
    List->Tag = Tag;
    while (List->Count < Depth) {
        PVOID block = ExAllocatePoolWithTag(NonPagedPool, List->Size, Tag);
        if (block == NULL)
            break;
        *(PVOID *)block = List->Head;
        List->Head = block;
        List->Count++;
    }
}

/* A block from the list, else from the pool. The low-resource simulation
   counts it either way (the pool counts its own): a caller of a lookaside
   list must cope with NULL as much as a caller of the pool. */
PVOID ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST List)
{
    KIRQL irql = KeRaiseIrqlToDpcLevel();
    PVOID block = List->Head;

    if (block != NULL) {
        List->Head = *(PVOID *)block;
        List->Count--;
    }
    KeLowerIrql(irql);
    if (block == NULL)
        return ExAllocatePoolWithTag(NonPagedPool, List->Size, List->Tag);
    if (ExPoolFailureArmed && ExpInjectPoolFailure(List->Tag, __builtin_return_address(0),
                                                   __builtin_return_address(1))) {
        ExFreeToNPagedLookasideList(List, block);
        return NULL;
    }
    return block;
}

VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST List, PVOID Block)
{
    KIRQL irql = KeRaiseIrqlToDpcLevel();
    BOOLEAN kept = List->Count < List->Depth;

    if (kept) {
        *(PVOID *)Block = List->Head;
        List->Head = Block;
        List->Count++;
    }
    KeLowerIrql(irql);
    if (!kept)
        ExFreePoolWithTag(Block, List->Tag);
}
