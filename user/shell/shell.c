/*
 * shell.c - the shell: irplab's console as a process, prompt `C:\>`.
 *
 * Input is what \Device\Console's reads return: raw bytes from COM1, each
 * read pended in the driver until something is typed (drivers/console).
 * The line editor (lineedit.c) makes lines of them and says what to echo;
 * a line is a command word and its arguments. Built-in commands come from
 * the table below; any other word is the name of an image to run
 * (shrun.c). Whatever arrives - unknown words, lines past the limit,
 * control codes, binary bytes - earns one line and a new prompt.
 *
 * `net` is built in (user/net's command, in this process): a connection
 * belongs to the process that makes it (NWRDR's user context is the
 * process's), so the connections a person makes at the prompt live as
 * long as the shell, as a logon's would. `shell /c CMD [& CMD ...]` runs
 * the commands and ends, as cmd /c does (the scenario's way of showing
 * symptoms with the programs' own output).
 *
 * The shell ends on `exit` (status 0) and on Ctrl-C at the prompt, the
 * user's interrupt (status 0 too). When it is the console the kernel
 * started (console=interactive), the kernel waits for its end and ends the
 * run with it (kernel/ex/start.c): a clean end passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ntob.h"
#include "user/shell/lineedit.h"
#include "user/shell/shell.h"
#include "user/net/net.h"

#define SH_READ_MAX 256

static HANDLE ShConsole;        /* \Device\Console, opened for synchronous reads */

static VOID ShHelp(int Argc, char **Argv);
static VOID ShExit(int Argc, char **Argv);

static VOID ShNetWrite(PVOID Context, PCSTR Text)
{
    fputs(Text, stdout);
}

/* net ...: NT's net command, in the shell's own process. */
static VOID ShNet(int Argc, char **Argv)
{
    static const NET_OUTPUT out = { ShNetWrite, NULL };
    int status = NetCommand(Argc, Argv, &out);

    fflush(stdout);
    (void)status;
}

static const struct {
    PCSTR Name;
    PCSTR Help;
    SH_COMMAND_ROUTINE Run;
} ShCommands[] = {
    { "help",    "list the commands", ShHelp },
    { "dir",     "dir [path]: a directory's files (X:\\DIR, X:\\DIR\\*.TXT)", ShDir },
    { "type",    "type file: a file's contents", ShType },
    { "copy",    "copy from to: one file to another (a new one, or replaced)", ShCopy },
    { "del",     "del file: delete a file", ShDel },
    { "drives",  "per letter: CSRSS's drive table, the \\DosDevices link, the drive map", ShDrives },
    { "ps",      "the processes: image, base, threads, handles, pages, user", ShPs },
    { "irps",    "the IRPs alive: major function, device, thread, process, status", ShIrps },
    { "handles", "every process's handles: object type and name", ShHandles },
    { "pool",    "pool allocations by tag (allocs, frees, outstanding bytes)", ShPool },
    { "mem",     "physical memory, the kernel image and the heap", ShMem },
    { "pci",     "the PCI devices found at boot", ShPci },
    { "net",     "net use [X: [\\\\SERVER\\VOLUME [password] [/user:NAME] | /delete]]", ShNet },
    { "exit",    "end the shell (and the run, when it is the console)", ShExit },
};

static VOID ShHelp(int Argc, char **Argv)
{
    SIZE_T i;

    for (i = 0; i < ARRAYSIZE(ShCommands); i++)
        printf("  %-8s %s\n", ShCommands[i].Name, ShCommands[i].Help);
    printf("  any other word runs the image of that name with the rest of the line:\n"
           "  net ..., csnw stop|start|restart, mmta, cim, winfile, ...\n");
}

static VOID ShExit(int Argc, char **Argv)
{
    printf("shell: exit\n");
    NtClose(ShConsole);
    exit(0);
}

/* Ctrl-C at the prompt: the user ends the shell, which is not a failure. */
static VOID ShInterrupted(VOID)
{
    printf("shell: interrupted (Ctrl-C), ending the run\n");
    NtClose(ShConsole);
    exit(0);
}

