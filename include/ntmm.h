/*
 * ntmm.h - a process's virtual memory, as user/ sees it: NT's
 * NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory
 * and NtQueryVirtualMemory, with NT's values.
 *
 * A process owns the user range [MM_LOWEST_USER_ADDRESS,
 * MM_HIGHEST_USER_ADDRESS]; everything below and above it is the kernel's.
 * Memory is reserved in 64 KiB-aligned regions and committed a page at a
 * time. Committed pages read as zeros when first used. Execute rights are
 * kept and reported, but the processor (no NX bit without PAE) lets any
 * readable page be executed.
 */
#ifndef NTMM_H
#define NTMM_H

#include "ntdef.h"
#include "obtypes.h"

#define MM_LOWEST_USER_ADDRESS      0x40010000u
#define MM_HIGHEST_USER_ADDRESS     0x7FFEFFFFu
#define MM_ALLOCATION_GRANULARITY   0x10000u

/* AllocationType and FreeType. */
#define MEM_COMMIT                  0x00001000u
#define MEM_RESERVE                 0x00002000u
#define MEM_DECOMMIT                0x00004000u
#define MEM_RELEASE                 0x00008000u
#define MEM_FREE                    0x00010000u
#define MEM_PRIVATE                 0x00020000u
#define MEM_TOP_DOWN                0x00100000u
#define MEM_IMAGE                   0x01000000u

/* Page protections: exactly one of these. */
#define PAGE_NOACCESS               0x01u
#define PAGE_READONLY               0x02u
#define PAGE_READWRITE              0x04u
#define PAGE_WRITECOPY              0x08u
#define PAGE_EXECUTE                0x10u
#define PAGE_EXECUTE_READ           0x20u
#define PAGE_EXECUTE_READWRITE      0x40u
#define PAGE_EXECUTE_WRITECOPY      0x80u
#define PAGE_GUARD                  0x100u
#define PAGE_NOCACHE                0x200u

#define MemoryBasicInformation      0

typedef struct _MEMORY_BASIC_INFORMATION {
    PVOID BaseAddress;
    PVOID AllocationBase;
    ULONG AllocationProtect;
    SIZE_T RegionSize;
    ULONG State;                /* MEM_COMMIT, MEM_RESERVE or MEM_FREE */
    ULONG Protect;
    ULONG Type;                 /* MEM_PRIVATE or MEM_IMAGE; 0 when free */
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

NTSTATUS NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                 PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect);
NTSTATUS NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                             ULONG FreeType);
NTSTATUS NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                ULONG NewProtect, PULONG OldProtect);
NTSTATUS NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, ULONG InformationClass,
                              PVOID Information, SIZE_T Length, PSIZE_T ReturnLength);

#endif
