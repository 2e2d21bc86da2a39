/*
 * init.c - KiSystemStartup: from the multiboot entry to a running system,
 * one step a line. Order matters: the console first (so that anything can be
 * reported), descriptors before anything can fault, the PIC (every line
 * masked) before the first spinlock release turns interrupts on, the command
 * line saved before the page allocator reuses the memory it was passed in,
 * paging before the heap, threads before the clock can preempt one.
 */
#include <stdio.h>
#include <string.h>
#include "boot/i386.h"
#include "boot/multiboot.h"
#include "ex/ex.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "mm/mm.h"

static char KiCommandLine[1024];
KBOOT_IMAGE KeBootImages[KE_MAX_BOOT_IMAGES];
ULONG KeBootImageCount;

/* A module's name: the last component of its path, up to a blank. */
static VOID KiSaveBootImage(const MULTIBOOT_MODULE *Module)
{
    KBOOT_IMAGE *image = &KeBootImages[KeBootImageCount++];
    const char *path = (const char *)Module->String, *name = path;
    ULONG i;

    for (; *path != '\0' && *path != ' '; path++) {
        if (*path == '/')
            name = path + 1;
    }
    for (i = 0; i < sizeof(image->Name) - 1 && &name[i] < path; i++)
        image->Name[i] = name[i];
    image->Base = Module->ModStart;
    image->Size = Module->ModEnd - Module->ModStart;
}

static VOID KiSaveLoaderBlock(ULONG Magic, const MULTIBOOT_INFO *Info)
{
    const MULTIBOOT_MODULE *modules = (const MULTIBOOT_MODULE *)Info->ModsAddr;
    ULONG i;

    if (Magic != MULTIBOOT_BOOTLOADER_MAGIC)
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, Magic, (ULONG_PTR)Info, 0, 0);
    if (Info->Flags & MULTIBOOT_INFO_CMDLINE)
        strncpy(KiCommandLine, (const char *)Info->CmdLine, sizeof(KiCommandLine) - 1);
    if (Info->Flags & MULTIBOOT_INFO_MODS) {
        for (i = 0; i < Info->ModsCount && i < KE_MAX_BOOT_IMAGES; i++)
            KiSaveBootImage(&modules[i]);
    }
}

static VOID KiPrintBanner(VOID)
{
    MM_PHYSICAL_INFO mem;

    MmQueryPhysical(&mem);
    printf("irplab: %lu MiB of memory, kernel image %lu KiB\n",
           (unsigned long)(mem.TotalPages / 256), (unsigned long)(mem.KernelPages * 4));
}

VOID __attribute__((noreturn)) KiSystemStartup(ULONG Magic, const MULTIBOOT_INFO *Info)
{
    HalInitializeUart(COM1);
    HalInitializeUart(COM2);
    KiInitializeGdt();
    KiInitializeIdt();
    HalInitializePic();
    KiSaveLoaderBlock(Magic, Info);
    MmInitializePhysical(Info);
    MmInitializePaging();
    setvbuf(stdout, NULL, _IONBF, 0);
    KiPrintBanner();
    KiParseBootArgs(KiCommandLine);
    KiInitializeScheduler();
    KiInitializeThreads();
    HalInitializeClock();
    KiStartScheduler();
    HalScanPci();
    ExStartSystem();
}
