/*
 * paging.c - the kernel's page directory and tables, and the page tables
 * of each process's user range.
 *
 * Physical memory is identity-mapped with 4 KiB pages, so the kernel image,
 * page tables and every allocated page are reachable at their physical
 * address; page 0 stays unmapped so that NULL faults, and so does the guard
 * page under the boot stack. Page tables are themselves identity-mapped RAM,
 * which lets this code edit them the same way before and after CR0.PG, and
 * in any address space.
 *
 * The kernel's half (everything outside the user range) is the same in
 * every page directory: its page tables, for the heap and the stack region
 * too, are all made at boot, so that a process's directory can copy the
 * kernel's entries once (MmCreateAddressSpace) and never go stale. After
 * boot, a kernel mapping that would need a new page table is a bug.
 */
#include <string.h>
#include "boot/i386.h"
#include "ke/ke.h"
#include "mm/mi.h"

#define CR0_PG          0x80000000u
#define CR0_WP          0x00010000u

extern char KiBootStackGuard[];

static PULONG MmpPageDirectory;
static BOOLEAN MmpPagingEnabled;
static BOOLEAN MmpKernelTablesFixed;
static KSPIN_LOCK MmpPageTableLock = KSPIN_LOCK_INIT(LockRankMmPageTable, "MmpPageTableLock");
volatile LONG MiProcessPages;

/* A zeroed page for a page table or directory; 0 when memory is out. */
static ULONG MmpAllocateTablePage(VOID)
{
    ULONG pa = MmAllocatePhysicalPage();

    if (pa != 0)
        memset((PVOID)pa, 0, PAGE_SIZE);
    return pa;
}

static PULONG MmpPageTable(ULONG Va, BOOLEAN Create)
{
    PULONG pde = &MmpPageDirectory[MI_PDE_INDEX(Va)];
    ULONG pt;

    if (*pde & PTE_PRESENT)
        return (PULONG)(*pde & PTE_FRAME);
    if (!Create)
        return NULL;
    if (MmpKernelTablesFixed)
        KeBugCheckEx(NO_MORE_SYSTEM_PTES, Va, 1, 0, 0);
    if ((pt = MmpAllocateTablePage()) == 0)
        return NULL;
    *pde = pt | PTE_PRESENT | PTE_WRITE;
    return (PULONG)pt;
}

ULONG MmSystemDirectoryTableBase(VOID)
{
    return (ULONG)MmpPageDirectory;
}

ULONG MmProcessPages(VOID)
{
    return (ULONG)MiProcessPages;
}

/* The PTE of user address Va in Vm, making its page table if Create.
   Vm->Lock held. */
PULONG MiUserPte(PMMSUPPORT Vm, ULONG Va, BOOLEAN Create)
{
    PULONG pde = &((PULONG)Vm->DirectoryTableBase)[MI_PDE_INDEX(Va)];
    ULONG pt;

    if (!(*pde & PTE_PRESENT)) {
        if (!Create || (pt = MmpAllocateTablePage()) == 0)
            return NULL;
        *pde = pt | PTE_PRESENT | PTE_WRITE | PTE_USER;
        Vm->Pages++;
        __sync_add_and_fetch(&MiProcessPages, 1);
    }
    return &((PULONG)(*pde & PTE_FRAME))[MI_PTE_INDEX(Va)];
}

/* A PTE of Vm changed: only the address space loaded now can have it in
   its TLB (a CR3 load drops every other one). */
VOID MiFlushUserPte(PMMSUPPORT Vm, ULONG Va)
{
    if (KiReadCr3() == Vm->DirectoryTableBase)
        KiInvalidatePage(Va);
}

/* A page directory for a new process: the kernel's entries, no user ones. */
NTSTATUS MmCreateAddressSpace(PMMSUPPORT Vm)
{
    ULONG pd = MmpAllocateTablePage(), i;

    if (pd == 0)
        return STATUS_INSUFFICIENT_RESOURCES;
    for (i = 0; i < 1024; i++) {
        if (i < MI_PDE_INDEX(MM_USER_BASE) || i > MI_PDE_INDEX(MM_USER_PROBE_ADDRESS - 1))
            ((PULONG)pd)[i] = MmpPageDirectory[i];
    }
    memset(Vm, 0, sizeof(*Vm));
    KeInitializeSpinLock(&Vm->Lock, LockRankMmAddressSpace, "MMSUPPORT.Lock");
    InitializeListHead(&Vm->VadListHead);
    Vm->DirectoryTableBase = pd;
    Vm->Pages = 1;
    __sync_add_and_fetch(&MiProcessPages, 1);
    return STATUS_SUCCESS;
}

