/*
 * shrun.c - any word the shell does not know is the name of an image (a
 * program the boot loader brought: net, csnw, mmta, cim, winfile, the
 * test programs): it runs as a process with the whole line as its command
 * line, the shell waits for it, and a non-zero exit status is printed. A
 * name no image has gets cmd's answer.
 *
 * The process inherits the shell's token and opens \Device\Console for
 * its own output (user/ntdll's start-up). It does not read the console:
 * what is typed meanwhile waits in the driver's ring for the shell.
 *
 * Interface: ShRunImage (shell.h).
 */
#include <stdio.h>
#include <string.h>
#include "ntob.h"
#include "user/shell/shell.h"

#define SH_IMAGE_NAME_MAX 15    /* KBOOT_IMAGE's name, without its NUL */

static VOID ShNotRecognized(PCSTR Name)
{
    printf("'%s' is not recognized as an internal or external command, operable program or "
           "batch file.\n", Name);
}

VOID ShRunImage(PCSTR Line, int Argc, char **Argv)
{
    STRING image, line;
    PROCESS_BASIC_INFORMATION info;
    HANDLE process;
    NTSTATUS status;

    if (strlen(Argv[0]) > SH_IMAGE_NAME_MAX) {
        ShNotRecognized(Argv[0]);
        return;
    }
    image.Length = image.MaximumLength = (USHORT)strlen(Argv[0]);
    image.Buffer = Argv[0];
    line.Length = line.MaximumLength = (USHORT)strlen(Line);
    line.Buffer = (PCHAR)Line;
    status = NtCreateUserProcess(&process, PROCESS_ALL_ACCESS, &image, &line, NULL);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        ShNotRecognized(Argv[0]);
        return;
    }
    if (!NT_SUCCESS(status)) {
        printf("shell: '%s' did not start (status 0x%08lx)\n", Argv[0], (unsigned long)status);
        return;
    }
    status = NtWaitForSingleObject(process, FALSE, NULL);
    if (NT_SUCCESS(status))
        status = NtQueryInformationProcess(process, ProcessBasicInformation, &info, sizeof(info),
                                           NULL);
    NtClose(process);
    if (!NT_SUCCESS(status))
        printf("shell: waiting for '%s' failed (status 0x%08lx)\n", Argv[0], (unsigned long)status);
    else if (info.ExitStatus != 0)
        printf("shell: '%s' ended with status 0x%08lx\n", Argv[0], (unsigned long)info.ExitStatus);
}
