/*
 * test_nwrdr.c - NWRDR, the NetWare redirector, on the wire: the guest
 * suite `nwrdr`, booted with ncpserv beside QEMU (tests/test_nwrdr.py).
 *
 * The cases, each ending with NWRDR holding no context, no server
 * connection, no tie and no open:
 *   win32_session   a process connects X: through WNet and CSRSS, reads,
 *                   writes, lists and disconnects (tests/user/nwtest.c)
 *   two_sessions    two such processes at once, each its own connection
 *   file_calls      end of file, flush, rename and move, delete, directories,
 *                   the volume's size and name, through the Win32 calls
 *   net_use_errors  every refusal of net use, as a Win32 error
 *   per_process     another process's X: is Access Denied to every use;
 *                   another process of the same logon session has its own
 *                   connection; a process ended with a file open leaves
 *                   no NCP connection on the server
 *   native_fsctls   the FSCTLs from kernel mode: syntax, sizes, lookup,
 *                   enumerate, statistics; stop refuses work, start
 *                   takes it again
 *   native_files, dead_connection, forced_delete
 *                   the native calls from kernel mode, a connection the
 *                   server ends and one deleted with a file open
 *                   (test_nwrnative.c)
 *   reload          the driver unloaded and loaded again
 *
 * test=nwrdrsilent (test_nwrsilent.c): a server that goes silent
 * mid-read.
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"

#define GT_SERVER   "\\\\NWSERVER"
#define GT_TARGET   NWR_DEVICE_NAME "\\;K:\\NWSERVER\\SYS"

static const TOKEN GtMmtaToken = { "MMTA", { 0x1000, 0 } };   /* the services' session */

static NTSTATUS GtRun(PCSTR CommandLine)
{
    PEPROCESS p = GtStartProcess(CommandLine);

    return p != NULL ? GtWaitProcess(p) : STATUS_UNSUCCESSFUL;
}

static NWR_STATISTICS GtStats(VOID)
{
    NWR_STATISTICS s;

    NwrQueryStatistics(&s);
    return s;
}

static VOID GtWin32Session(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtRun("nwtest session X: " GT_SERVER "\\SYS SUPERVISOR SECRET") == 0);
    GtNwrCheckIdle("after the session");
}

/* Two processes, each its own context and NCP connection, on the wire at
   once (under sched=pct an interleaving the seed decides). */
static VOID GtTwoSessions(VOID)
{
    PEPROCESS a, b;

    if (GtNoRedirector())
        return;
    a = GtStartProcess("nwtest session X: " GT_SERVER "\\SYS SUPERVISOR SECRET");
    b = GtStartProcessAs("nwtest session Y: " GT_SERVER "\\SYS MMTA MAILAGENT", &GtMmtaToken);

    GT_CHECK(a != NULL && GtWaitProcess(a) == 0);
    GT_CHECK(b != NULL && GtWaitProcess(b) == 0);
    GtNwrCheckIdle("after two sessions");
}

static VOID GtFileCalls(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtRun("nwtest files F: " GT_SERVER "\\SYS SUPERVISOR SECRET") == 0);
    GtNwrCheckIdle("after the file calls");
}

static VOID GtNetUseErrors(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtRun("nwtest errors " GT_SERVER) == 0);
    GtNwrCheckIdle("after the errors");
}

/* Until Count files are open (CSRSS's brief open of a volume's root, as
   it validates a define, is no file). */
