/*
 * shfiles.c - the shell's file commands (dir, type, copy, del) and drives,
 * through the Win32 layer (user/lib), so that they work the same on a
 * network drive (X: through NWRDR) as anywhere. A failure is one line: NT's
 * text for the Win32 error (user/lib/winerror.c), e.g. "Access is denied.".
 *
 * irplab has no current directory: a name without a drive letter is taken
 * from C:\, the prompt's directory.
 *
 * Interface: ShDir, ShType, ShCopy, ShDel, ShDrives, ShPrintLastError
 * (shell.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"
#include "user/shell/shell.h"

#define SH_COPY_CHUNK 4096

/* The Win32 error of the last call, in NT's words: one line. */
VOID ShPrintLastError(VOID)
{
    DWORD error = GetLastError();
    PCSTR text = BasepWin32ErrorText(error);

    if (text != NULL)
        printf("%s\n", text);
    else
        printf("System error %lu has occurred.\n", (unsigned long)error);
}

/* Name as a full DOS path: "X:..." as it is, anything else under C:\.
   FALSE (after saying so) when it does not fit. */
static BOOLEAN ShFullPath(PCSTR Name, PCHAR Path)
{
    BOOLEAN drive = isalpha((UCHAR)Name[0]) && Name[1] == ':';
    int n = snprintf(Path, MAX_PATH, "%s%s", drive ? "" : "C:\\",
                     drive || Name[0] != '\\' ? Name : Name + 1);

    if (n < 0 || n >= MAX_PATH) {
        printf("The filename or extension is too long.\n");
        return FALSE;
    }
    return TRUE;
}

static BOOLEAN ShWantArgs(int Argc, int Want, PCSTR Usage)
{
    if (Argc == Want)
        return TRUE;
    printf("The syntax of the command is incorrect. (%s)\n", Usage);
    return FALSE;
}

/* What dir lists for Path: "X:" and "X:\DIR\" mean every file there, a
   directory its files, anything else is a pattern. */
static VOID ShDirPattern(PCSTR Path, PCHAR Pattern)
{
    SIZE_T n = strlen(Path);
    DWORD attributes = GetFileAttributesA(Path);

    if (n == 2 || Path[n - 1] == '\\')
        snprintf(Pattern, MAX_PATH, "%s%s*", Path, n == 2 ? "\\" : "");
    else if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY))
        snprintf(Pattern, MAX_PATH, "%s\\*", Path);
    else
        snprintf(Pattern, MAX_PATH, "%s", Path);
}

VOID ShDir(int Argc, char **Argv)
{
    CHAR path[MAX_PATH], pattern[MAX_PATH];
    WIN32_FIND_DATAA data;
    ULONG files = 0, dirs = 0, bytes = 0;
    HANDLE find;

    if (Argc > 2) {
        printf("The syntax of the command is incorrect. (dir [path])\n");
        return;
    }
    if (!ShFullPath(Argc == 2 ? Argv[1] : "C:\\", path))
        return;
    ShDirPattern(path, pattern);
    find = FindFirstFileA(pattern, &data);
    if (find == INVALID_HANDLE_VALUE) {
        ShPrintLastError();
        return;
    }
    printf(" Directory of %s\n\n", pattern);
    do {
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
            printf("%-24s <DIR>\n", data.cFileName);
            dirs++;
        } else {
            printf("%-24s %10lu\n", data.cFileName, (unsigned long)data.nFileSizeLow);
            files++;
            bytes += data.nFileSizeLow;
        }
    } while (FindNextFileA(find, &data));
    if (GetLastError() != ERROR_NO_MORE_FILES)
        ShPrintLastError();
    FindClose(find);
    printf("%10lu File(s) %10lu bytes\n%10lu Dir(s)\n", (unsigned long)files,
           (unsigned long)bytes, (unsigned long)dirs);
}

VOID ShType(int Argc, char **Argv)
{
    static UCHAR buffer[SH_COPY_CHUNK];
    CHAR path[MAX_PATH];
    HANDLE h;
    DWORD n;
    BOOL ok;

    if (!ShWantArgs(Argc, 2, "type file") || !ShFullPath(Argv[1], path))
        return;
    h = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        ShPrintLastError();
        return;
    }
    while ((ok = ReadFile(h, buffer, sizeof(buffer), &n, NULL)) && n > 0)
        fwrite(buffer, 1, n, stdout);
    if (!ok)
        ShPrintLastError();
    CloseHandle(h);
}

