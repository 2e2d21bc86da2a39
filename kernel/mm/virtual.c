/*
 * virtual.c - a process's user address space: regions reserved in it (VADs,
 * NT's virtual address descriptors) and the pages committed in them.
 *
 * A region is reserved on a 64 KiB boundary and is released whole. Pages are
 * committed inside a region: committing allocates a zeroed physical page at
 * once and maps it with the asked protection (mi.h has the PTE format), so
 * a page is either there or not - there is no demand paging, and a fault on
 * a user address is always an access violation.
 *
 * An image's read-only pages are not copies: they map the boot image's own
 * physical pages (MmMapImagePages), shared by every process that runs it,
 * as NT's image sections share them (and so the processor's, or QEMU's,
 * work on that code is done once). Such a frame is never freed nor written
 * through another mapping; a process that makes one writable gets a private
 * copy first. Every page a process holds
 * (its directory, its page tables, its committed pages) is counted in its
 * MMSUPPORT and in MiProcessPages, the figure the leak audit compares; user
 * commitments together may not pass MmpCommitLimit, so that no process can
 * take the memory the kernel's pool needs (STATUS_COMMITMENT_LIMIT).
 *
 * Vm->Lock (a spinlock) guards the VAD list and the PTEs; nothing here
 * waits or touches user memory through a user address.
 */
#include <string.h>
#include "ntmm.h"
#include "mm/mi.h"

#define VAD_TAG POOL_TAG('M', 'm', 'V', 'a')

typedef struct _MMVAD {
    LIST_ENTRY Links;           /* in MMSUPPORT.VadListHead, by address */
    ULONG Start, End;           /* [Start, End): whole pages */
    ULONG AllocationProtect;    /* what the reservation asked for */
    BOOLEAN Image;              /* made by the image loader: MEM_IMAGE */
} MMVAD, *PMMVAD;

static ULONG MmpCommitLimit;    /* pages; set at the first commitment */

static const ULONG MiProtectValues[] = {
    [MM_NOACCESS] = PAGE_NOACCESS, [MM_READONLY] = PAGE_READONLY,
    [MM_READWRITE] = PAGE_READWRITE, [MM_EXECUTE] = PAGE_EXECUTE,
    [MM_EXECUTE_READ] = PAGE_EXECUTE_READ, [MM_EXECUTE_READWRITE] = PAGE_EXECUTE_READWRITE,
};

/* The MM_PROTECT for an NT protection; MM_NOT_COMMITTED for anything that
   is not exactly one of the supported values. */
static MM_PROTECT MiProtectIndex(ULONG Protect)
{
    ULONG i;

    for (i = MM_NOACCESS; i < ARRAYSIZE(MiProtectValues); i++) {
        if (MiProtectValues[i] == Protect)
            return (MM_PROTECT)i;
    }
    return MM_NOT_COMMITTED;
}

static ULONG MiPteFor(ULONG Frame, MM_PROTECT Protect)
{
    ULONG pte = Frame | PTE_USER | ((ULONG)Protect << PTE_PROTECT_SHIFT);

    if (Protect != MM_NOACCESS)
        pte |= PTE_PRESENT;
    if (Protect == MM_READWRITE || Protect == MM_EXECUTE_READWRITE)
        pte |= PTE_WRITE;
    return pte;
}

static MM_PROTECT MiPteProtect(ULONG Pte)
{
    return (MM_PROTECT)((Pte & PTE_PROTECT_MASK) >> PTE_PROTECT_SHIFT);
}

static ULONG MiPageCount(ULONG Start, ULONG End)
{
    return (End - Start) / PAGE_SIZE;
}

/* Is Frame a page of a boot image (shared, never freed)? */
static BOOLEAN MiIsImageFrame(ULONG Frame)
{
    for (ULONG i = 0; i < KeBootImageCount; i++) {
        if (Frame >= KeBootImages[i].Base && Frame < KeBootImages[i].Base + KeBootImages[i].Size)
            return TRUE;
    }
    return FALSE;
}

