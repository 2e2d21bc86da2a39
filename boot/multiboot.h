/*
 * multiboot.h - the parts of the multiboot (version 1) information block
 * the kernel reads: the command line, the modules (the process images;
 * QEMU's -initrd "a,b,c" loads one module per file, page-aligned, with the
 * file's path as the module's string) and the memory map.
 */
#ifndef BOOT_MULTIBOOT_H
#define BOOT_MULTIBOOT_H

#include "ntdef.h"

#define MULTIBOOT_BOOTLOADER_MAGIC  0x2BADB002
#define MULTIBOOT_INFO_CMDLINE      0x00000004
#define MULTIBOOT_INFO_MODS         0x00000008
#define MULTIBOOT_INFO_MEM_MAP      0x00000040
#define MULTIBOOT_MEMORY_AVAILABLE  1

typedef struct _MULTIBOOT_INFO {
    ULONG Flags;
    ULONG MemLower, MemUpper;
    ULONG BootDevice;
    ULONG CmdLine;
    ULONG ModsCount, ModsAddr;
    ULONG Syms[4];
    ULONG MmapLength, MmapAddr;
} MULTIBOOT_INFO;

typedef struct _MULTIBOOT_MODULE {
    ULONG ModStart, ModEnd;     /* physical, [ModStart, ModEnd) */
    ULONG String;               /* NUL-terminated */
    ULONG Reserved;
} MULTIBOOT_MODULE;

/* Size counts the bytes after itself; entries are Size + 4 apart. */
typedef struct _MULTIBOOT_MMAP_ENTRY {
    ULONG Size;
    ULONG64 Addr;
    ULONG64 Len;
    ULONG Type;
} __attribute__((packed)) MULTIBOOT_MMAP_ENTRY;

#endif
