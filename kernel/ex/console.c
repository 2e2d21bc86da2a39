/*
 * console.c - the command console on COM1.
 *
 * A line editor over the UART's receive ring, then a table of commands.
 * Whatever arrives - unknown words, lines past the limit, control codes or
 * binary bytes - earns one line of explanation and a new prompt; nothing a
 * person or a program types can stop the console.
 */
#include <stdio.h>
#include <string.h>
#include "boot/i386.h"
#include "ex/ex.h"
#include "hal/hal.h"
#include "ke/ke.h"
#include "mm/mm.h"

#define CONSOLE_LINE_MAX    127
#define CONSOLE_ARGS_MAX    8

typedef struct _CONSOLE_LINE {
    char Text[CONSOLE_LINE_MAX + 1];
    ULONG Length;
    BOOLEAN TooLong;        /* characters past CONSOLE_LINE_MAX were dropped */
    BOOLEAN NotText;        /* a control code or a byte above 0x7E arrived */
} CONSOLE_LINE;

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

static VOID ExpAddChar(CONSOLE_LINE *Line, int c)
{
    char echo[2];

    if (c == '\t')
        c = ' ';
    echo[0] = (char)c;
    echo[1] = 0;
    if ((c == 0x08 || c == 0x7F) && Line->Length > 0 && !Line->TooLong) {
        Line->Length--;
        ExpEchoText("\b \b");
    } else if (c < 0x20 || c > 0x7E) {
        Line->NotText = TRUE;
    } else if (Line->Length == CONSOLE_LINE_MAX) {
        Line->TooLong = TRUE;
    } else {
        Line->Text[Line->Length++] = (char)c;
        ExpEchoText(echo);
    }
}

/* Reads one line; CR, LF and CR LF each end a line. */
static VOID ExpReadLine(CONSOLE_LINE *Line)
{
    static BOOLEAN lastWasCr;
    int c;

    memset(Line, 0, sizeof(*Line));
    for (;;) {
        c = ExpReadChar();
        if (c == '\n' && lastWasCr) {
            lastWasCr = FALSE;
            continue;
        }
        lastWasCr = (c == '\r');
        if (c == '\r' || c == '\n')
            break;
        ExpAddChar(Line, c);
    }
    Line->Text[Line->Length] = '\0';
    ExpEchoText("\n");
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

VOID ExRunConsole(VOID)
{
    CONSOLE_LINE line;

    ExpEcho = TRUE;
    KeInitializeEvent(&ExpInputEvent, SynchronizationEvent, FALSE);
    KeInitializeDpc(&ExpInputDpc, ExpInputArrived, NULL);
    KeSetUntracedDpc(&ExpInputDpc);
    HalEnableUartInput(COM1, &ExpInputDpc);
    printf("type help for the commands\n");
    for (;;) {
        printf("irplab> ");
        ExpReadLine(&line);
        if (line.NotText)
            printf("console: the line held control or non-text bytes; ignored\n");
        else if (line.TooLong)
            printf("console: line too long (at most %d characters); ignored\n", CONSOLE_LINE_MAX);
        else
            ExpExecute(line.Text);
    }
}
