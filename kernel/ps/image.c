/*
 * image.c - the images processes run: 32-bit ELF executables, linked for
 * ring 3 at a base of their own (user/user.mk), that the boot loader
 * brought as multiboot modules (KeBootImages, found by name).
 *
 * Mapping an image checks every field it uses against the file before
 * trusting it: an ELF32 i386 executable, program headers inside the file,
 * each loadable segment's file bytes inside the file and no larger than
 * its memory, every segment inside the user range, the entry point inside
 * an executable segment. The whole span of the segments is one region of
 * the process (MEM_IMAGE). A read-only segment (text, read-only data) maps
 * the boot image's own pages, shared by every process that runs the image;
 * a writable one (data, bss) gets private pages, filled from the file,
 * then the protection its flags ask for.
 *
 * An image keeps its symbol table: a ring-3 fault is reported with the
 * function it happened in (PspLookupImageSymbol).
 *
 * The ELF structures are the System V ABI's, with its field names.
 */
#include <string.h>
#include <strings.h>
#include "ntmm.h"
#include "ps/ps.h"

#define ELF_MAX_SEGMENTS 16

#define ET_EXEC     2
#define EM_386      3
#define PT_LOAD     1
#define PF_X        1
#define PF_W        2
#define SHT_SYMTAB  2
#define STT_FUNC    2

typedef struct {
    UCHAR e_ident[16];
    USHORT e_type, e_machine;
    ULONG e_version, e_entry, e_phoff, e_shoff, e_flags;
    USHORT e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} ELF32_EHDR;

typedef struct {
    ULONG p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} ELF32_PHDR;

typedef struct {
    ULONG sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info,
          sh_addralign, sh_entsize;
} ELF32_SHDR;

typedef struct {
    ULONG st_name, st_value, st_size;
    UCHAR st_info, st_other;
    USHORT st_shndx;
} ELF32_SYM;

