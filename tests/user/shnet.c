/*
 * shnet.c - the shell's file commands (user/shell/shfiles.c: dir, type,
 * copy, del, drives) on a live network drive, run by name from the shell
 * (tests/test_shell.py).
 *
 *   shnet X: \\SERVER\VOLUME USER PASSWORD
 *
 * NWRDR's connections are per process (docs/ARCHITECTURE.md, "NWRDR"): a
 * drive connected by one process is "Access is denied." to every other.
 * So the commands run here, in the process that connects the drive,
 * linked from the shell's own source: the same code the shell runs, on X:.
 * It lists PUBLIC, types README.TXT, copies it to SHCOPY.TXT, types and
 * deletes the copy, deletes it again and types a file that is not there
 * (each a one-line error), shows the drives, and disconnects. Its exit
 * status is 0 unless the connection could not be made or undone.
 */
#include <stdio.h>
#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"
#include "user/shell/shell.h"

static VOID SnRun(int Argc, char **Argv, SH_COMMAND_ROUTINE Routine)
{
    printf("# shnet: %s", Argv[0]);
    for (int i = 1; i < Argc; i++)
        printf(" %s", Argv[i]);
    printf("\n");
    Routine(Argc, Argv);
}

int main(int argc, char **argv)
{
    char path[MAX_PATH], copy[MAX_PATH], missing[MAX_PATH], root[8];
    NETRESOURCEA r = { 0, RESOURCETYPE_DISK, 0, 0, NULL, NULL, NULL, NULL };
    DWORD error;

    if (argc != 5) {
        printf("# shnet: usage: shnet X: \\\\SERVER\\VOLUME USER PASSWORD\n");
        return 2;
    }
    r.lpLocalName = argv[1];
    r.lpRemoteName = argv[2];
    error = WNetAddConnection2A(&r, argv[4], argv[3], 0);
    if (error != ERROR_SUCCESS) {
        printf("# shnet: net use %s %s: error %lu\n", argv[1], argv[2], (unsigned long)error);
        return 3;
    }
    snprintf(root, sizeof(root), "%s\\", argv[1]);
    snprintf(path, sizeof(path), "%s\\PUBLIC\\README.TXT", argv[1]);
    snprintf(copy, sizeof(copy), "%s\\PUBLIC\\SHCOPY.TXT", argv[1]);
    snprintf(missing, sizeof(missing), "%s\\PUBLIC\\NOSUCH.TXT", argv[1]);
    SnRun(2, (char *[]){ "dir", root }, ShDir);
    SnRun(2, (char *[]){ "type", path }, ShType);
    SnRun(3, (char *[]){ "copy", path, copy }, ShCopy);
    SnRun(2, (char *[]){ "type", copy }, ShType);
    SnRun(2, (char *[]){ "del", copy }, ShDel);
    SnRun(2, (char *[]){ "del", copy }, ShDel);
    SnRun(2, (char *[]){ "type", missing }, ShType);
    SnRun(1, (char *[]){ "drives" }, ShDrives);
    error = WNetCancelConnection2A(argv[1], 0, TRUE);
    printf("# shnet: disconnected %s: error %lu\n", argv[1], (unsigned long)error);
    return error == ERROR_SUCCESS ? 0 : 4;
}