static HANDLE ShOpenConsole(VOID)
{
    STRING name = { 15, 15, "\\Device\\Console" };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE handle = NULL;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtOpenFile(&handle, FILE_READ_DATA | SYNCHRONIZE, &oa, &iosb, 0,
                        FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status)) {
        printf("shell: cannot open \\Device\\Console (status 0x%08lx)\n", (unsigned long)status);
        exit(1);
    }
    return handle;
}

/* Reads one line through the line editor; FALSE when the user interrupted
   it with Ctrl-C. Bytes read past the line's end wait for the next line. */
static BOOLEAN ShReadLine(PSH_LINE_EDITOR Line)
{
    static UCHAR pending[SH_READ_MAX];
    static ULONG next, valid;
    char echo[SH_READ_MAX * SH_LINE_ECHO_MAX + 1], one[SH_LINE_ECHO_MAX + 1];
    SH_LINE_EVENT event = ShLineMore;

    ShStartLine(Line);
    while (event == ShLineMore) {
        IO_STATUS_BLOCK iosb;
        ULONG at = 0;

        if (next == valid) {
            NTSTATUS status = NtReadFile(ShConsole, NULL, NULL, NULL, &iosb, pending,
                                         sizeof(pending), NULL, NULL);
            if (!NT_SUCCESS(status)) {
                printf("shell: reading the console failed (status 0x%08lx)\n",
                       (unsigned long)status);
                exit(1);
            }
            next = 0;
            valid = iosb.Information;
        }
        echo[0] = '\0';
        while (next < valid && event == ShLineMore) {
            event = ShEditLine(Line, pending[next++], one);
            strcpy(echo + at, one);
            at += strlen(one);
        }
        fputs(echo, stdout);
    }
    return event == ShLineDone;
}

static VOID ShExecute(char *Text)
{
    char copy[SH_LINE_MAX + 1], *argv[SH_ARGS_MAX + 1], *save;
    int argc = 0;
    SIZE_T i;

    strcpy(copy, Text);
    for (char *w = strtok_r(copy, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
        if (argc == SH_ARGS_MAX) {
            printf("shell: too many words (at most %d); ignored\n", SH_ARGS_MAX);
            return;
        }
        argv[argc++] = w;
    }
    argv[argc] = NULL;
    if (argc == 0)
        return;
    for (i = 0; i < ARRAYSIZE(ShCommands); i++) {
        if (strcasecmp(argv[0], ShCommands[i].Name) == 0) {
            ShCommands[i].Run(argc, argv);
            return;
        }
    }
    ShRunImage(Text, argc, argv);
}

/* shell /c CMD [& CMD ...]: each command in turn, then the end. */
static int ShRunCommands(int Argc, char **Argv)
{
    char text[SH_LINE_MAX + 1] = "", *save;
    SIZE_T used = 0;

    for (int i = 2; i < Argc; i++) {
        SIZE_T n = strlen(Argv[i]);
        if (used + n + 2 > sizeof(text)) {
            printf("shell: line too long (at most %d characters); ignored\n", SH_LINE_MAX);
            return 1;
        }
        used += (SIZE_T)sprintf(text + used, "%s%s", used ? " " : "", Argv[i]);
    }
    for (char *c = strtok_r(text, "&", &save); c != NULL; c = strtok_r(NULL, "&", &save)) {
        while (*c == ' ')
            c++;
        for (SIZE_T n = strlen(c); n > 0 && c[n - 1] == ' '; n--)
            c[n - 1] = '\0';
        printf("C:\\>%s\n", c);
        ShExecute(c);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static SH_LINE_EDITOR line;

    if (argc > 1 && strcasecmp(argv[1], "/c") == 0)
        return ShRunCommands(argc, argv);
    ShConsole = ShOpenConsole();
    printf("type help for the commands\n");
    for (;;) {
        printf("C:\\>");
        if (!ShReadLine(&line))
            ShInterrupted();
        if (line.NotText)
            printf("shell: the line held control or non-text bytes; ignored\n");
        else if (line.TooLong)
            printf("shell: line too long (at most %d characters); ignored\n", SH_LINE_MAX);
        else
            ShExecute(line.Text);
    }
}
