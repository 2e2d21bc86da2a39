/*
 * mmta.c - the image `mmta`: Microsoft Mail's Multitasking MTA for Windows
 * NT, one instance a process, as Q150047 has it. Each round the instance
 * takes a free dynamic drive, connects it to the postoffice, serves the
 * postoffice's queue through it and disconnects it again: it deletes only
 * what it connected. Several instances run as processes of one service
 * logon session (user MMTA, with the bindery password), each with its own
 * NWRDR user context.
 *
 * Command line:
 *   mmta INSTANCE POSTOFFICE FIRST-LAST ROUNDS [PASSWORD] [/hold:MS]
 *   e.g. mmta 1 \\NWSERVER\MAIL X-X 3 MAILAGENT
 * INSTANCE is 1-99; POSTOFFICE \\SERVER\VOLUME; FIRST-LAST the dynamic
 * drive range, LAST its LASTDRIVE; ROUNDS at least 1; PASSWORD the
 * bindery's for the process's own user (none if absent); /hold:MS keeps
 * each round's drive connected MS milliseconds more before disconnecting
 * it (irplab's, for tests and the scenario runner: another process can
 * meet the drive while it is held).
 *
 * Each round: the first letter of the range that GetLogicalDrives shows
 * absent and GetDriveTypeA calls DRIVE_NO_ROOT_DIR is connected with
 * WNetAddConnection2A (the process's user, PASSWORD); with none, the
 * round is the drive message and a pause of MMTA_RETRY_MS, so that while
 * the range stays taken the message repeats continuously, as the KB says.
 * Connected, the instance reads MAILDATA\GLB\CONTROL.GLB, reads every
 * queue file MAILDATA\P1\*.P1Q, appends one line to its own log
 * MAILDATA\LOG\MMTA<INSTANCE>.LOG ("MMTA <I> round <R>: <Q> queued\r\n")
 * and reads that line back, then cancels the connection.
 *
 * Output lines (tests/test_progs.py and the scenario runner read them;
 * <N> <TEXT> is a Win32 error and its text from user/lib/winerror.c):
 *   MMTA <I>: Drive is used, local, or greater than last drive
 *   MMTA <I>: cannot connect <L>: to <PO>: error <N> <TEXT>
 *   MMTA <I>: <L>: connected to <PO>
 *   MMTA <I>: <L>: <Q> queued, log <BYTES> bytes
 *   MMTA <I>: <L>: <FILE>: error <N> <TEXT>        (FILE as MAILDATA\...)
 *   MMTA <I>: <L>: disconnected
 *   MMTA <I>: <L>: cannot disconnect: error <N> <TEXT>
 *   MMTA <I>: done, <C> connected, <M> drive messages
 * and for bad arguments the one line
 *   usage: mmta INSTANCE \\SERVER\VOLUME FIRST-LAST ROUNDS [PASSWORD] [/hold:MS]
 * Exit status: 0 once the rounds are done, whatever they met; 2 for bad
 * arguments.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ntps.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

#define MMTA_RETRY_MS   100
#define MMTA_USAGE      "usage: mmta INSTANCE \\\\SERVER\\VOLUME FIRST-LAST ROUNDS [PASSWORD] " \
                        "[/hold:MS]\n"

typedef struct _MMTA {
    ULONG Instance;
    PCSTR PostOffice;
    CHAR First, Last;
    ULONG Rounds;
    PCSTR Password;             /* NULL: none */
    ULONG HoldMs;
    ULONG Connected, DriveMessages;
} MMTA;

/* One whole line at once: instances share the console. */
static VOID MmtaSay(const MMTA *M, PCSTR Format, ...) __attribute__((format(printf, 2, 3)));

static VOID MmtaSay(const MMTA *M, PCSTR Format, ...)
{
    CHAR line[256];
    int used = snprintf(line, sizeof(line), "MMTA %lu: ", (unsigned long)M->Instance);
    va_list args;

    va_start(args, Format);
    vsnprintf(line + used, sizeof(line) - (SIZE_T)used, Format, args);
    va_end(args);
    fputs(line, stdout);
}

static PCSTR MmtaErrorText(DWORD Error)
{
    PCSTR text = BasepWin32ErrorText(Error);

    return text != NULL ? text : "";
}

static VOID MmtaSleep(ULONG Ms)
{
    LONG64 interval = -(LONG64)Ms * 10000;

    NtDelayExecution(FALSE, &interval);
}

