/*
 * ldr.c - a process's start: from the PEB the kernel wrote to main().
 *
 * LdrpInitializeProcess (crt0.S's call) gets the C library ready - the
 * malloc lock, standard input, output and error (the handles the
 * parameters carry, or \Device\Console opened here when there are none,
 * unbuffered so that each printf is one write) - splits the command line
 * into argv (blanks separate arguments; double quotes group them), runs
 * main and ends the process with its result, through exit() so that the
 * library's handlers run and its streams are flushed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ntio.h"
#include "ntps.h"
#include "user/ntdll/ntdll.h"

#define MAX_ARGS 32

extern int main(int argc, char **argv);

HANDLE LdrpStandardHandles[3];

static HANDLE LdrpOpenConsole(VOID)
{
    STRING name = { 15, 15, "\\Device\\Console" };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE handle = NULL;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    NtOpenFile(&handle, FILE_READ_DATA | FILE_WRITE_DATA, &oa, &iosb, 0, 0);
    return handle;
}

static VOID LdrpStandardStreams(PRTL_USER_PROCESS_PARAMETERS Parameters)
{
    HANDLE console = NULL;

    LdrpStandardHandles[0] = Parameters->StandardInput;
    LdrpStandardHandles[1] = Parameters->StandardOutput;
    LdrpStandardHandles[2] = Parameters->StandardError;
    for (int i = 0; i < 3; i++) {
        if (LdrpStandardHandles[i] == NULL) {
            if (console == NULL)
                console = LdrpOpenConsole();
            LdrpStandardHandles[i] = console;
        }
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    setvbuf(stderr, NULL, _IONBF, 0);
}

/* Splits Line (Length bytes) into argv, in a copy of its own. */
static int LdrpSplitCommandLine(PCSTR Line, ULONG Length, char **Argv)
{
    char *copy = malloc(Length + 1), *w = copy;
    ULONG i = 0;
    int argc = 0;

    if (copy == NULL)
        return 0;
    while (i < Length && argc < MAX_ARGS - 1) {
        BOOLEAN quoted = FALSE;

        while (i < Length && Line[i] == ' ')
            i++;
        if (i == Length)
            break;
        Argv[argc++] = w;
        for (; i < Length && (quoted || Line[i] != ' '); i++) {
            if (Line[i] == '"')
                quoted = !quoted;
            else
                *w++ = Line[i];
        }
        *w++ = '\0';
    }
    Argv[argc] = NULL;
    return argc;
}

VOID LdrpInitializeProcess(PPEB Peb)
{
    PRTL_USER_PROCESS_PARAMETERS parameters = Peb->ProcessParameters;
    char *argv[MAX_ARGS];
    int argc;

    LdrpInitializeCrt();
    LdrpStandardStreams(parameters);
    argc = LdrpSplitCommandLine(parameters->CommandLine.Buffer, parameters->CommandLine.Length,
                                argv);
    exit(main(argc, argv));
}