/* ---------------------------------------------------------------- regions */

/* The region holding Va, or NULL. Vm->Lock held. */
static PMMVAD MiFindVad(PMMSUPPORT Vm, ULONG Va)
{
    for (PLIST_ENTRY e = Vm->VadListHead.Flink; e != &Vm->VadListHead; e = e->Flink) {
        PMMVAD v = CONTAINING_RECORD(e, MMVAD, Links);
        if (Va >= v->Start && Va < v->End)
            return v;
    }
    return NULL;
}

/* Is [Start, End) clear of every region? Vm->Lock held. */
static BOOLEAN MiRangeIsFree(PMMSUPPORT Vm, ULONG Start, ULONG End)
{
    for (PLIST_ENTRY e = Vm->VadListHead.Flink; e != &Vm->VadListHead; e = e->Flink) {
        PMMVAD v = CONTAINING_RECORD(e, MMVAD, Links);
        if (Start < v->End && v->Start < End)
            return FALSE;
    }
    return TRUE;
}

/* A free, granularity-aligned range of Size bytes: the lowest, or with
   TopDown the highest. 0 when there is none. Vm->Lock held. */
static ULONG MiFindFreeRange(PMMSUPPORT Vm, ULONG Size, BOOLEAN TopDown)
{
    ULONG top = (MM_HIGHEST_USER_ADDRESS + 1) & ~(MM_ALLOCATION_GRANULARITY - 1);
    ULONG base;

    if (Size > top - MM_LOWEST_USER_ADDRESS)
        return 0;
    if (TopDown) {
        for (base = (top - Size) & ~(MM_ALLOCATION_GRANULARITY - 1);
             base >= MM_LOWEST_USER_ADDRESS; base -= MM_ALLOCATION_GRANULARITY) {
            if (MiRangeIsFree(Vm, base, base + Size))
                return base;
        }
        return 0;
    }
    for (base = MM_LOWEST_USER_ADDRESS; base + Size <= top; base += MM_ALLOCATION_GRANULARITY) {
        if (MiRangeIsFree(Vm, base, base + Size))
            return base;
    }
    return 0;
}

