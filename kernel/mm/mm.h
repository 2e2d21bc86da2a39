/*
 * mm.h - the memory manager: physical pages, the page tables, the pool.
 *
 * Interface:
 *   phys.c    MmInitializePhysical, MmAllocatePhysicalPage,
 *             MmFreePhysicalPage, MmQueryPhysical
 *   paging.c  MmInitializePaging, MmMapPage, MmUnmapPage, MmIsAddressValid,
 *             MmCreateAddressSpace (a process's page directory), MmProcessPages,
 *             MmSystemDirectoryTableBase
 *   pool.c    ExAllocatePoolWithTag, ExFreePoolWithTag, ExQueryPoolTags
 *   stack.c   MmCreateKernelStack, MmDeleteKernelStack (guard page below each)
 *   crt.c     newlib's system calls (sbrk, write, ...) and malloc lock
 *   virtual.c a process's address space: MmCleanAddressSpace,
 *             MmDeleteAddressSpace, MmAllocateVirtualMemory, MmFreeVirtualMemory,
 *             MmProtectVirtualMemory, MmQueryVirtualMemory, MmCreatePebOrTeb,
 *             MmMapImagePages,
 *             MmDeleteRegion, MmCopyToAddressSpace, MmCopyFromAddressSpace,
 *             MmFindFixup
 *   ntvm.c    the native calls on virtual memory (include/ntmm.h)
 *   usercopy.S MmCopyUserMemory: a copy that may fault, ended by the fix-up
 *             table with STATUS_ACCESS_VIOLATION
 *
 * Virtual layout. Below MM_USER_BASE physical memory is identity-mapped
 * (page 0 and the page under the boot stack are left out, so NULL and a
 * boot-stack overflow fault); the C heap that newlib's malloc grows with
 * sbrk starts at MM_HEAP_BASE and thread stacks are at MM_STACK_REGION.
 * All of that is the kernel's, supervisor-only, and the same in every
 * address space: the page tables behind it are made at boot and never
 * change, so a process's page directory copies the kernel's entries once.
 * [MM_USER_BASE, MM_USER_PROBE_ADDRESS) is each process's own (ntmm.h).
 */
#ifndef MM_H
#define MM_H

#include "ntdef.h"
#include "boot/multiboot.h"
#include "ke/ke.h"

#define PAGE_SIZE       4096
#define PAGE_SHIFT      12
#define MM_MAX_MEMORY   (1024u * 1024 * 1024)   /* pages past 1 GiB are not used */
#define MM_HEAP_BASE    0xD0000000u
#define MM_HEAP_LIMIT   0xE0000000u
#define MM_STACK_REGION 0xE0000000u     /* thread stacks, 32 KiB a slot */
#define MM_STACK_REGION_SIZE (32u * 1024 * 1024)
#define MM_USER_BASE    0x40000000u     /* the user range starts here ... */
#define MM_USER_PROBE_ADDRESS 0x7FFF0000u   /* ... and ends below this */

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

/* A process's address space (EPROCESS.Vm). Lock guards the VAD list and
   the process's page tables; the page directory is fixed at creation. */
typedef struct _MMSUPPORT {
    KSPIN_LOCK Lock;            /* LockRankMmAddressSpace: the pool and page locks inside */
    ULONG DirectoryTableBase;   /* physical address of the page directory */
    LIST_ENTRY VadListHead;     /* MMVAD.Links (virtual.c), lowest address first */
    ULONG Pages;                /* physical pages held: directory, tables, committed */
} MMSUPPORT, *PMMSUPPORT;

struct _MEMORY_BASIC_INFORMATION;
NTSTATUS MmCreateAddressSpace(PMMSUPPORT Vm);
VOID MmCleanAddressSpace(PMMSUPPORT Vm);
VOID MmDeleteAddressSpace(PMMSUPPORT Vm);
NTSTATUS MmAllocateVirtualMemory(PMMSUPPORT Vm, ULONG *BaseAddress, ULONG *RegionSize,
                                 ULONG AllocationType, ULONG Protect, BOOLEAN Image);
NTSTATUS MmFreeVirtualMemory(PMMSUPPORT Vm, ULONG *BaseAddress, ULONG *RegionSize,
                             ULONG FreeType);
NTSTATUS MmProtectVirtualMemory(PMMSUPPORT Vm, ULONG *BaseAddress, ULONG *RegionSize,
                                ULONG NewProtect, ULONG *OldProtect);
NTSTATUS MmQueryVirtualMemory(PMMSUPPORT Vm, ULONG Address,
                              struct _MEMORY_BASIC_INFORMATION *Info);
NTSTATUS MmCreatePebOrTeb(PMMSUPPORT Vm, ULONG Highest, ULONG *Address);
NTSTATUS MmMapImagePages(PMMSUPPORT Vm, ULONG Va, ULONG PhysicalAddress, ULONG Pages,
                         ULONG Protect);
VOID MmDeleteRegion(PMMSUPPORT Vm, ULONG Address);
NTSTATUS MmCopyToAddressSpace(PMMSUPPORT Vm, ULONG Address, const VOID *Buffer, ULONG Length);
NTSTATUS MmCopyFromAddressSpace(PMMSUPPORT Vm, ULONG Address, PVOID Buffer, ULONG Length);
ULONG MmProcessPages(VOID);
ULONG MmSystemDirectoryTableBase(VOID);

/* usercopy.S: copies Length bytes; STATUS_ACCESS_VIOLATION if a user page
   it touches is not there (the caller has probed the range). */
NTSTATUS MmCopyUserMemory(PVOID To, const VOID *From, SIZE_T Length);
ULONG MmFindFixup(ULONG FaultingEip);

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

/* Low-resource simulation (pool.c): armed, the pool counts the allocations
   that may fail and fails the Nth (0: none, only count); disarmed, it says
   what happened. ExpInjectPoolFailure is the count itself, for allocators
   over the pool (lookaside lists), called only while ExPoolFailureArmed. */
typedef struct _POOL_FAILURE {
    ULONG Counted;          /* allocations counted while armed */
    BOOLEAN Failed;         /* the Nth came and was failed */
    ULONG Tag;              /* its tag */
    ULONG_PTR Caller;       /* the return address of its allocator's call, */
    ULONG_PTR CallersCaller;    /* and of the call to that function */
} POOL_FAILURE, *PPOOL_FAILURE;

extern volatile BOOLEAN ExPoolFailureArmed;
VOID ExArmPoolFailure(ULONG Nth);
VOID ExDisarmPoolFailure(PPOOL_FAILURE Result);
BOOLEAN ExpInjectPoolFailure(ULONG Tag, PVOID Caller, PVOID CallersCaller);

#endif
