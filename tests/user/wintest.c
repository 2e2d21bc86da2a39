/*
 * wintest.c - the ring-3 half of the guest suites `csrss` and `win32`
 * (tests/guest/test_csrss.c, test_win32.c): a process on the Win32 layer
 * (user/lib), one case per run, chosen by argv[1]. Its exit status is its
 * verdict or its answer, as each case says; "# ..." lines say why.
 *
 *   pushdown            DefineDosDevice's push-down list through CSRSS: 0
 *   netuse REMOTE N [PASSWORD]
 *                       N times net use X: REMOTE (as the process's user,
 *                       with PASSWORD), net use X: /delete: the last
 *                       round's errors, (use << 16) | delete
 *   leaver              one DefineDosDevice of X: that the test lets hang
 *                       in the redirector, and ends from outside
 *   audit LETTER        prints CSRSS's audit of LETTER (and of every
 *                       orphaned letter): the number of orphaned letters
 *   csrstats            CSRSS's counts: DefineInside | Threads << 8 |
 *                       MostDefineInside << 16 | MostThreads << 24
 *   win32               the file and drive calls on R: (a link to RamFs
 *                       the kernel made): 0
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
        cancel = WNetCancelConnectionA("X:", FALSE);
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
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS);
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

static int WtWin32(int argc, char **argv)
{
    int status = WtWriteRead();

    if (status == 0)
        status = WtFindFiles();
    if (status == 0)
        status = WtDriveCalls();
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