/* A decimal of at most Max, whole; FALSE otherwise. */
static BOOLEAN MmtaNumber(PCSTR Text, ULONG Max, PULONG Value)
{
    char *end;
    unsigned long v;

    if (Text[0] < '0' || Text[0] > '9')
        return FALSE;
    v = strtoul(Text, &end, 10);
    if (*end != '\0' || v > Max)
        return FALSE;
    *Value = v;
    return TRUE;
}

static BOOLEAN MmtaLetter(CHAR C, PCHAR Letter)
{
    if (C >= 'a' && C <= 'z')
        C = (CHAR)(C - 'a' + 'A');
    *Letter = C;
    return C >= 'A' && C <= 'Z';
}

static BOOLEAN MmtaParse(int argc, char **argv, MMTA *M)
{
    PCSTR positional[5];
    int count = 0;

    memset(M, 0, sizeof(*M));
    for (int i = 1; i < argc; i++) {
        if (strncasecmp(argv[i], "/hold:", 6) == 0) {
            if (!MmtaNumber(argv[i] + 6, 3600000, &M->HoldMs))
                return FALSE;
        } else if (count < 5) {
            positional[count++] = argv[i];
        } else {
            return FALSE;
        }
    }
    if (count < 4 || !MmtaNumber(positional[0], 99, &M->Instance) || M->Instance == 0 ||
        !MmtaNumber(positional[3], 1000000, &M->Rounds) || M->Rounds == 0)
        return FALSE;
    M->PostOffice = positional[1];
    M->Password = count == 5 ? positional[4] : NULL;
    if (strncmp(M->PostOffice, "\\\\", 2) != 0 || strlen(positional[2]) != 3 ||
        positional[2][1] != '-' || !MmtaLetter(positional[2][0], &M->First) ||
        !MmtaLetter(positional[2][2], &M->Last) || M->First > M->Last)
        return FALSE;
    return TRUE;
}

/* The first usable letter of the range, or 0. */
static CHAR MmtaFreeDrive(const MMTA *M)
{
    DWORD drives = GetLogicalDrives();
    CHAR root[4] = "?:\\";

    for (CHAR c = M->First; c <= M->Last; c++) {
        root[0] = c;
        if (!((drives >> (c - 'A')) & 1) && GetDriveTypeA(root) == DRIVE_NO_ROOT_DIR)
            return c;
    }
    return 0;
}

/* Reads File whole (up to Size bytes) into Buffer; the bytes read, or -1
   with the last error set. */
static LONG MmtaReadFile(PCSTR File, PCHAR Buffer, DWORD Size)
{
    HANDLE h = CreateFileA(File, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    DWORD got = 0;
    BOOL ok;

    if (h == INVALID_HANDLE_VALUE)
        return -1;
    ok = ReadFile(h, Buffer, Size, &got, NULL);
    CloseHandle(h);
    return ok ? (LONG)got : -1;
}

/* The postoffice's outbound queue: every P1 file read; how many, or -1. */
static LONG MmtaReadQueue(CHAR Letter, PCHAR Failed)
{
    CHAR path[MAX_PATH], data[512];
    WIN32_FIND_DATAA find;
    HANDLE h;
    LONG count = 0;

    snprintf(path, sizeof(path), "%c:\\MAILDATA\\P1\\*.P1Q", Letter);
    h = FindFirstFileA(path, &find);
    if (h == INVALID_HANDLE_VALUE) {
        strcpy(Failed, "MAILDATA\\P1");
        return GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : -1;
    }
    do {
        snprintf(path, sizeof(path), "%c:\\MAILDATA\\P1\\%s", Letter, find.cFileName);
        if (MmtaReadFile(path, data, sizeof(data)) < 0) {
            DWORD error = GetLastError();

            snprintf(Failed, MAX_PATH, "MAILDATA\\P1\\%s", find.cFileName);
            FindClose(h);
            SetLastError(error);
            return -1;
        }
        count++;
    } while (FindNextFileA(h, &find));
    FindClose(h);
    return count;
}

/* Appends Line to the instance's log and reads it back; the log's size
   after, or -1 with the last error set. */
static LONG MmtaAppendLog(CHAR Letter, ULONG Instance, PCSTR Line)
{
    CHAR path[MAX_PATH], back[128];
    DWORD length = (DWORD)strlen(Line), size, done = 0;
    HANDLE h;
    BOOL ok;

    snprintf(path, sizeof(path), "%c:\\MAILDATA\\LOG\\MMTA%lu.LOG", Letter,
             (unsigned long)Instance);
    h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, 0,
                    NULL);
    if (h == INVALID_HANDLE_VALUE)
        return -1;
    size = GetFileSize(h, NULL);
    ok = size != INVALID_FILE_SIZE && SetFilePointer(h, 0, NULL, FILE_END) == size &&
         WriteFile(h, Line, length, &done, NULL) && done == length &&
         SetFilePointer(h, (LONG)size, NULL, FILE_BEGIN) == size &&
         ReadFile(h, back, length, &done, NULL);
    if (ok && (done != length || memcmp(back, Line, length) != 0)) {
        SetLastError(ERROR_GEN_FAILURE);    /* not what was written */
        ok = FALSE;
    }
    if (!ok) {
        DWORD error = GetLastError();

        CloseHandle(h);
        SetLastError(error);
        return -1;
    }
    CloseHandle(h);
    return (LONG)(size + length);
}