/* Frees the page tables of Vm's user range and its directory; the pages
   they mapped must be gone already (virtual.c). Vm must not be loaded. */
VOID MiDeleteDirectory(PMMSUPPORT Vm)
{
    PULONG pd = (PULONG)Vm->DirectoryTableBase;
    ULONG i;

    for (i = MI_PDE_INDEX(MM_USER_BASE); i <= MI_PDE_INDEX(MM_USER_PROBE_ADDRESS - 1); i++) {
        if (pd[i] & PTE_PRESENT) {
            MmFreePhysicalPage(pd[i] & PTE_FRAME);
            Vm->Pages--;
            __sync_sub_and_fetch(&MiProcessPages, 1);
        }
    }
    MmFreePhysicalPage((ULONG)pd);
    Vm->Pages--;
    __sync_sub_and_fetch(&MiProcessPages, 1);
}

NTSTATUS MmMapPage(ULONG VirtualAddress, ULONG PhysicalAddress)
{
    KIRQL irql;
    PULONG pt;

    KeAcquireSpinLock(&MmpPageTableLock, &irql);
    pt = MmpPageTable(VirtualAddress, TRUE);
    if (pt != NULL) {
        pt[MI_PTE_INDEX(VirtualAddress)] = (PhysicalAddress & PTE_FRAME) | PTE_PRESENT | PTE_WRITE;
        KiInvalidatePage(VirtualAddress);
    }
    KeReleaseSpinLock(&MmpPageTableLock, irql);
    return pt != NULL ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

ULONG MmUnmapPage(ULONG VirtualAddress)
{
    KIRQL irql;
    PULONG pt;
    ULONG old = 0;

    KeAcquireSpinLock(&MmpPageTableLock, &irql);
    pt = MmpPageTable(VirtualAddress, FALSE);
    if (pt != NULL) {
        old = pt[MI_PTE_INDEX(VirtualAddress)];
        pt[MI_PTE_INDEX(VirtualAddress)] = 0;
        KiInvalidatePage(VirtualAddress);
    }
    KeReleaseSpinLock(&MmpPageTableLock, irql);
    return (old & PTE_PRESENT) ? (old & PTE_FRAME) : 0;
}

/* Before paging, everything the kernel may touch is RAM it was given. */
BOOLEAN MmIsAddressValid(ULONG VirtualAddress)
{
    PULONG pt;

    if (!MmpPagingEnabled)
        return VirtualAddress >= PAGE_SIZE && VirtualAddress < MmHighestPhysicalAddress();
    pt = MmpPageTable(VirtualAddress, FALSE);
    return pt != NULL && (pt[MI_PTE_INDEX(VirtualAddress)] & PTE_PRESENT);
}

VOID MmInitializePaging(VOID)
{
    ULONG pa, top = MmHighestPhysicalAddress();

    MmpPageDirectory = (PULONG)MmAllocatePhysicalPage();
    if (MmpPageDirectory == NULL)
        KeBugCheckEx(INSTALL_MORE_MEMORY, 0, 0, 0, 0);
    memset(MmpPageDirectory, 0, PAGE_SIZE);
    for (pa = PAGE_SIZE; pa < top; pa += PAGE_SIZE) {
        if (!NT_SUCCESS(MmMapPage(pa, pa)))
            KeBugCheckEx(INSTALL_MORE_MEMORY, pa, 0, 0, 0);
    }
    MmUnmapPage((ULONG)KiBootStackGuard);
    for (pa = MM_HEAP_BASE; pa < MM_STACK_REGION + MM_STACK_REGION_SIZE; pa += 1u << 22) {
        if (MmpPageTable(pa, TRUE) == NULL)
            KeBugCheckEx(INSTALL_MORE_MEMORY, pa, 0, 0, 0);
    }
    MmpKernelTablesFixed = TRUE;
    KiWriteCr3((ULONG)MmpPageDirectory);
    KiWriteCr0(KiReadCr0() | CR0_PG | CR0_WP);
    KiSetDoubleFaultCr3((ULONG)MmpPageDirectory);
    MmpPagingEnabled = TRUE;
}