/* Adds a region, keeping the list in address order. Vm->Lock held. */
static NTSTATUS MiInsertVad(PMMSUPPORT Vm, ULONG Start, ULONG End, ULONG Protect, BOOLEAN Image)
{
    PMMVAD vad = ExAllocatePoolWithTag(NonPagedPool, sizeof(*vad), VAD_TAG);
    PLIST_ENTRY e = Vm->VadListHead.Flink;

    if (vad == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    vad->Start = Start;
    vad->End = End;
    vad->AllocationProtect = Protect;
    vad->Image = Image;
    while (e != &Vm->VadListHead && CONTAINING_RECORD(e, MMVAD, Links)->Start < Start)
        e = e->Flink;
    InsertTailList(e, &vad->Links);
    return STATUS_SUCCESS;
}

/* ---------------------------------------------------------------- pages */

static BOOLEAN MiChargeCommit(ULONG Pages)
{
    MM_PHYSICAL_INFO info;

    if (MmpCommitLimit == 0) {
        MmQueryPhysical(&info);
        MmpCommitLimit = info.FreePages / 2;
    }
    return (ULONG)MiProcessPages + Pages <= MmpCommitLimit;
}

/* Commits every page of [Start, End) that is not committed yet, with
   Protect; a page that is keeps its contents and protection. Vm->Lock held. */
static NTSTATUS MiCommitPages(PMMSUPPORT Vm, ULONG Start, ULONG End, MM_PROTECT Protect)
{
    ULONG va, pa;
    PULONG pte;

    if (!MiChargeCommit(MiPageCount(Start, End)))
        return STATUS_COMMITMENT_LIMIT;
    for (va = Start; va < End; va += PAGE_SIZE) {
        pte = MiUserPte(Vm, va, TRUE);
        if (pte == NULL)
            return STATUS_NO_MEMORY;
        if (*pte != 0)
            continue;
        pa = MmAllocatePhysicalPage();
        if (pa == 0)
            return STATUS_NO_MEMORY;
        memset((PVOID)pa, 0, PAGE_SIZE);
        *pte = MiPteFor(pa, Protect);
        Vm->Pages++;
        __sync_add_and_fetch(&MiProcessPages, 1);
    }
    return STATUS_SUCCESS;
}

/* Gives back every committed page of [Start, End), skipping the 4 MiB
   stretches that have no page table at all. Vm->Lock held. */
static VOID MiDecommitPages(PMMSUPPORT Vm, ULONG Start, ULONG End)
{
    ULONG va;
    PULONG pte;

    for (va = Start; va < End; va += PAGE_SIZE) {
        pte = MiUserPte(Vm, va, FALSE);
        if (pte == NULL) {
            va = (va | ((1u << 22) - 1)) + 1 - PAGE_SIZE;
            continue;
        }
        if (*pte == 0)
            continue;
        if (!MiIsImageFrame(*pte & PTE_FRAME)) {
            MmFreePhysicalPage(*pte & PTE_FRAME);
            Vm->Pages--;
            __sync_sub_and_fetch(&MiProcessPages, 1);
        }
        *pte = 0;
        MiFlushUserPte(Vm, va);
    }
}

/* Gives *Pte (a shared image page about to become writable) a private
   copy of its contents. Vm->Lock held. */
static NTSTATUS MiPrivatizePage(PMMSUPPORT Vm, PULONG Pte)
{
    ULONG pa;

    if (!MiIsImageFrame(*Pte & PTE_FRAME))
        return STATUS_SUCCESS;
    if (!MiChargeCommit(1) || (pa = MmAllocatePhysicalPage()) == 0)
        return STATUS_COMMITMENT_LIMIT;
    memcpy((PVOID)pa, (PVOID)(*Pte & PTE_FRAME), PAGE_SIZE);
    *Pte = (*Pte & ~PTE_FRAME) | pa;
    Vm->Pages++;
    __sync_add_and_fetch(&MiProcessPages, 1);
    return STATUS_SUCCESS;
}

/* Are all pages of [Start, End) committed? Vm->Lock held. */
static BOOLEAN MiAllCommitted(PMMSUPPORT Vm, ULONG Start, ULONG End)
{
    ULONG va;
    PULONG pte;

    for (va = Start; va < End; va += PAGE_SIZE) {
        pte = MiUserPte(Vm, va, FALSE);
        if (pte == NULL || *pte == 0)
            return FALSE;
    }
    return TRUE;
}

/* ---------------------------------------------------------------- calls */

static VOID MiReleaseRegionLocked(PMMSUPPORT Vm, ULONG Start);

/* The page range a caller's (address, size) pair covers; FALSE if it leaves
   the user range or wraps. */
static BOOLEAN MiPageRange(ULONG Base, ULONG Size, ULONG *Start, ULONG *End)
{
    ULONG end = Base + Size;

    if (Size == 0 || end < Base || Base < MM_LOWEST_USER_ADDRESS ||
        end - 1 > MM_HIGHEST_USER_ADDRESS)
        return FALSE;
    *Start = Base & ~(PAGE_SIZE - 1);
    *End = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    return TRUE;
}

/* A new reservation: at *BaseAddress (rounded down to the granularity) or,
   when it is 0, wherever there is room. Vm->Lock held. */
static NTSTATUS MiReserve(PMMSUPPORT Vm, ULONG *BaseAddress, ULONG *RegionSize,
                          ULONG AllocationType, ULONG Protect, BOOLEAN Image)
{
    ULONG start, end, size;

    if (*BaseAddress == 0) {
        size = (*RegionSize + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        if (size == 0 || size < *RegionSize)
            return STATUS_INVALID_PARAMETER_4;
        start = MiFindFreeRange(Vm, size, (AllocationType & MEM_TOP_DOWN) != 0);
        if (start == 0)
            return STATUS_NO_MEMORY;
        end = start + size;
    } else {
        if (!MiPageRange(*BaseAddress, *RegionSize, &start, &end))
            return STATUS_INVALID_PARAMETER_2;
        start &= ~(MM_ALLOCATION_GRANULARITY - 1);
        if (start < MM_LOWEST_USER_ADDRESS)
            return STATUS_INVALID_PARAMETER_2;
        if (!MiRangeIsFree(Vm, start, end))
            return STATUS_CONFLICTING_ADDRESSES;
    }
    *BaseAddress = start;
    *RegionSize = end - start;
    return MiInsertVad(Vm, start, end, Protect, Image);
}

/*
 * NtAllocateVirtualMemory's work: reserve (MEM_RESERVE), commit inside an
 * existing reservation (MEM_COMMIT), or both. *BaseAddress and *RegionSize
 * come back as the pages (or the reservation) the call covered.
 */
NTSTATUS MmAllocateVirtualMemory(PMMSUPPORT Vm, ULONG *BaseAddress, ULONG *RegionSize,
                                 ULONG AllocationType, ULONG Protect, BOOLEAN Image)
{
    MM_PROTECT protect = MiProtectIndex(Protect);
    ULONG start, end;
    NTSTATUS status;
    PMMVAD vad;
    KIRQL irql;

    if ((AllocationType & ~(MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN)) != 0 ||
        (AllocationType & (MEM_COMMIT | MEM_RESERVE)) == 0)
        return STATUS_INVALID_PARAMETER_5;
    if (protect == MM_NOT_COMMITTED)
        return STATUS_INVALID_PAGE_PROTECTION;
    KeAcquireSpinLock(&Vm->Lock, &irql);
    if (AllocationType & MEM_RESERVE) {
        status = MiReserve(Vm, BaseAddress, RegionSize, AllocationType, Protect, Image);
        if (NT_SUCCESS(status) && (AllocationType & MEM_COMMIT)) {
            status = MiCommitPages(Vm, *BaseAddress, *BaseAddress + *RegionSize, protect);
            if (!NT_SUCCESS(status))
                MiReleaseRegionLocked(Vm, *BaseAddress);
        }
    } else if (!MiPageRange(*BaseAddress, *RegionSize, &start, &end)) {
        status = STATUS_INVALID_PARAMETER_2;
    } else if ((vad = MiFindVad(Vm, start)) == NULL || end > vad->End) {
        status = STATUS_MEMORY_NOT_ALLOCATED;
    } else {
        status = MiCommitPages(Vm, start, end, protect);
        *BaseAddress = start;
        *RegionSize = end - start;
    }
    KeReleaseSpinLock(&Vm->Lock, irql);
    return status;
}

/*
 * One committed read-write page for a PEB or a TEB: the highest free page
 * at or below Highest, as NT places them (the PEB at 0x7FFDF000, each TEB
 * below). These regions are a page, not a 64 KiB granule.
 */
NTSTATUS MmCreatePebOrTeb(PMMSUPPORT Vm, ULONG Highest, ULONG *Address)
{
    NTSTATUS status = STATUS_NO_MEMORY;
    ULONG va;
    KIRQL irql;

    KeAcquireSpinLock(&Vm->Lock, &irql);
    for (va = Highest & ~(PAGE_SIZE - 1); va >= MM_LOWEST_USER_ADDRESS; va -= PAGE_SIZE) {
        if (MiRangeIsFree(Vm, va, va + PAGE_SIZE)) {
            status = MiInsertVad(Vm, va, va + PAGE_SIZE, PAGE_READWRITE, FALSE);
            if (NT_SUCCESS(status)) {
                status = MiCommitPages(Vm, va, va + PAGE_SIZE, MM_READWRITE);
                if (!NT_SUCCESS(status))
                    MiReleaseRegionLocked(Vm, va);
            }
            break;
        }
    }
    KeReleaseSpinLock(&Vm->Lock, irql);
    *Address = va;
    return status;
}

/* Releases the region (a PEB's, a TEB's, any) holding Address. */
VOID MmDeleteRegion(PMMSUPPORT Vm, ULONG Address)
{
    KIRQL irql;

    KeAcquireSpinLock(&Vm->Lock, &irql);
    if (MiFindVad(Vm, Address) != NULL)
        MiReleaseRegionLocked(Vm, Address);
    KeReleaseSpinLock(&Vm->Lock, irql);
}

/*
 * Maps Pages pages of a boot image, from PhysicalAddress, at Va inside an
 * image region (not committed yet), with Protect, which may not be
 * writable: the frames stay the image's, shared.
 */
NTSTATUS MmMapImagePages(PMMSUPPORT Vm, ULONG Va, ULONG PhysicalAddress, ULONG Pages,
                         ULONG Protect)
{
    MM_PROTECT protect = MiProtectIndex(Protect);
    NTSTATUS status = STATUS_SUCCESS;
    PMMVAD vad;
    PULONG pte;
    KIRQL irql;

    if (protect == MM_NOT_COMMITTED || protect == MM_READWRITE || protect == MM_EXECUTE_READWRITE)
        return STATUS_INVALID_PAGE_PROTECTION;
    KeAcquireSpinLock(&Vm->Lock, &irql);
    vad = MiFindVad(Vm, Va);
    if (vad == NULL || !vad->Image || Va + Pages * PAGE_SIZE > vad->End)
        status = STATUS_CONFLICTING_ADDRESSES;
    for (ULONG i = 0; i < Pages && NT_SUCCESS(status); i++) {
        pte = MiUserPte(Vm, Va + i * PAGE_SIZE, TRUE);
        if (pte == NULL || *pte != 0 || !MiIsImageFrame(PhysicalAddress + i * PAGE_SIZE))
            status = pte == NULL ? STATUS_NO_MEMORY : STATUS_CONFLICTING_ADDRESSES;
        else
            *pte = MiPteFor(PhysicalAddress + i * PAGE_SIZE, protect);
    }
    KeReleaseSpinLock(&Vm->Lock, irql);
    return status;
}

/* Releases the whole region that holds Start. Vm->Lock held. */
static VOID MiReleaseRegionLocked(PMMSUPPORT Vm, ULONG Start)
{
    PMMVAD vad = MiFindVad(Vm, Start);

    MiDecommitPages(Vm, vad->Start, vad->End);
    RemoveEntryList(&vad->Links);
    ExFreePoolWithTag(vad, VAD_TAG);
}

/*
 * NtFreeVirtualMemory's work. MEM_RELEASE frees a whole reservation (the
 * address must be its base and the size 0 or its size); MEM_DECOMMIT gives
 * back the pages of a range inside one.
 */
NTSTATUS MmFreeVirtualMemory(PMMSUPPORT Vm, ULONG *BaseAddress, ULONG *RegionSize,
                             ULONG FreeType)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG start, end;
    PMMVAD vad;
    KIRQL irql;

    if (FreeType != MEM_RELEASE && FreeType != MEM_DECOMMIT)
        return STATUS_INVALID_PARAMETER_4;
    KeAcquireSpinLock(&Vm->Lock, &irql);
    vad = MiFindVad(Vm, *BaseAddress & ~(PAGE_SIZE - 1));
    if (vad == NULL) {
        status = STATUS_MEMORY_NOT_ALLOCATED;
    } else if (FreeType == MEM_RELEASE) {
        if (*BaseAddress != vad->Start ||
            (*RegionSize != 0 && *RegionSize != vad->End - vad->Start)) {
            status = STATUS_FREE_VM_NOT_AT_BASE;
        } else {
            *RegionSize = vad->End - vad->Start;
            MiReleaseRegionLocked(Vm, vad->Start);
        }
    } else if (!MiPageRange(*BaseAddress, *RegionSize ? *RegionSize : 1, &start, &end) ||
               end > vad->End) {
        status = STATUS_UNABLE_TO_FREE_VM;
    } else {
        if (*RegionSize == 0)
            end = vad->End;
        MiDecommitPages(Vm, start, end);
        *BaseAddress = start;
        *RegionSize = end - start;
    }
    KeReleaseSpinLock(&Vm->Lock, irql);
    return status;
}

/* NtProtectVirtualMemory's work: every page of the range must be committed
   and in one region; *OldProtect is the first page's. */
NTSTATUS MmProtectVirtualMemory(PMMSUPPORT Vm, ULONG *BaseAddress, ULONG *RegionSize,
                                ULONG NewProtect, ULONG *OldProtect)
{
    MM_PROTECT protect = MiProtectIndex(NewProtect);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG start, end, va;
    PMMVAD vad;
    PULONG pte;
    KIRQL irql;

    if (protect == MM_NOT_COMMITTED)
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!MiPageRange(*BaseAddress, *RegionSize, &start, &end))
        return STATUS_INVALID_PARAMETER_2;
    KeAcquireSpinLock(&Vm->Lock, &irql);
    vad = MiFindVad(Vm, start);
    if (vad == NULL || end > vad->End) {
        status = STATUS_CONFLICTING_ADDRESSES;
    } else if (!MiAllCommitted(Vm, start, end)) {
        status = STATUS_NOT_COMMITTED;
    } else {
        *OldProtect = MiProtectValues[MiPteProtect(*MiUserPte(Vm, start, FALSE))];
        for (va = start; va < end && NT_SUCCESS(status); va += PAGE_SIZE) {
            pte = MiUserPte(Vm, va, FALSE);
            if (protect == MM_READWRITE || protect == MM_EXECUTE_READWRITE)
                status = MiPrivatizePage(Vm, pte);
            if (NT_SUCCESS(status))
                *pte = MiPteFor(*pte & PTE_FRAME, protect);
            MiFlushUserPte(Vm, va);
        }
        *BaseAddress = start;
        *RegionSize = end - start;
    }
    KeReleaseSpinLock(&Vm->Lock, irql);
    return status;
}