/* What an instance does through its connected drive each round. */
static VOID MmtaServe(const MMTA *M, CHAR Letter, ULONG Round)
{
    CHAR control[512], failed[MAX_PATH], line[96], path[MAX_PATH];
    LONG queued, log;

    snprintf(path, sizeof(path), "%c:\\MAILDATA\\GLB\\CONTROL.GLB", Letter);
    strcpy(failed, "MAILDATA\\GLB\\CONTROL.GLB");
    if (MmtaReadFile(path, control, sizeof(control)) < 0)
        goto fail;
    queued = MmtaReadQueue(Letter, failed);
    if (queued < 0)
        goto fail;
    snprintf(line, sizeof(line), "MMTA %lu round %lu: %ld queued\r\n",
             (unsigned long)M->Instance, (unsigned long)Round, (long)queued);
    snprintf(failed, sizeof(failed), "MAILDATA\\LOG\\MMTA%lu.LOG", (unsigned long)M->Instance);
    log = MmtaAppendLog(Letter, M->Instance, line);
    if (log < 0)
        goto fail;
    MmtaSay(M, "%c: %ld queued, log %ld bytes\n", Letter, (long)queued, (long)log);
    return;
fail:
    MmtaSay(M, "%c: %s: error %lu %s\n", Letter, failed, (unsigned long)GetLastError(),
            MmtaErrorText(GetLastError()));
}

static VOID MmtaRound(MMTA *M, ULONG Round)
{
    CHAR local[3] = { MmtaFreeDrive(M), ':', '\0' };
    NETRESOURCEA resource = { 0, RESOURCETYPE_DISK, 0, 0, local, (PCHAR)M->PostOffice, NULL,
                              NULL };
    DWORD error;

    if (local[0] == 0) {
        M->DriveMessages++;
        MmtaSay(M, "Drive is used, local, or greater than last drive\n");
        MmtaSleep(MMTA_RETRY_MS);
        return;
    }
    error = WNetAddConnection2A(&resource, M->Password, NULL, 0);
    if (error != ERROR_SUCCESS) {
        MmtaSay(M, "cannot connect %s to %s: error %lu %s\n", local, M->PostOffice,
                (unsigned long)error, MmtaErrorText(error));
        return;
    }
    M->Connected++;
    MmtaSay(M, "%s connected to %s\n", local, M->PostOffice);
    MmtaServe(M, local[0], Round);
    if (M->HoldMs != 0)
        MmtaSleep(M->HoldMs);
    error = WNetCancelConnection2A(local, 0, FALSE);
    if (error != ERROR_SUCCESS)
        MmtaSay(M, "%s cannot disconnect: error %lu %s\n", local, (unsigned long)error,
                MmtaErrorText(error));
    else
        MmtaSay(M, "%s disconnected\n", local);
}

int main(int argc, char **argv)
{
    MMTA m;

    if (!MmtaParse(argc, argv, &m)) {
        fputs(MMTA_USAGE, stdout);
        return 2;
    }
    for (ULONG round = 1; round <= m.Rounds; round++)
        MmtaRound(&m, round);
    MmtaSay(&m, "done, %lu connected, %lu drive messages\n", (unsigned long)m.Connected,
            (unsigned long)m.DriveMessages);
    return 0;
}
