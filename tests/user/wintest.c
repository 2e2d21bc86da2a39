/*
 * wintest.c - the ring-3 half of the guest suites `csrss` and `win32`
 * (tests/guest/test_csrss.c, test_win32.c): a process on the Win32 layer
 * (user/lib), one case per run, chosen by argv[1]. Its exit status is its
 * verdict or its answer, as each case says; "# ..." lines say why.
 *
 *   pushdown            DefineDosDevice's push-down list through CSRSS: 0
 *   netuse REMOTE N [PASSWORD]
 *                       N times net use X: REMOTE (as the process's user,
 *                       with PASSWORD), and net use X: /delete when it
 *                       connected (a program deletes only what it made):
 *                       the last round's errors, (use << 16) | delete
 *   leaver              one DefineDosDevice of X: that the test lets hang
 *                       in the redirector, and ends from outside
 *   audit LETTER        prints CSRSS's audit of LETTER (and of every
 *                       orphaned letter): the number of orphaned letters
 *   csrstats            CSRSS's counts: DefineInside | Threads << 8 |
 *                       MostDefineInside << 16 | MostThreads << 24
 *   win32               the file, directory, volume and drive calls on R:
 *                       (a link to RamFs the kernel made), and the list of
 *                       DOS devices (R: and C:, which the kernel made too): 0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/mpr.h"
#include "user/lib/winerror.h"

#define WT_FAILED 0x10000
#define WT_CHECK(cond) \
    do { if (!(cond)) { printf("# wintest: check failed: %s (line %d)\n", #cond, __LINE__); \
                        return WT_FAILED + __LINE__; } } while (0)

static BOOL WtTargets(PCSTR Name, PCSTR Expected, ULONG ExpectedLength)
{
    CHAR buf[256];
    DWORD n = QueryDosDeviceA(Name, buf, sizeof(buf));

    if (n != ExpectedLength || memcmp(buf, Expected, n) != 0) {
        printf("# QueryDosDevice(%s): %lu characters:", Name, (unsigned long)n);
        for (DWORD i = 0; i < n; i += strlen(buf + i) + 1)
            printf(" [%s]", buf + i);
        printf(", expected %lu\n", (unsigned long)ExpectedLength);
        return FALSE;
    }
    return TRUE;
}

#define T1 "\\Device\\Null\\ONE"
#define T2 "\\Device\\Null\\TWO"
#define T3 "\\Device\\Null\\THREE"
#define RAW DDD_RAW_TARGET_PATH
#define REMOVE (DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH)
#define EXACT (DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH | DDD_EXACT_MATCH_ON_REMOVE)

static int WtDefineThree(PCSTR Name)
{
    WT_CHECK(DefineDosDeviceA(RAW, Name, T1));
    WT_CHECK(DefineDosDeviceA(RAW, Name, T2));
    WT_CHECK(DefineDosDeviceA(RAW, Name, T3));
    return 0;
}

static int WtPushDown(int argc, char **argv)
{
    DWORD drives = GetLogicalDrives();
    CHAR small[8];

    WT_CHECK(WtDefineThree("Q:") == 0);
    WT_CHECK(WtTargets("Q:", T3 "\0" T2 "\0" T1 "\0", sizeof(T3 T2 T1) + 3));
    WT_CHECK(GetLogicalDrives() == (drives | (1u << ('Q' - 'A'))));
    WT_CHECK(GetDriveTypeA("Q:\\") == DRIVE_FIXED);
    WT_CHECK(QueryDosDeviceA("Q:", small, sizeof(small)) == 0 &&
             GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    WT_CHECK(DefineDosDeviceA(EXACT, "q:", T2));                 /* middle, lowercase */
    WT_CHECK(WtTargets("Q:", T3 "\0" T1 "\0", sizeof(T3 T1) + 2));
    WT_CHECK(DefineDosDeviceA(EXACT, "Q:", T1));                 /* oldest */
    WT_CHECK(WtTargets("Q:", T3 "\0", sizeof(T3) + 1));
    WT_CHECK(!DefineDosDeviceA(EXACT, "Q:", "\\Device\\Null\\TH") &&
             GetLastError() == ERROR_FILE_NOT_FOUND);           /* exact: no prefix */
    WT_CHECK(DefineDosDeviceA(REMOVE, "Q:", "\\Device\\Null\\TH")); /* prefix */
    WT_CHECK(QueryDosDeviceA("Q:", small, sizeof(small)) == 0 &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    WT_CHECK(GetLogicalDrives() == drives);
    WT_CHECK(GetDriveTypeA("Q:\\") == DRIVE_NO_ROOT_DIR);
    WT_CHECK(WtDefineThree("Q:") == 0);
    WT_CHECK(DefineDosDeviceA(REMOVE, "Q:", NULL));              /* newest */
    WT_CHECK(WtTargets("Q:", T2 "\0" T1 "\0", sizeof(T2 T1) + 2));
    WT_CHECK(DefineDosDeviceA(REMOVE, "Q:", NULL) && DefineDosDeviceA(REMOVE, "Q:", NULL));
    WT_CHECK(!DefineDosDeviceA(REMOVE, "Q:", T1) && GetLastError() == ERROR_FILE_NOT_FOUND);
    WT_CHECK(GetLogicalDrives() == drives);
    WT_CHECK(WtDefineThree("LPT9") == 0);                       /* not a drive */
    WT_CHECK(GetLogicalDrives() == drives);
    WT_CHECK(WtTargets("LPT9", T3 "\0" T2 "\0" T1 "\0", sizeof(T3 T2 T1) + 3));
    WT_CHECK(DefineDosDeviceA(REMOVE, "LPT9", NULL) && DefineDosDeviceA(EXACT, "LPT9", T1) &&
             DefineDosDeviceA(REMOVE, "LPT9", T2));
    WT_CHECK(!DefineDosDeviceA(0x10, "Q:", T1) && GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(!DefineDosDeviceA(DDD_EXACT_MATCH_ON_REMOVE, "Q:", T1) &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    return 0;
}

static int WtNetUse(int argc, char **argv)
{
    PCSTR remote = argc > 2 ? argv[2] : "";
    ULONG rounds = argc > 3 ? strtoul(argv[3], NULL, 0) : 1;
    PCSTR password = argc > 4 ? argv[4] : NULL;
    DWORD use = 0, cancel = 0;

    for (ULONG i = 0; i < rounds; i++) {
        use = WNetAddConnectionA(remote, password, "X:");
        cancel = use == 0 ? WNetCancelConnectionA("X:", FALSE) : ERROR_NOT_CONNECTED;
    }
    return (int)(use << 16 | cancel);
}

/* Blocks in CSRSS (the redirector holds the validation open) until ended. */
static int WtLeaver(int argc, char **argv)
{
    DefineDosDeviceA(RAW, "X:", "\\Device\\NwRdr\\;X:\\NWSERVER\\SYS");
    return WT_FAILED;
}

static const char *const WtStates[] = { "free", "connecting", "in-use", "disconnecting" };

static VOID WtPrintAudit(CHAR Letter, const BASESRV_DRIVE_AUDIT *A)
{
    PCSTR t;

    printf("#   %c: entry %s owner %lu refs %lu; link %s; map bit %u; top %s", Letter,
           A->Entry.State < 4 ? WtStates[A->Entry.State] : "?",
           (unsigned long)A->Entry.OwnerProcessId, (unsigned long)A->Entry.References,
           A->LinkExists ? "yes" : "no", A->DriveMapBit,
           A->Backing == 2 ? "live" : A->Backing == 3 ? "DEAD" : A->Backing == 1 ? "local" : "-");
    if (A->Backing == 2)
        printf(" (process %lu)", (unsigned long)A->BackingProcessId);
    printf("; orphan %lu\n", (unsigned long)A->Orphan);
    for (t = A->Targets.Buffer; t < A->Targets.Buffer + A->Targets.Length; t += strlen(t) + 1)
        printf("#       %s\n", t);
}

static int WtAudit(int argc, char **argv)
{
    static BASESRV_DRIVE_AUDIT audit[BASESRV_DRIVES];
    CHAR letter = argc > 2 ? argv[2][0] : 'X';
    ULONG orphans = 0;

    WT_CHECK(BaseAuditDrives(audit, &orphans));
    for (ULONG d = 0; d < BASESRV_DRIVES; d++) {
        if ((CHAR)('A' + d) == letter || audit[d].Orphan)
            WtPrintAudit((CHAR)('A' + d), &audit[d]);
    }
    return (int)orphans;
}

static int WtCsrStats(int argc, char **argv)
{
    CSR_API_MSG msg;
    const CSR_STATISTICS *s = &msg.u.Statistics;

    memset(&msg, 0, sizeof(msg));
    WT_CHECK(CsrClientCallServer(&msg, CsrpQueryStatisticsApi) == STATUS_SUCCESS);
    printf("# csrss: %ld threads (most %ld, idle %ld), %ld inside DefineDosDevice (most %ld), "
           "%ld requests\n", (long)s->Threads, (long)s->MostThreads, (long)s->IdleThreads,
           (long)s->DefineInside, (long)s->MostDefineInside, (long)s->Requests);
    return (int)(s->DefineInside | s->Threads << 8 | s->MostDefineInside << 16 |
                 s->MostThreads << 24);
}

/* ---------------------------------------------------------------- win32 */

static int WtWriteRead(VOID)
{
    HANDLE h;
    DWORD n = 0;
    char buf[32] = { 0 };

    h = CreateFileA("R:\\MAIL.TXT", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    WT_CHECK(h != INVALID_HANDLE_VALUE);
    WT_CHECK(WriteFile(h, "postoffice", 10, &n, NULL) && n == 10);
    WT_CHECK(CloseHandle(h));
    WT_CHECK(CreateFileA("R:\\MAIL.TXT", GENERIC_READ, 0, NULL, CREATE_NEW, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS);
    h = CreateFileA("r:\\mail.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    WT_CHECK(h != INVALID_HANDLE_VALUE);
    WT_CHECK(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 10 &&
             strcmp(buf, "postoffice") == 0);
    CloseHandle(h);
    WT_CHECK(CreateFileA("R:\\NONE.TXT", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND);
    WT_CHECK(CreateFileA("Z:\\NONE.TXT", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND);
    WT_CHECK(!CloseHandle((HANDLE)0x7FF0) && GetLastError() == ERROR_INVALID_HANDLE);
    return 0;
}

static ULONG WtFindAll(PCSTR Pattern, PCHAR Names, ULONG Size)
{
    WIN32_FIND_DATAA data;
    HANDLE find = FindFirstFileA(Pattern, &data);
    ULONG found = 0;

    Names[0] = '\0';
    if (find == INVALID_HANDLE_VALUE)
        return 0;
    do {
        found++;
        strncat(Names, data.cFileName, Size - strlen(Names) - 2);
        strcat(Names, " ");
    } while (FindNextFileA(find, &data));
    if (GetLastError() != ERROR_NO_MORE_FILES || !FindClose(find))
        return ~0u;
    return found;
}

static int WtFindFiles(VOID)
{
    static const char *const names[] = { "R:\\QUEUE1.MAI", "R:\\QUEUE2.MAI", "R:\\README" };
    char found[256];
    HANDLE h;

    for (ULONG i = 0; i < 3; i++) {
        h = CreateFileA(names[i], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        WT_CHECK(h != INVALID_HANDLE_VALUE);
        CloseHandle(h);
    }
    WT_CHECK(WtFindAll("R:\\*", found, sizeof(found)) == 4);
    WT_CHECK(WtFindAll("R:\\*.MAI", found, sizeof(found)) == 2);
    WT_CHECK(strcmp(found, "QUEUE1.MAI QUEUE2.MAI ") == 0);
    WT_CHECK(WtFindAll("R:\\queue?.mai", found, sizeof(found)) == 2);
    WT_CHECK(WtFindAll("R:\\*.XYZ", found, sizeof(found)) == 0 &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    WT_CHECK(FindFirstFileA("Q:\\*", &(WIN32_FIND_DATAA){ 0 }) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_PATH_NOT_FOUND);
    WT_CHECK(FindFirstFileA("NOSLASH", &(WIN32_FIND_DATAA){ 0 }) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    return 0;
}

static int WtDriveCalls(VOID)
{
    char strings[128];
    DWORD length = GetLogicalDriveStringsA(sizeof(strings), strings), i;
    BOOL found = FALSE;

    WT_CHECK(GetLogicalDrives() & (1u << ('R' - 'A')));
    WT_CHECK(GetDriveTypeA("R:\\") == DRIVE_FIXED);
    WT_CHECK(GetDriveTypeA("Y:\\") == DRIVE_NO_ROOT_DIR);
    WT_CHECK(length > 0 && length < sizeof(strings));
    for (i = 0; i < length; i += strlen(strings + i) + 1)
        found |= strcmp(strings + i, "R:\\") == 0;
    WT_CHECK(found);
    return 0;
}

/* QueryDosDeviceA(NULL): every DOS device, C: and R: among them, each
   NUL-terminated and one more NUL, the count exact; one byte short is
   ERROR_INSUFFICIENT_BUFFER, and so is no buffer. */
static int WtDosDeviceList(VOID)
{
    CHAR list[512], small[512];
    DWORD n = QueryDosDeviceA(NULL, list, sizeof(list)), i, names = 0;
    BOOL c = FALSE, r = FALSE;

    WT_CHECK(n >= 7 && list[n - 1] == '\0' && list[n - 2] == '\0');
    for (i = 0; i < n - 1; i += strlen(list + i) + 1, names++) {
        printf("# QueryDosDevice(NULL): [%s]\n", list + i);
        c |= strcmp(list + i, "C:") == 0;
        r |= strcmp(list + i, "R:") == 0;
    }
    WT_CHECK(c && r && i == n - 1 && names >= 2);
    memset(small, 'x', sizeof(small));
    WT_CHECK(QueryDosDeviceA(NULL, small, n) == n && memcmp(small, list, n) == 0);
    WT_CHECK(QueryDosDeviceA(NULL, small, n - 1) == 0 &&
             GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    WT_CHECK(QueryDosDeviceA(NULL, NULL, 0) == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    WT_CHECK(QueryDosDeviceA("R:", small, sizeof(small)) == 15 &&
             strcmp(small, "\\Device\\RamFs") == 0);
    return 0;
}

static HANDLE WtOpen(PCSTR Name, DWORD Access, DWORD Disposition)
{
    return CreateFileA(Name, Access, 0, NULL, Disposition, 0, NULL);
}

/* Reads the whole file from its start into Buffer; the bytes read. */
static DWORD WtReadAll(HANDLE h, PVOID Buffer, DWORD Size)
{
    DWORD n = 0;

    if (SetFilePointer(h, 0, NULL, FILE_BEGIN) != 0 || !ReadFile(h, Buffer, Size, &n, NULL))
        return ~0u;
    return n;
}

/* CreateFileA's dispositions and last errors, the position, the size. */
static int WtPositionAndSize(VOID)
{
    HANDLE h, reader;
    DWORD n, high = 7;
    LONG move = 0;
    char buf[128];

    SetLastError(ERROR_GEN_FAILURE);
    h = WtOpen("R:\\SIZE.TXT", GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    WT_CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_SUCCESS);
    WT_CHECK(WriteFile(h, "0123456789", 10, &n, NULL) && WriteFile(h, "ab", 2, &n, NULL));
    WT_CHECK(GetFileSize(h, &high) == 12 && high == 0);
    WT_CHECK(SetFilePointer(h, 4, NULL, FILE_BEGIN) == 4 && SetEndOfFile(h));
    WT_CHECK(GetFileSize(h, NULL) == 4);
    WT_CHECK(SetFilePointer(h, 0, NULL, FILE_END) == 4 && WriteFile(h, "XY", 2, &n, NULL));
    WT_CHECK(SetFilePointer(h, -2, NULL, FILE_CURRENT) == 4);
    WT_CHECK(WtReadAll(h, buf, sizeof(buf)) == 6 && memcmp(buf, "0123XY", 6) == 0);
    WT_CHECK(SetFilePointer(h, -10, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER &&
             GetLastError() == ERROR_NEGATIVE_SEEK);
    WT_CHECK(SetFilePointer(h, 0, NULL, 7) == INVALID_SET_FILE_POINTER &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(SetFilePointer(h, 100, &move, FILE_BEGIN) == 100 && move == 0 && SetEndOfFile(h));
    WT_CHECK(WtReadAll(h, buf, sizeof(buf)) == 100 && buf[5] == 'Y' && buf[6] == 0 &&
             buf[99] == 0);
    WT_CHECK(SetFilePointer(h, 5000, NULL, FILE_BEGIN) == 5000 && !SetEndOfFile(h) &&
             GetLastError() == ERROR_DISK_FULL);
    WT_CHECK(GetFileSize((HANDLE)0x7FF0, NULL) == INVALID_FILE_SIZE &&
             GetLastError() == ERROR_INVALID_HANDLE);
    WT_CHECK(FlushFileBuffers(h));
    reader = WtOpen("R:\\SIZE.TXT", GENERIC_READ, OPEN_EXISTING);
    WT_CHECK(reader != INVALID_HANDLE_VALUE);
    WT_CHECK(!FlushFileBuffers(reader) && GetLastError() == ERROR_ACCESS_DENIED);
    WT_CHECK(!SetEndOfFile(reader) && GetLastError() == ERROR_ACCESS_DENIED);
    CloseHandle(reader);
    CloseHandle(h);
    h = WtOpen("R:\\SIZE.TXT", GENERIC_WRITE, CREATE_ALWAYS);
    WT_CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS &&
             GetFileSize(h, NULL) == 0);
    WriteFile(h, "kept", 4, &n, NULL);
    CloseHandle(h);
    h = WtOpen("R:\\SIZE.TXT", GENERIC_READ, OPEN_ALWAYS);
    WT_CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS &&
             GetFileSize(h, NULL) == 4);
    CloseHandle(h);
    WT_CHECK(WtOpen("R:\\SIZE.TXT", GENERIC_READ, TRUNCATE_EXISTING) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(WtOpen("R:\\NONE.TXT", GENERIC_WRITE, TRUNCATE_EXISTING) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    h = WtOpen("R:\\SIZE.TXT", GENERIC_WRITE, TRUNCATE_EXISTING);
    WT_CHECK(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 0);
    CloseHandle(h);
    return 0;
}

/* Attributes, delete (also while another handle is open) and move. */
static int WtNames(VOID)
{
    HANDLE h;
    DWORD n;

    WT_CHECK(GetFileAttributesA("R:\\SIZE.TXT") == FILE_ATTRIBUTE_ARCHIVE);
    WT_CHECK(GetFileAttributesA("R:\\") == FILE_ATTRIBUTE_DIRECTORY);
    WT_CHECK(GetFileAttributesA("R:\\NONE") == INVALID_FILE_ATTRIBUTES &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    WT_CHECK(GetFileAttributesA(NULL) == INVALID_FILE_ATTRIBUTES &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(SetFileAttributesA("R:\\SIZE.TXT", FILE_ATTRIBUTE_READONLY));
    WT_CHECK(GetFileAttributesA("R:\\SIZE.TXT") == FILE_ATTRIBUTE_READONLY);
    WT_CHECK(!DeleteFileA("R:\\SIZE.TXT") && GetLastError() == ERROR_ACCESS_DENIED);
    WT_CHECK(SetFileAttributesA("R:\\SIZE.TXT", 0));
    WT_CHECK(GetFileAttributesA("R:\\SIZE.TXT") == FILE_ATTRIBUTE_NORMAL);
    WT_CHECK(MoveFileA("R:\\SIZE.TXT", "R:\\MOVED.TXT"));
    WT_CHECK(GetFileAttributesA("R:\\SIZE.TXT") == INVALID_FILE_ATTRIBUTES);
    WT_CHECK(!MoveFileA("R:\\MOVED.TXT", "R:\\MAIL.TXT") && GetLastError() == ERROR_ALREADY_EXISTS);
    WT_CHECK(MoveFileExA("R:\\MOVED.TXT", "r:\\mail.txt", MOVEFILE_REPLACE_EXISTING));
    h = WtOpen("R:\\MAIL.TXT", GENERIC_READ, OPEN_EXISTING);
    WT_CHECK(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 0);
    WT_CHECK(!MoveFileExA("R:\\MAIL.TXT", "R:\\X", MOVEFILE_DELAY_UNTIL_REBOOT) &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(!MoveFileA(NULL, "R:\\X") && GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(!MoveFileA("R:\\MAIL.TXT", NULL) && GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(!MoveFileA("R:\\MAIL.TXT", "\\Device\\Null\\X") &&
             GetLastError() == ERROR_NOT_SAME_DEVICE);
    WT_CHECK(DeleteFileA("R:\\MAIL.TXT"));                 /* open: deleted at its close */
    WT_CHECK(WtOpen("R:\\MAIL.TXT", GENERIC_READ, OPEN_EXISTING) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_ACCESS_DENIED);
    WT_CHECK(ReadFile(h, &n, sizeof(n), &n, NULL) && n == 0);
    CloseHandle(h);
    WT_CHECK(WtOpen("R:\\MAIL.TXT", GENERIC_READ, OPEN_EXISTING) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    WT_CHECK(!DeleteFileA("R:\\MAIL.TXT") && GetLastError() == ERROR_FILE_NOT_FOUND);
    return 0;
}

static int WtDirectories(VOID)
{
    WIN32_FIND_DATAA data;
    char found[256];
    HANDLE h, find;
    DWORD n;

    WT_CHECK(CreateDirectoryA("R:\\MAILDATA", NULL));
    WT_CHECK(!CreateDirectoryA("R:\\MAILDATA", NULL) && GetLastError() == ERROR_ALREADY_EXISTS);
    WT_CHECK(!CreateDirectoryA("R:\\NO\\SUB", NULL) && GetLastError() == ERROR_PATH_NOT_FOUND);
    WT_CHECK(GetFileAttributesA("R:\\MAILDATA") == FILE_ATTRIBUTE_DIRECTORY);
    h = WtOpen("R:\\MAILDATA\\Q1.MAI", GENERIC_WRITE, CREATE_NEW);
    WT_CHECK(h != INVALID_HANDLE_VALUE && WriteFile(h, "queued", 6, &n, NULL));
    CloseHandle(h);
    WT_CHECK(WtOpen("R:\\MAILDATA", GENERIC_READ, OPEN_EXISTING) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_ACCESS_DENIED);
    h = CreateFileA("R:\\MAILDATA", GENERIC_READ, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    WT_CHECK(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    WT_CHECK(WtFindAll("R:\\MAILDATA\\*", found, sizeof(found)) == 1 &&
             strcmp(found, "Q1.MAI ") == 0);
    find = FindFirstFileA("R:\\MAILD*", &data);
    WT_CHECK(find != INVALID_HANDLE_VALUE && (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY));
    FindClose(find);
    WT_CHECK(!RemoveDirectoryA("R:\\MAILDATA") && GetLastError() == ERROR_DIR_NOT_EMPTY);
    WT_CHECK(!RemoveDirectoryA("R:\\MAILDATA\\Q1.MAI") && GetLastError() == ERROR_DIRECTORY);
    WT_CHECK(!DeleteFileA("R:\\MAILDATA") && GetLastError() == ERROR_ACCESS_DENIED);
    WT_CHECK(MoveFileA("R:\\MAILDATA\\Q1.MAI", "R:\\Q1.MAI"));
    WT_CHECK(MoveFileA("R:\\MAILDATA", "R:\\OLDMAIL"));
    WT_CHECK(RemoveDirectoryA("R:\\OLDMAIL"));
    WT_CHECK(GetFileAttributesA("R:\\OLDMAIL") == INVALID_FILE_ATTRIBUTES &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    WT_CHECK(GetFileAttributesA("R:\\Q1.MAI") == FILE_ATTRIBUTE_ARCHIVE);
    return 0;
}

static int WtVolume(VOID)
{
    DWORD spc = 0, bps = 0, free = 0, total = 0, free2 = 0, serial = 0, longest = 0, flags = 0;
    char label[32], fs[16];

    WT_CHECK(GetDiskFreeSpaceA("R:\\", &spc, &bps, &free, &total));
    WT_CHECK(spc * bps == 4096 && total == 32 && free > 0 && free < total);
    WT_CHECK(CreateDirectoryA("R:\\ONEMORE", NULL));
    WT_CHECK(GetDiskFreeSpaceA("R:\\", NULL, NULL, &free2, NULL) && free2 == free - 1);
    WT_CHECK(RemoveDirectoryA("R:\\ONEMORE"));
    WT_CHECK(GetDiskFreeSpaceA("R:\\", NULL, NULL, &free2, NULL) && free2 == free);
    WT_CHECK(!GetDiskFreeSpaceA("Q:\\", &spc, &bps, &free, &total) &&
             GetLastError() == ERROR_PATH_NOT_FOUND);
    WT_CHECK(!GetDiskFreeSpaceA(NULL, &spc, &bps, &free, &total) &&
             GetLastError() == ERROR_INVALID_PARAMETER);
    WT_CHECK(GetVolumeInformationA("R:\\", label, sizeof(label), &serial, &longest, &flags, fs,
                                   sizeof(fs)));
    WT_CHECK(strcmp(label, "IRPLAB RAMFS") == 0 && serial == 0x0150047A && longest == 31 &&
             (flags & FS_CASE_IS_PRESERVED) && strcmp(fs, "RAMFS") == 0);
    WT_CHECK(!GetVolumeInformationA("R:\\", label, 12, NULL, NULL, NULL, NULL, 0) &&
             GetLastError() == ERROR_BAD_LENGTH);
    WT_CHECK(!GetVolumeInformationA("R:\\", NULL, 0, NULL, NULL, NULL, fs, 5) &&
             GetLastError() == ERROR_BAD_LENGTH);
    WT_CHECK(!GetVolumeInformationA("R:", label, sizeof(label), NULL, NULL, NULL, NULL, 0) &&
             GetLastError() == ERROR_INVALID_NAME);
    WT_CHECK(GetVolumeInformationA("R:\\", NULL, 0, NULL, NULL, NULL, NULL, 0));
    return 0;
}

static int WtWin32(int argc, char **argv)
{
    int (*const steps[])(VOID) = { WtWriteRead, WtFindFiles, WtDriveCalls, WtDosDeviceList,
                                    WtPositionAndSize, WtNames, WtDirectories, WtVolume };
    int status = 0;

    for (ULONG i = 0; i < ARRAYSIZE(steps) && status == 0; i++)
        status = steps[i]();
    return status;
}

static const struct {
    const char *Name;
    int (*Run)(int argc, char **argv);
} WtCases[] = {
    { "pushdown", WtPushDown },
    { "netuse", WtNetUse },
    { "leaver", WtLeaver },
    { "audit", WtAudit },
    { "csrstats", WtCsrStats },
    { "win32", WtWin32 },
};

int main(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof(WtCases) / sizeof(WtCases[0]); i++) {
        if (strcmp(argv[1], WtCases[i].Name) == 0)
            return WtCases[i].Run(argc, argv);
    }
    printf("# wintest: no case '%s'\n", argc > 1 ? argv[1] : "");
    return 0x7F;
}