/* The state of the page at Va, for NtQueryVirtualMemory: the run of pages
   from it that share its state and protection. Vm->Lock held. */
static VOID MiDescribeRun(PMMSUPPORT Vm, PMMVAD Vad, ULONG Va, PMEMORY_BASIC_INFORMATION Info)
{
    PULONG pte = MiUserPte(Vm, Va, FALSE);
    ULONG first = pte != NULL ? *pte : 0, end = Va;

    while (end < Vad->End) {
        pte = MiUserPte(Vm, end, FALSE);
        if ((pte != NULL ? *pte : 0) == 0 ? first != 0
                                          : first == 0 || MiPteProtect(*pte) != MiPteProtect(first))
            break;
        end += PAGE_SIZE;
    }
    Info->BaseAddress = (PVOID)Va;
    Info->AllocationBase = (PVOID)Vad->Start;
    Info->AllocationProtect = Vad->AllocationProtect;
    Info->RegionSize = end - Va;
    Info->State = first != 0 ? MEM_COMMIT : MEM_RESERVE;
    Info->Protect = first != 0 ? MiProtectValues[MiPteProtect(first)] : 0;
    Info->Type = Vad->Image ? MEM_IMAGE : MEM_PRIVATE;
}

NTSTATUS MmQueryVirtualMemory(PMMSUPPORT Vm, ULONG Address, PMEMORY_BASIC_INFORMATION Info)
{
    ULONG va = Address & ~(PAGE_SIZE - 1), next = MM_HIGHEST_USER_ADDRESS + 1;
    PMMVAD vad;
    KIRQL irql;

    if (Address < MM_LOWEST_USER_ADDRESS || Address > MM_HIGHEST_USER_ADDRESS)
        return STATUS_INVALID_PARAMETER_2;
    memset(Info, 0, sizeof(*Info));
    KeAcquireSpinLock(&Vm->Lock, &irql);
    vad = MiFindVad(Vm, va);
    if (vad != NULL) {
        MiDescribeRun(Vm, vad, va, Info);
    } else {
        for (PLIST_ENTRY e = Vm->VadListHead.Flink; e != &Vm->VadListHead; e = e->Flink) {
            PMMVAD v = CONTAINING_RECORD(e, MMVAD, Links);
            if (v->Start > va) {
                next = v->Start;
                break;
            }
        }
        Info->BaseAddress = (PVOID)va;
        Info->RegionSize = next - va;
        Info->State = MEM_FREE;
        Info->Protect = PAGE_NOACCESS;
    }
    KeReleaseSpinLock(&Vm->Lock, irql);
    return STATUS_SUCCESS;
}