/* Copies From's bytes to To; FALSE with the last error set. */
static BOOL ShCopyData(HANDLE From, HANDLE To)
{
    static UCHAR buffer[SH_COPY_CHUNK];
    DWORD n, written;

    for (;;) {
        if (!ReadFile(From, buffer, sizeof(buffer), &n, NULL))
            return FALSE;
        if (n == 0)
            return TRUE;
        if (!WriteFile(To, buffer, n, &written, NULL))
            return FALSE;
        if (written != n) {
            SetLastError(ERROR_DISK_FULL);
            return FALSE;
        }
    }
}

VOID ShCopy(int Argc, char **Argv)
{
    CHAR from[MAX_PATH], to[MAX_PATH];
    HANDLE in, out;
    BOOL ok;

    if (!ShWantArgs(Argc, 3, "copy from to") || !ShFullPath(Argv[1], from) ||
        !ShFullPath(Argv[2], to))
        return;
    in = CreateFileA(from, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (in == INVALID_HANDLE_VALUE) {
        ShPrintLastError();
        return;
    }
    out = CreateFileA(to, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (out == INVALID_HANDLE_VALUE) {
        ShPrintLastError();
        CloseHandle(in);
        return;
    }
    ok = ShCopyData(in, out);
    if (!ok)
        ShPrintLastError();
    CloseHandle(out);
    CloseHandle(in);
    if (ok)
        printf("        1 file(s) copied.\n");
}

VOID ShDel(int Argc, char **Argv)
{
    CHAR path[MAX_PATH];

    if (!ShWantArgs(Argc, 2, "del file") || !ShFullPath(Argv[1], path))
        return;
    if (!DeleteFileA(path))
        ShPrintLastError();
}

static PCSTR ShDriveState(ULONG State)
{
    switch (State) {
    case BaseSrvDriveFree:          return "free";
    case BaseSrvDriveConnecting:    return "connecting";
    case BaseSrvDriveInUse:         return "in use";
    case BaseSrvDriveDisconnecting: return "disconnecting";
    default:                        return "?";
    }
}

/* A link's targets, newest first, separated by " | ". */
static VOID ShFormatTargets(const BASESRV_TARGET_LIST *Targets, PCHAR Out, SIZE_T Size)
{
    ULONG at = 0;
    SIZE_T n = 0;

    Out[0] = '\0';
    while (at < Targets->Length && n + 4 < Size) {
        PCSTR t = &Targets->Buffer[at];
        n += snprintf(Out + n, Size - n, "%s%s", n ? " | " : "", t);
        at += strlen(t) + 1;
    }
}

/* Per letter that has anything: CSRSS's drive-table entry, the
   \DosDevices link's targets and the drive-map bit (GetLogicalDrives), and
   the audit's verdict. */
VOID ShDrives(int Argc, char **Argv)
{
    static BASESRV_DRIVE_AUDIT audit[BASESRV_DRIVES];
    DWORD map = GetLogicalDrives();
    ULONG orphans, d;
    CHAR targets[BASESRV_MAX_TARGETS + 64];

    if (!BaseAuditDrives(audit, &orphans)) {
        ShPrintLastError();
        return;
    }
    printf("DRIVE  TABLE          OWNER  REFS  MAP  LINK\n");
    for (d = 0; d < BASESRV_DRIVES; d++) {
        const BASESRV_DRIVE_AUDIT *a = &audit[d];

        if (a->Entry.State == BaseSrvDriveFree && !a->LinkExists && !(map & (1u << d)))
            continue;
        ShFormatTargets(&a->Targets, targets, sizeof(targets));
        printf("%c:     %-14s %-6lu %-5lu %-4s %s%s\n", (char)('A' + d),
               ShDriveState(a->Entry.State), (unsigned long)a->Entry.OwnerProcessId,
               (unsigned long)a->Entry.References, (map & (1u << d)) ? "yes" : "no",
               a->LinkExists ? targets : "-", a->Orphan ? "  ORPHANED" : "");
    }
    printf("drive map 0x%08lx; %lu orphaned\n", (unsigned long)map, (unsigned long)orphans);
}
