/*
 * paging.c - the one address space: a page directory and its tables.
 *
 * Physical memory is identity-mapped with 4 KiB pages, so the kernel image,
 * page tables and every allocated page are reachable at their physical
 * address; page 0 stays unmapped so that NULL faults, and so does the guard
 * page under the boot stack. Page tables are themselves identity-mapped RAM,
 * which lets this code edit them the same way before and after CR0.PG.
 */
#include <string.h>
#include "boot/i386.h"
#include "ke/ke.h"
#include "mm/mm.h"

#define PTE_PRESENT     0x001
#define PTE_WRITE       0x002
#define PTE_FRAME       0xFFFFF000u
#define CR0_PG          0x80000000u
#define CR0_WP          0x00010000u

extern char KiBootStackGuard[];

static PULONG MmpPageDirectory;
static BOOLEAN MmpPagingEnabled;
static KSPIN_LOCK MmpPageTableLock;

static PULONG MmpPageTable(ULONG Va, BOOLEAN Create)
{
    PULONG pde = &MmpPageDirectory[Va >> 22];
    ULONG pt;

    if (*pde & PTE_PRESENT)
        return (PULONG)(*pde & PTE_FRAME);
    if (!Create || (pt = MmAllocatePhysicalPage()) == 0)
        return NULL;
    memset((PVOID)pt, 0, PAGE_SIZE);
    *pde = pt | PTE_PRESENT | PTE_WRITE;
    return (PULONG)pt;
}

NTSTATUS MmMapPage(ULONG VirtualAddress, ULONG PhysicalAddress)
{
    KIRQL irql;
    PULONG pt;

    KeAcquireSpinLock(&MmpPageTableLock, &irql);
    pt = MmpPageTable(VirtualAddress, TRUE);
    if (pt != NULL) {
        pt[(VirtualAddress >> 12) & 0x3FF] = (PhysicalAddress & PTE_FRAME) | PTE_PRESENT | PTE_WRITE;
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
        old = pt[(VirtualAddress >> 12) & 0x3FF];
        pt[(VirtualAddress >> 12) & 0x3FF] = 0;
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
    return pt != NULL && (pt[(VirtualAddress >> 12) & 0x3FF] & PTE_PRESENT);
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
    KiWriteCr3((ULONG)MmpPageDirectory);
    KiWriteCr0(KiReadCr0() | CR0_PG | CR0_WP);
    KiSetDoubleFaultCr3((ULONG)MmpPageDirectory);
    MmpPagingEnabled = TRUE;
}
