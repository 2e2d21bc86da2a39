/*
 * mm.h - the memory manager: physical pages, the page tables, the pool.
 *
 * Interface:
 *   phys.c    MmInitializePhysical, MmAllocatePhysicalPage,
 *             MmFreePhysicalPage, MmQueryPhysical
 *   paging.c  MmInitializePaging, MmMapPage, MmUnmapPage, MmIsAddressValid
 *   pool.c    ExAllocatePoolWithTag, ExFreePoolWithTag, ExQueryPoolTags
 *   stack.c   MmCreateKernelStack, MmDeleteKernelStack (guard page below each)
 *   crt.c     newlib's system calls (sbrk, write, ...) and malloc lock
 *
 * Virtual layout: physical memory is identity-mapped (page 0 and the page
 * under the boot stack are left out, so NULL and a boot-stack overflow
 * fault); the C heap that newlib's malloc grows with sbrk starts at
 * MM_HEAP_BASE, above any RAM this kernel is given, and thread stacks are
 * at MM_STACK_REGION.
 */
#ifndef MM_H
#define MM_H

#include "ntdef.h"
#include "boot/multiboot.h"

#define PAGE_SIZE       4096
#define PAGE_SHIFT      12
#define MM_MAX_MEMORY   (1024u * 1024 * 1024)   /* pages past 1 GiB are not used */
#define MM_HEAP_BASE    0xD0000000u
#define MM_HEAP_LIMIT   0xE0000000u
#define MM_STACK_REGION 0xE0000000u     /* thread stacks, 32 KiB a slot */

typedef struct _MM_PHYSICAL_INFO {
    ULONG TotalPages;       /* usable RAM the map reported (below 1 GiB) */
    ULONG FreePages;
    ULONG KernelPages;      /* the image, .bss included */
    ULONG HeapPages;        /* mapped for newlib's heap */
} MM_PHYSICAL_INFO;

VOID MmInitializePhysical(const MULTIBOOT_INFO *Info);
ULONG MmAllocatePhysicalPage(VOID);     /* a physical address, or 0 */
VOID MmFreePhysicalPage(ULONG PhysicalAddress);
VOID MmQueryPhysical(MM_PHYSICAL_INFO *Info);
ULONG MmHighestPhysicalAddress(VOID);

VOID MmInitializePaging(VOID);
NTSTATUS MmMapPage(ULONG VirtualAddress, ULONG PhysicalAddress);
ULONG MmUnmapPage(ULONG VirtualAddress);  /* returns the physical page, or 0 */
BOOLEAN MmIsAddressValid(ULONG VirtualAddress);
ULONG MmHeapPages(VOID);

NTSTATUS MmCreateKernelStack(ULONG *Base, ULONG *Limit, ULONG *Slot);
VOID MmDeleteKernelStack(ULONG Slot);
VOID MmDeleteKernelStackSlot(ULONG Slot);

/* Pool. Tags are four characters, stored in memory order: POOL_TAG('I','r','p',' '). */
typedef enum _POOL_TYPE { NonPagedPool = 0, PagedPool = 1 } POOL_TYPE;

#define POOL_TAG(a, b, c, d) \
    ((ULONG)(UCHAR)(a) | (ULONG)(UCHAR)(b) << 8 | (ULONG)(UCHAR)(c) << 16 | (ULONG)(UCHAR)(d) << 24)

typedef struct _POOL_TRACKER {
    ULONG Tag;
    ULONG Allocs;
    ULONG Frees;
    SIZE_T Bytes;           /* outstanding */
} POOL_TRACKER;

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);
ULONG ExQueryPoolTags(POOL_TRACKER *Trackers, ULONG Max);
VOID ExFormatPoolTag(ULONG Tag, char Text[5]);

#endif
