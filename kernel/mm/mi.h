/*
 * mi.h - the memory manager's own definitions, shared by kernel/mm's files
 * and by nothing else: page-table entry bits and the page tables of a
 * process's user range.
 *
 * A user page-table entry is either 0 (not committed) or committed: then
 * bits 9..11 (free for software in the processor's format) hold the page's
 * protection as an MM_PROTECT index, the frame is the page's, and the
 * present and write bits follow from the protection (a PAGE_NOACCESS page
 * keeps its frame with the present bit clear).
 */
#ifndef MI_H
#define MI_H

#include "mm/mm.h"

#define PTE_PRESENT         0x001u
#define PTE_WRITE           0x002u
#define PTE_USER            0x004u
#define PTE_FRAME           0xFFFFF000u
#define PTE_PROTECT_SHIFT   9
#define PTE_PROTECT_MASK    (7u << PTE_PROTECT_SHIFT)

#define MI_PDE_INDEX(va)    ((va) >> 22)
#define MI_PTE_INDEX(va)    (((va) >> PAGE_SHIFT) & 0x3FF)

/* A committed page's protection, as kept in its PTE. */
typedef enum _MM_PROTECT {
    MM_NOT_COMMITTED = 0,
    MM_NOACCESS,
    MM_READONLY,
    MM_READWRITE,
    MM_EXECUTE,
    MM_EXECUTE_READ,
    MM_EXECUTE_READWRITE,
} MM_PROTECT;

/* paging.c */
PULONG MiUserPte(PMMSUPPORT Vm, ULONG Va, BOOLEAN Create);
VOID MiDeleteDirectory(PMMSUPPORT Vm);
VOID MiFlushUserPte(PMMSUPPORT Vm, ULONG Va);
extern volatile LONG MiProcessPages;

#endif