static VOID GtWaitForFiles(ULONG Count)
{
    LONG64 tick = -10 * (LONG64)KTIME_PER_MS;

    for (ULONG i = 0; i < 1000 && GtStats().FilesOpen < Count; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
}

static VOID GtPerProcess(VOID)
{
    ULONG before, during, after, ended;
    PEPROCESS holder;

    if (GtNoRedirector())
        return;
    before = GtServerConnections();
    ended = GtStats().ServersEnded;
    holder = GtStartProcessAs("nwtest hold Y: " GT_SERVER "\\SYS MMTA MAILAGENT", &GtMmtaToken);
    GtWaitForFiles(1);
    GT_CHECK(GtStats().FilesOpen == 1 && GtStats().Ties == 1);
    during = GtServerConnections();
    GT_CHECK(GtRun("nwtest foreign Y:") == 0);
    /* a second process of the holder's logon session: a context and a
       connection of its own, ended with it while the holder's stays */
    GT_CHECK(GtWaitProcess(GtStartProcessAs("nwtest session X: " GT_SERVER
                                            "\\SYS MMTA MAILAGENT", &GtMmtaToken)) == 0);
    GT_CHECK(GtStats().Servers == 1 && GtStats().ServersEnded == ended + 1);
    if (holder != NULL) {
        PsTerminateProcess(holder, 0x4E57);
        GT_CHECK(GtWaitProcess(holder) == 0x4E57);
    }
    after = GtServerConnections();
    printf("# nwrdr: server connections %lu before, %lu while Y: was held, %lu after\n",
           (unsigned long)before, (unsigned long)during, (unsigned long)after);
    GT_CHECK(during == before + 1 && after == before);
    GT_CHECK(GtStats().ServersEnded == ended + 2);
    GtNwrCheckIdle("after the holder's end");
    GtResetCsrss();
}

static VOID GtConnectRequest(PNWR_CONNECT_REQUEST r, PCSTR Target)
{
    memset(r, 0, sizeof(*r));
    strcpy(r->Target, Target);
    strcpy(r->UserName, "SUPERVISOR");
    strcpy(r->Password, "SECRET");
}

static VOID GtNativeFsctls(VOID)
{
    UCHAR listing[sizeof(NWR_CONNECTION_LIST) + sizeof(NWR_CONNECTION_INFO)];
    PNWR_CONNECTION_LIST list = (PNWR_CONNECTION_LIST)listing;
    NWR_DISCONNECT_REQUEST d = { "K:", 0 };
    NWR_CONNECT_REQUEST r;
    CHAR text[NWR_MAX_TARGET];
    ULONG pid = 0;
    HANDLE rdr, file;

    if (GtNoRedirector())
        return;
    if (!NT_SUCCESS(GtNwrOpen(NWR_DEVICE_NAME, FILE_OPEN, 0, &rdr, NULL))) {
        GT_CHECK(FALSE);
        return;
    }
    GtConnectRequest(&r, NWR_DEVICE_NAME "\\K:\\NWSERVER\\SYS");
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_CREATE_CONNECTION, &r, sizeof(r), NULL, 0) ==
             STATUS_OBJECT_PATH_SYNTAX_BAD);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_CREATE_CONNECTION, &r, 8, NULL, 0) ==
             STATUS_INVALID_PARAMETER);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_LOOKUP_CONNECTION, GT_TARGET, sizeof(GT_TARGET), &pid,
                        sizeof(pid)) == STATUS_OBJECT_NAME_NOT_FOUND);
    GtConnectRequest(&r, GT_TARGET);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_CREATE_CONNECTION, &r, sizeof(r), NULL, 0) ==
             STATUS_SUCCESS);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_LOOKUP_CONNECTION, GT_TARGET, sizeof(GT_TARGET), &pid,
                        sizeof(pid)) == STATUS_SUCCESS &&
             pid == PsInitialSystemProcess->UniqueProcessId);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_ENUM_CONNECTIONS, NULL, 0, list, sizeof(listing)) ==
             STATUS_SUCCESS && list->Count == 1 && strcmp(list->Entries[0].LocalName, "K:") == 0);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_GET_CONNECTION, "K:", 3, text, sizeof(text)) ==
             STATUS_SUCCESS && strcmp(text, GT_SERVER "\\SYS") == 0);
    GT_CHECK(GtNwrOpen(GT_TARGET "\\PUBLIC\\README.TXT", FILE_OPEN, 0, &file, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_DELETE_CONNECTION, &d, sizeof(d), text, sizeof(text)) ==
             STATUS_FILES_OPEN);
    NtClose(file);
    GT_CHECK(GtNwrOpen(GT_TARGET "\\PUBLIC\\NOSUCH.TXT", FILE_OPEN, 0, &file, NULL) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(GtNwrOpen(NWR_DEVICE_NAME "\\;J:\\NWSERVER\\SYS", FILE_OPEN, 0, &file, NULL) ==
             STATUS_BAD_NETWORK_NAME);
    /* stop: the connection ends; work is refused until start */
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_STOP, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    GT_CHECK(GtStats().Ties == 0 && GtStats().Servers == 0);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_CREATE_CONNECTION, &r, sizeof(r), NULL, 0) ==
             STATUS_REDIRECTOR_NOT_STARTED);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_START, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_DELETE_CONNECTION, &d, sizeof(d), text, sizeof(text)) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    NtClose(rdr);
    GtNwrCheckIdle("after the FSCTLs");
}

static PDRIVER_OBJECT GtFindDriver(VOID)
{
    STRING name = { 13, 13, "\\Driver\\NwRdr" };
    PVOID driver = NULL;

    ObReferenceObjectByName(&name, IoDriverObjectType, NULL, &driver);
    return driver;
}

static VOID GtReload(VOID)
{
    PDRIVER_OBJECT driver;
    HANDLE rdr;

    if (GtNoRedirector())
        return;
    driver = GtFindDriver();
    GT_CHECK(driver != NULL);
    if (driver == NULL)
        return;
    GT_CHECK(IoUnloadDriver(driver) == STATUS_SUCCESS);
    ObDereferenceObject(driver);
    GT_CHECK(GtNwrOpen(NWR_DEVICE_NAME, FILE_OPEN, 0, &rdr, NULL) == STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\NwRdr", NwrDriverEntry, &driver)));
    GT_CHECK(GtRun("nwtest session X: " GT_SERVER "\\SYS SUPERVISOR SECRET") == 0);
    GtNwrCheckIdle("after the reload");
    GtResetCsrss();
}

static const GT_CASE GtNwrdrCases[] = {
    { "win32_session", GtWin32Session },
    { "two_sessions", GtTwoSessions },
    { "file_calls", GtFileCalls },
    { "net_use_errors", GtNetUseErrors },
    { "per_process", GtPerProcess },
    { "native_fsctls", GtNativeFsctls },
    { "native_files", GtNwrNativeFiles },
    { "dead_connection", GtNwrDeadConnection },
    { "forced_delete", GtNwrForcedDelete },
    { "reload", GtReload },
};

const GT_SUITE GtNwrdrSuite = GT_SUITE_ENTRY("nwrdr", "NWRDR on the wire", GtNwrdrCases);