/* ---------------------------------------------------------------- access */

/* Copies between a kernel buffer and committed pages of Vm, through the
   pages' physical (identity-mapped) addresses: works for any address
   space, loaded or not, whatever the pages' protection. */
static NTSTATUS MiCopyAddressSpace(PMMSUPPORT Vm, ULONG Address, PVOID Buffer, ULONG Length,
                                   BOOLEAN ToSpace)
{
    NTSTATUS status = STATUS_SUCCESS;
    PUCHAR buffer = Buffer;
    PULONG pte;
    KIRQL irql;

    KeAcquireSpinLock(&Vm->Lock, &irql);
    while (Length != 0 && NT_SUCCESS(status)) {
        ULONG offset = Address & (PAGE_SIZE - 1), chunk = PAGE_SIZE - offset;
        PUCHAR page;

        if (chunk > Length)
            chunk = Length;
        pte = Address >= MM_LOWEST_USER_ADDRESS && Address <= MM_HIGHEST_USER_ADDRESS
                  ? MiUserPte(Vm, Address, FALSE) : NULL;
        if (pte == NULL || *pte == 0 || (ToSpace && MiIsImageFrame(*pte & PTE_FRAME))) {
            status = STATUS_ACCESS_VIOLATION;
            break;
        }
        page = (PUCHAR)(*pte & PTE_FRAME) + offset;
        memcpy(ToSpace ? page : buffer, ToSpace ? buffer : page, chunk);
        Address += chunk;
        buffer += chunk;
        Length -= chunk;
    }
    KeReleaseSpinLock(&Vm->Lock, irql);
    return status;
}

