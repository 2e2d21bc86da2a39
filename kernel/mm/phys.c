/*
 * phys.c - physical pages, one bit each in a bitmap (set = in use).
 *
 * Everything starts in use; the multiboot memory map's available ranges
 * above 1 MiB are then freed, and the kernel image and the boot images
 * (the modules, ke/init.c) taken back. Memory below
 * 1 MiB (BIOS data, the multiboot block, option ROMs) is never handed out.
 * The map is read once, at boot, before anything is allocated.
 */
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/rtl.h"

#define MM_MAX_PAGES (MM_MAX_MEMORY / PAGE_SIZE)
#define LOW_MEMORY   0x100000u

extern char KiImageBase[], KiImageEnd[];

static ULONG MmpPageBits[MM_MAX_PAGES / 32];
static RTL_BITMAP MmpPageMap;
static KSPIN_LOCK MmpPageLock = KSPIN_LOCK_INIT(LockRankMmPage, "MmpPageLock");
static ULONG MmpHint;
static MM_PHYSICAL_INFO MmpInfo;
static ULONG MmpHighestAddress;

static VOID MmpFreeRange(ULONG64 Base, ULONG64 Length)
{
    ULONG64 first = (Base + PAGE_SIZE - 1) / PAGE_SIZE;
    ULONG64 last = (Base + Length) / PAGE_SIZE;

    if (first < LOW_MEMORY / PAGE_SIZE)
        first = LOW_MEMORY / PAGE_SIZE;
    if (last > MM_MAX_PAGES)
        last = MM_MAX_PAGES;
    if (first >= last)
        return;
    RtlClearBits(&MmpPageMap, (ULONG)first, (ULONG)(last - first));
    MmpInfo.TotalPages += (ULONG)(last - first);
    if (last * PAGE_SIZE > MmpHighestAddress)
        MmpHighestAddress = (ULONG)(last * PAGE_SIZE);
}

/* The boot images stay where the loader put them; the pages they take. */
static ULONG MmpKeepBootImages(VOID)
{
    ULONG i, page, end, kept = 0;

    for (i = 0; i < KeBootImageCount; i++) {
        page = KeBootImages[i].Base / PAGE_SIZE;
        end = (KeBootImages[i].Base + KeBootImages[i].Size + PAGE_SIZE - 1) / PAGE_SIZE;
        for (; page < end && page < MM_MAX_PAGES; page++) {
            if (!RtlCheckBit(&MmpPageMap, page)) {
                RtlSetBits(&MmpPageMap, page, 1);
                kept++;
            }
        }
    }
    return kept;
}

VOID MmInitializePhysical(const MULTIBOOT_INFO *Info)
{
    ULONG off = 0, kbase, kpages;

    RtlInitializeBitMap(&MmpPageMap, MmpPageBits, MM_MAX_PAGES);
    RtlSetBits(&MmpPageMap, 0, MM_MAX_PAGES);
    if (Info->Flags & MULTIBOOT_INFO_MEM_MAP) {
        while (off + sizeof(MULTIBOOT_MMAP_ENTRY) <= Info->MmapLength) {
            const MULTIBOOT_MMAP_ENTRY *e = (const void *)(Info->MmapAddr + off);
            if (e->Type == MULTIBOOT_MEMORY_AVAILABLE)
                MmpFreeRange(e->Addr, e->Len);
            off += e->Size + sizeof(e->Size);
        }
    } else {
        MmpFreeRange(LOW_MEMORY, (ULONG64)Info->MemUpper * 1024);
    }
    if (MmpInfo.TotalPages == 0)
        KeBugCheckEx(INSTALL_MORE_MEMORY, 0, 0, 0, 0);
    kbase = (ULONG)KiImageBase / PAGE_SIZE;
    kpages = ((ULONG)KiImageEnd + PAGE_SIZE - 1) / PAGE_SIZE - kbase;
    RtlSetBits(&MmpPageMap, kbase, kpages);
    MmpInfo.KernelPages = kpages;
    MmpInfo.FreePages = MmpInfo.TotalPages - kpages - MmpKeepBootImages();
}

ULONG MmAllocatePhysicalPage(VOID)
{
    KIRQL irql;
    ULONG page;

    KeAcquireSpinLock(&MmpPageLock, &irql);
    page = RtlFindClearBitsAndSet(&MmpPageMap, 1, MmpHint);
    if (page != RTL_BITMAP_NOT_FOUND) {
        MmpHint = page + 1;
        MmpInfo.FreePages--;
    }
    KeReleaseSpinLock(&MmpPageLock, irql);
    return page == RTL_BITMAP_NOT_FOUND ? 0 : page * PAGE_SIZE;
}

VOID MmFreePhysicalPage(ULONG PhysicalAddress)
{
    ULONG page = PhysicalAddress / PAGE_SIZE;
    KIRQL irql;

    KeAcquireSpinLock(&MmpPageLock, &irql);
    if (!RtlCheckBit(&MmpPageMap, page))
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x99, PhysicalAddress, 0, 0);
    RtlClearBits(&MmpPageMap, page, 1);
    MmpInfo.FreePages++;
    KeReleaseSpinLock(&MmpPageLock, irql);
}

VOID MmQueryPhysical(MM_PHYSICAL_INFO *Info)
{
    *Info = MmpInfo;
    Info->HeapPages = MmHeapPages();
}

ULONG MmHighestPhysicalAddress(VOID)
{
    return MmpHighestAddress;
}