NTSTATUS PspFindImage(PCSTRING Name, const KBOOT_IMAGE **Image)
{
    ULONG i;

    for (i = 0; i < KeBootImageCount; i++) {
        if (strlen(KeBootImages[i].Name) == Name->Length &&
            strncasecmp(KeBootImages[i].Name, Name->Buffer, Name->Length) == 0) {
            *Image = &KeBootImages[i];
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

/* Is [Offset, Offset + Length) inside the file? */
static BOOLEAN PspInFile(const KBOOT_IMAGE *Image, ULONG Offset, ULONG Length)
{
    return Offset + Length >= Offset && Offset + Length <= Image->Size;
}

static const ELF32_EHDR *PspCheckHeader(const KBOOT_IMAGE *Image)
{
    const ELF32_EHDR *h = (const ELF32_EHDR *)Image->Base;

    if (!PspInFile(Image, 0, sizeof(*h)) || memcmp(h->e_ident, "\177ELF\1\1\1", 7) != 0 ||
        h->e_type != ET_EXEC || h->e_machine != EM_386 ||
        h->e_phentsize != sizeof(ELF32_PHDR) || h->e_phnum == 0 ||
        h->e_phnum > ELF_MAX_SEGMENTS || !PspInFile(Image, h->e_phoff,
                                                    h->e_phnum * sizeof(ELF32_PHDR)))
        return NULL;
    return h;
}

static BOOLEAN PspCheckSegment(const KBOOT_IMAGE *Image, const ELF32_PHDR *p)
{
    ULONG end = p->p_vaddr + p->p_memsz;

    return PspInFile(Image, p->p_offset, p->p_filesz) && p->p_filesz <= p->p_memsz &&
           end > p->p_vaddr && p->p_vaddr >= MM_LOWEST_USER_ADDRESS &&
           end - 1 <= MM_HIGHEST_USER_ADDRESS;
}

/* The span [*Low, *High) of the loadable segments, all checked; the entry
   must lie in an executable one. */
static NTSTATUS PspImageSpan(const KBOOT_IMAGE *Image, const ELF32_EHDR *h, ULONG *Low,
                             ULONG *High)
{
    const ELF32_PHDR *ph = (const ELF32_PHDR *)(Image->Base + h->e_phoff);
    BOOLEAN entry = FALSE;
    ULONG i;

    *Low = ~0u;
    *High = 0;
    for (i = 0; i < h->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        if (!PspCheckSegment(Image, &ph[i]))
            return STATUS_INVALID_IMAGE_FORMAT;
        if (ph[i].p_vaddr < *Low)
            *Low = ph[i].p_vaddr;
        if (ph[i].p_vaddr + ph[i].p_memsz > *High)
            *High = ph[i].p_vaddr + ph[i].p_memsz;
        if ((ph[i].p_flags & PF_X) && h->e_entry >= ph[i].p_vaddr &&
            h->e_entry < ph[i].p_vaddr + ph[i].p_memsz)
            entry = TRUE;
    }
    return entry ? STATUS_SUCCESS : STATUS_INVALID_IMAGE_FORMAT;
}

static ULONG PspSegmentProtect(ULONG Flags)
{
    if (Flags & PF_W)
        return (Flags & PF_X) ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
    return (Flags & PF_X) ? PAGE_EXECUTE_READ : PAGE_READONLY;
}

/* A read-only segment whose file bytes fill it, at the same offset within
   a page as in the file: its pages can be the file's own. */
static BOOLEAN PspCanShare(const ELF32_PHDR *p)
{
    return !(p->p_flags & PF_W) && p->p_filesz == p->p_memsz &&
           (p->p_offset & (PAGE_SIZE - 1)) == (p->p_vaddr & (PAGE_SIZE - 1));
}

/* One loadable segment: the image's pages, or private ones filled from
   the file and then given the segment's protection. */
static NTSTATUS PspMapSegment(PEPROCESS Process, const KBOOT_IMAGE *Image, const ELF32_PHDR *p)
{
    ULONG start = p->p_vaddr & ~(PAGE_SIZE - 1), base = start, old;
    ULONG size = ((p->p_vaddr + p->p_memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - start;
    NTSTATUS status;

    if (PspCanShare(p))
        return MmMapImagePages(&Process->Vm, start, Image->Base + (p->p_offset & ~(PAGE_SIZE - 1)),
                               size / PAGE_SIZE, PspSegmentProtect(p->p_flags));
    status = MmAllocateVirtualMemory(&Process->Vm, &base, &size, MEM_COMMIT, PAGE_READWRITE,
                                     TRUE);
    if (NT_SUCCESS(status) && p->p_filesz != 0)
        status = MmCopyToAddressSpace(&Process->Vm, p->p_vaddr,
                                      (const VOID *)(Image->Base + p->p_offset), p->p_filesz);
    if (NT_SUCCESS(status))
        status = MmProtectVirtualMemory(&Process->Vm, &base, &size,
                                        PspSegmentProtect(p->p_flags), &old);
    return status;
}

/* Maps Image into Process; *Entry is where its first thread starts. */
NTSTATUS PspMapImage(PEPROCESS Process, const KBOOT_IMAGE *Image, ULONG *Entry)
{
    const ELF32_EHDR *h = PspCheckHeader(Image);
    const ELF32_PHDR *ph;
    ULONG low, high, base, size;
    NTSTATUS status;

    if (h == NULL)
        return STATUS_INVALID_IMAGE_FORMAT;
    status = PspImageSpan(Image, h, &low, &high);
    if (!NT_SUCCESS(status))
        return status;
    base = low & ~(MM_ALLOCATION_GRANULARITY - 1);
    size = high - base;
    status = MmAllocateVirtualMemory(&Process->Vm, &base, &size, MEM_RESERVE, PAGE_READWRITE,
                                     TRUE);
    ph = (const ELF32_PHDR *)(Image->Base + h->e_phoff);
    for (ULONG i = 0; i < h->e_phnum && NT_SUCCESS(status); i++) {
        if (ph[i].p_type == PT_LOAD)
            status = PspMapSegment(Process, Image, &ph[i]);
    }
    if (!NT_SUCCESS(status))
        return status;
    Process->Image = Image;
    Process->ImageBase = base;
    *Entry = h->e_entry;
    return STATUS_SUCCESS;
}

/* The image's symbol table and its string table, if both are sound. */
static const ELF32_SHDR *PspSymbolTable(const KBOOT_IMAGE *Image, const ELF32_SHDR **Strings)
{
    const ELF32_EHDR *h = PspCheckHeader(Image);
    const ELF32_SHDR *sh;
    ULONG i;

    if (h == NULL || h->e_shentsize != sizeof(ELF32_SHDR) ||
        !PspInFile(Image, h->e_shoff, h->e_shnum * sizeof(ELF32_SHDR)))
        return NULL;
    sh = (const ELF32_SHDR *)(Image->Base + h->e_shoff);
    for (i = 0; i < h->e_shnum; i++) {
        if (sh[i].sh_type == SHT_SYMTAB && sh[i].sh_link < h->e_shnum &&
            PspInFile(Image, sh[i].sh_offset, sh[i].sh_size) &&
            PspInFile(Image, sh[sh[i].sh_link].sh_offset, sh[sh[i].sh_link].sh_size)) {
            *Strings = &sh[sh[i].sh_link];
            return &sh[i];
        }
    }
    return NULL;
}

/* The function of Image that holds Address, and *Offset into it; NULL when
   the image has no symbols or no function there. */
PCSTR PspLookupImageSymbol(const KBOOT_IMAGE *Image, ULONG Address, ULONG *Offset)
{
    const ELF32_SHDR *strings, *table = Image != NULL ? PspSymbolTable(Image, &strings) : NULL;
    const ELF32_SYM *sym, *best = NULL;
    ULONG i, n;

    if (table == NULL)
        return NULL;
    sym = (const ELF32_SYM *)(Image->Base + table->sh_offset);
    n = table->sh_size / sizeof(ELF32_SYM);
    for (i = 0; i < n; i++) {
        if ((sym[i].st_info & 0xF) == STT_FUNC && sym[i].st_value <= Address &&
            Address - sym[i].st_value < (sym[i].st_size ? sym[i].st_size : 1) &&
            sym[i].st_name < strings->sh_size)
            best = &sym[i];
    }
    if (best == NULL)
        return NULL;
    *Offset = Address - best->st_value;
    return (PCSTR)(Image->Base + strings->sh_offset + best->st_name);
}