NTSTATUS MmCopyToAddressSpace(PMMSUPPORT Vm, ULONG Address, const VOID *Buffer, ULONG Length)
{
    return MiCopyAddressSpace(Vm, Address, (PVOID)Buffer, Length, TRUE);
}

NTSTATUS MmCopyFromAddressSpace(PMMSUPPORT Vm, ULONG Address, PVOID Buffer, ULONG Length)
{
    return MiCopyAddressSpace(Vm, Address, Buffer, Length, FALSE);
}

/* The fix-up for a faulting instruction (usercopy.S), or 0. */
ULONG MmFindFixup(ULONG FaultingEip)
{
    extern const ULONG KiExceptionTable[], KiExceptionTableEnd[];
    const ULONG *e;

    for (e = KiExceptionTable; e < KiExceptionTableEnd; e += 2) {
        if (e[0] == FaultingEip)
            return e[1];
    }
    return 0;
}

/* The process's last thread is ending (in its own address space): every
   region and every page it committed goes. The page tables and the
   directory stay until MmDeleteAddressSpace. */
VOID MmCleanAddressSpace(PMMSUPPORT Vm)
{
    KIRQL irql;

    KeAcquireSpinLock(&Vm->Lock, &irql);
    while (!IsListEmpty(&Vm->VadListHead))
        MiReleaseRegionLocked(Vm, CONTAINING_RECORD(Vm->VadListHead.Flink, MMVAD, Links)->Start);
    KeReleaseSpinLock(&Vm->Lock, irql);
}

/* The process object is going: what is left, then the page tables and the
   directory. Vm is not loaded: no thread of its process runs any more. */
VOID MmDeleteAddressSpace(PMMSUPPORT Vm)
{
    MmCleanAddressSpace(Vm);
    MiDeleteDirectory(Vm);
}
