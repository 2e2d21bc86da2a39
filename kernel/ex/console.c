/*
 * console.c - the command console on COM1.
 *
 * The line editor (kernel/rtl/lineedit.c) over the UART's receive ring,
 * then a table of commands. Whatever arrives - unknown words, lines past
 * the limit, control codes or binary bytes - earns one line of explanation
 * and a new prompt; nothing a person or a program types can stop the
 * console, except Ctrl-C, the user's interrupt, which ends the run with the
 * pass status as `exit` does.
 */
#include <stdio.h>
#include <string.h>
#include "boot/i386.h"
#include "ex/ex.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ps/ps.h"
#include "rtl/rtl.h"

#define CONSOLE_ARGS_MAX    8

typedef struct _CONSOLE_COMMAND {
    const char *Name;
    const char *Help;
    VOID (*Run)(int Argc, char **Argv);
} CONSOLE_COMMAND;

static BOOLEAN ExpEcho;
static KEVENT ExpInputEvent;     /* set by ExpInputDpc when bytes arrive */
static KDPC ExpInputDpc;

static VOID ExpInputArrived(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    KeSetEvent(&ExpInputEvent, 0, FALSE);
}

/* Waits for a byte. The event is a synchronization event: a byte that
   arrives between the empty check and the wait leaves it set. */
static int ExpReadChar(VOID)
{
    int c;

    while ((c = HalUartReadChar(COM1)) < 0)
        KeWaitForSingleObject(&ExpInputEvent, Executive, KernelMode, FALSE, NULL);
    return c;
}

static VOID ExpEchoText(const char *Text)
{
    if (ExpEcho)
        fputs(Text, stdout);
}

/* Reads one line through the line editor (kernel/rtl/lineedit.c); FALSE
   when the user interrupted it with Ctrl-C. */
static BOOLEAN ExpReadLine(PRTL_LINE_EDITOR Line)
{
    char echo[RTL_LINE_ECHO_MAX + 1];
    RTL_LINE_EVENT event;

    RtlStartLine(Line);
    do {
        event = RtlEditLine(Line, (UCHAR)ExpReadChar(), echo);
        ExpEchoText(echo);
    } while (event == RtlLineMore);
    return event == RtlLineDone;
}

static VOID ExpHelp(int Argc, char **Argv);

static VOID ExpMem(int Argc, char **Argv)
{
    MM_PHYSICAL_INFO m;

    MmQueryPhysical(&m);
    printf("memory: %lu KiB usable, %lu KiB free, kernel image %lu KiB, heap %lu KiB\n",
           (unsigned long)m.TotalPages * 4, (unsigned long)m.FreePages * 4,
           (unsigned long)m.KernelPages * 4, (unsigned long)m.HeapPages * 4);
}

static VOID ExpPool(int Argc, char **Argv)
{
    POOL_TRACKER t[128];
    ULONG n = ExQueryPoolTags(t, ARRAYSIZE(t)), i;
    char tag[5];

    printf("Tag   Allocs    Frees     Diff      Bytes\n");
    for (i = 0; i < n && i < ARRAYSIZE(t); i++) {
        ExFormatPoolTag(t[i].Tag, tag);
        printf("%-4s  %-8lu  %-8lu  %-8lu  %lu\n", tag, (unsigned long)t[i].Allocs,
               (unsigned long)t[i].Frees, (unsigned long)(t[i].Allocs - t[i].Frees),
               (unsigned long)t[i].Bytes);
    }
    if (n == 0)
        printf("(no pool allocations yet)\n");
}

static VOID ExpPci(int Argc, char **Argv)
{
    ULONG i;

    for (i = 0; i < HalPciDeviceCount(); i++)
        HalPrintPciDevice(HalPciDevice(i));
}

static VOID ExpPs(int Argc, char **Argv)
{
    PS_PROCESS_INFO p[32];
    ULONG n = PsQueryProcesses(p, ARRAYSIZE(p)), i;

    printf("PID   IMAGE            BASE        THREADS  HANDLES  PAGES  USER\n");
    for (i = 0; i < n && i < ARRAYSIZE(p); i++) {
        char base[12] = "-";

        if (p[i].ImageBase != 0)
            snprintf(base, sizeof(base), "0x%08lx", (unsigned long)p[i].ImageBase);
        printf("%-5lu %-16s %-11s %-8lu %-8lu %-6lu %s%s\n", (unsigned long)p[i].UniqueProcessId,
               p[i].ImageFileName, base, (unsigned long)p[i].Threads,
               (unsigned long)p[i].Handles, (unsigned long)p[i].Pages, p[i].UserName,
               p[i].Exiting ? " (exiting)" : "");
    }
    if (n > ARRAYSIZE(p))
        printf("(%lu more)\n", (unsigned long)(n - ARRAYSIZE(p)));
}

static VOID ExpExit(int Argc, char **Argv)
{
    printf("console: exit\n");
    HalReturnToFirmware(HAL_EXIT_PASS);
}

static const CONSOLE_COMMAND ExpCommands[] = {
    { "help", "list the commands", ExpHelp },
    { "mem",  "physical memory, the kernel image and the heap", ExpMem },
    { "pool", "pool allocations by tag (allocs, frees, outstanding bytes)", ExpPool },
    { "pci",  "the PCI devices found at boot", ExpPci },
    { "ps",   "the processes: image, base, threads, handles, pages, user", ExpPs },
    { "exit", "end the run (QEMU exits with the pass status)", ExpExit },
};

static VOID ExpHelp(int Argc, char **Argv)
{
    SIZE_T i;

    for (i = 0; i < ARRAYSIZE(ExpCommands); i++)
        printf("  %-6s %s\n", ExpCommands[i].Name, ExpCommands[i].Help);
}

static VOID ExpExecute(char *Text)
{
    char *argv[CONSOLE_ARGS_MAX], *save;
    int argc = 0;
    SIZE_T i;

    for (char *w = strtok_r(Text, " \t", &save); w && argc < CONSOLE_ARGS_MAX;
         w = strtok_r(NULL, " \t", &save))
        argv[argc++] = w;
    if (argc == 0)
        return;
    for (i = 0; i < ARRAYSIZE(ExpCommands); i++) {
        if (strcmp(argv[0], ExpCommands[i].Name) == 0) {
            ExpCommands[i].Run(argc, argv);
            return;
        }
    }
    printf("console: unknown command '%s' (type help)\n", argv[0]);
}

/* Ctrl-C at the prompt: the user ends the run, which is not a failure. */
static VOID ExpInterrupted(VOID)
{
    printf("console: interrupted (Ctrl-C), ending the run\n");
    HalReturnToFirmware(HAL_EXIT_PASS);
}

VOID ExRunConsole(VOID)
{
    static RTL_LINE_EDITOR line;

    ExpEcho = TRUE;
    KeInitializeEvent(&ExpInputEvent, SynchronizationEvent, FALSE);
    KeInitializeDpc(&ExpInputDpc, ExpInputArrived, NULL);
    KeSetUntracedDpc(&ExpInputDpc);
    HalEnableUartInput(COM1, &ExpInputDpc);
    printf("type help for the commands\n");
    for (;;) {
        printf("irplab> ");
        if (!ExpReadLine(&line))
            ExpInterrupted();
        if (line.NotText)
            printf("console: the line held control or non-text bytes; ignored\n");
        else if (line.TooLong)
            printf("console: line too long (at most %d characters); ignored\n", RTL_LINE_MAX);
        else
            ExpExecute(line.Text);
    }
}
