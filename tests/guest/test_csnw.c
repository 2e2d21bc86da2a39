/*
 * test_csnw.c - Client Services for NetWare's stop and start (user/csnw)
 * on the wire: the guest suite `csnw`, booted with ncpserv beside QEMU and
 * `--silent-at-read 1` (the first Read File silences its connection), by
 * tests/test_csnw.py.
 *
 * The cases:
 *   restart_clears_every_letter  the KB's way out. Before: a connection in
 *        the System process's context (no letter); X: orphaned by a `net
 *        use` process that ended (the next `net use X:` answers 85); Y:
 *        orphaned by hand (DefineDosDevice of a redirector path no
 *        connection serves); W: a local device with a redirector target
 *        pushed over it; L: a local device only; P: the live connection of
 *        a process with one read on the wire and three queued. `csnw
 *        restart` from a user's logon session is Access Denied and changes
 *        nothing. As SYSTEM it ends every context and connection, the
 *        queued reads complete STATUS_CANCELLED, every definition under
 *        \Device\NwRdr leaves every letter (W: keeps its local one, L: is
 *        untouched) and the drive audit is clean, the driver object is a
 *        new one, and X: can be connected again: by nwtest's session, then
 *        by `net use`. ncpserv has the connections it had before but one:
 *        the connection it silenced, which the client gave up without a
 *        word when its read timed out (NcpAbandon, as it does with any
 *        server that stops answering); NetWare's watchdog would clear it.
 *   stop_then_start  stop, stop again (not started), start, start again
 *        (already started), and the syntax.
 * Each process is framed by "# csnw: run: LINE (as USER)" and "# csnw:
 * exit N", between which test_csnw.py finds exactly what it printed (and
 * the holder's lines, which may come in the middle of csnw's). Without a card every case is a SKIP.
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"

#define GT_SERVER   "\\\\NWSERVER"
#define GT_SYS      GT_SERVER "\\SYS"
#define GT_LOGIN    GT_SYS " SUPERVISOR SECRET"
#define GT_KTARGET  NWR_DEVICE_NAME "\\;K:\\NWSERVER\\SYS"

static const TOKEN GtUserToken = { "MMTA", { 0x1000, 0 } };   /* the services' session */

/* One process of Line as Token, framed for the harness; its exit status. */
static NTSTATUS GtRunAs(PCSTR Line, const TOKEN *Token)
{
    PEPROCESS p;
    NTSTATUS status;

    printf("# csnw: run: %s (as %s)\n", Line, Token->UserName);
    p = GtStartProcessAs(Line, Token);
    status = p != NULL ? GtWaitProcess(p) : STATUS_UNSUCCESSFUL;
    printf("# csnw: exit %ld\n", (long)status);
    return status;
}

static NTSTATUS GtRun(PCSTR Line)
{
    return GtRunAs(Line, &PsInitialSystemProcess->Token);
}

static NWR_STATISTICS GtStats(VOID)
{
    NWR_STATISTICS s;

    NwrQueryStatistics(&s);
    return s;
}

static PDRIVER_OBJECT GtFindDriver(VOID)
{
    STRING name = { 13, 13, "\\Driver\\NwRdr" };
    PVOID driver = NULL;

    ObReferenceObjectByName(&name, IoDriverObjectType, NULL, &driver);
    return driver;
}

/* A connection in the System process's context, with no letter; the
   handle to the redirector is closed again (it would hold the device). */
static NTSTATUS GtSystemConnection(VOID)
{
    STRING name = { sizeof(NWR_DEVICE_NAME) - 1, sizeof(NWR_DEVICE_NAME) - 1,
                    NWR_DEVICE_NAME };
    NWR_CONNECT_REQUEST r;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE rdr;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    status = NtCreateFile(&rdr, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
    if (!NT_SUCCESS(status))
        return status;
    memset(&r, 0, sizeof(r));
    strcpy(r.Target, GT_KTARGET);
    strcpy(r.UserName, "SUPERVISOR");
    strcpy(r.Password, "SECRET");
    status = NtFsControlFile(rdr, NULL, NULL, NULL, &iosb, FSCTL_NWR_CREATE_CONNECTION, &r,
                             sizeof(r), NULL, 0);
    NtClose(rdr);
    return status;
}

typedef struct _GT_TARGETS {
    CHAR Text[256];
} GT_TARGETS;

/* \DosDevices\<Letter>:'s targets as "t1|t2", "" when there is no link. */
static GT_TARGETS GtTargetsOf(CHAR Letter)
{
    GT_TARGETS t;
    PCHAR text = t.Text;
    CHAR path[] = "\\DosDevices\\?:";
    STRING name = { 14, 14, path }, target = { 0, sizeof(t.Text) - 1, text };
    PVOID link;
    ULONG length = 0;

    path[12] = Letter;
    text[0] = '\0';
    if (!NT_SUCCESS(ObReferenceObjectByName(&name, ObSymbolicLinkObjectType, NULL, &link)))
        return t;
    if (NT_SUCCESS(ObQuerySymbolicLinkTarget(link, &target, &length)))
        text[target.Length] = '\0';
    ObDereferenceObject(link);
    for (USHORT i = 0; i + 1 < target.Length; i++)
        text[i] = text[i] ? text[i] : '|';
    return t;
}

#define GtTargets(Letter) (GtTargetsOf(Letter).Text)

/* The drive audit (CSRSS's, through wintest): how many letters are orphaned. */
static ULONG GtOrphans(PCSTR Letter)
{
    CHAR line[32];

    snprintf(line, sizeof(line), "wintest audit %s", Letter);
    return (ULONG)GtRun(line);
}

/* Until the holder's four reads are IRPs (one on the wire, three queued). */
static BOOLEAN GtWaitForReads(LONG Before)
{
    LONG64 tick = -5 * (LONG64)KTIME_PER_MS;

    for (ULONG i = 0; i < 2000 && IoOutstandingIrps() < Before + 4; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    return IoOutstandingIrps() >= Before + 4;
}

/* X:, Y:, W: (local under a redirector target), L: (local): the letters
   the restart must sort out, and the connections behind nothing. */
static VOID GtMakeLetters(VOID)
{
    GT_CHECK(GtSystemConnection() == STATUS_SUCCESS);
    GT_CHECK(GtRun("net use X: " GT_SYS " SECRET /USER:SUPERVISOR") == 0);
    GT_CHECK(GtRun("net use X: " GT_SYS " SECRET /USER:SUPERVISOR") == 2);     /* 85 */
    GT_CHECK(GtRun("nwtest define Y: " NWR_DEVICE_NAME "\\;Y:\\NWSERVER\\SYS") == 0);
    GT_CHECK(GtRun("nwtest define W: \\Device\\Null") == 0);
    GT_CHECK(GtRun("nwtest define W: " NWR_DEVICE_NAME "\\;W:\\NWSERVER\\SYS") == 0);
    GT_CHECK(GtRun("nwtest define L: \\Device\\Null") == 0);
    GT_CHECK(strcmp(GtTargets('W'), NWR_DEVICE_NAME "\\;W:\\NWSERVER\\SYS|\\Device\\Null") == 0);
}

/* From a user's logon session: Access Denied, and nothing changed. */
static VOID GtUnprivileged(PDRIVER_OBJECT Driver)
{
    NWR_STATISTICS before = GtStats(), after;
    PDRIVER_OBJECT now;

    GT_CHECK(GtRunAs("csnw restart", &GtUserToken) == 2);
    GT_CHECK(GtRunAs("csnw stop", &GtUserToken) == 2);
    after = GtStats();
    now = GtFindDriver();
    GT_CHECK(now == Driver);
    if (now != NULL)
        ObDereferenceObject(now);
    GT_CHECK(after.Contexts == before.Contexts && after.Servers == before.Servers &&
             after.Ties == before.Ties && after.ContextsEnded == before.ContextsEnded);
    GT_CHECK(strcmp(GtTargets('X'), NWR_DEVICE_NAME "\\;X:\\NWSERVER\\SYS") == 0);
    GT_CHECK(GtOrphans("-") == 3);                      /* X:, Y:, W:'s top */
}

static VOID GtRestartClearsEveryLetter(VOID)
{
    PDRIVER_OBJECT old, now;
    PEPROCESS holder;
    ULONG servers, after;
    LONG irps;

    if (GtNoRedirector())
        return;
    servers = GtServerConnections();
    old = GtFindDriver();
    GT_CHECK(old != NULL);
    GtMakeLetters();
    GtUnprivileged(old);
    irps = IoOutstandingIrps();
    holder = GtStartProcess("nwtest pending P: " GT_LOGIN);
    GT_CHECK(holder != NULL && GtWaitForReads(irps));
    printf("# csnw: before: contexts %lu, servers %lu, ties %lu; server connections %lu, "
           "%lu at the start\n", (unsigned long)GtStats().Contexts,
           (unsigned long)GtStats().Servers, (unsigned long)GtStats().Ties,
           (unsigned long)GtServerConnections(), (unsigned long)servers);
    GT_CHECK(GtRun("csnw restart") == 0);
    GT_CHECK(GtWaitProcess(holder) == 0);               /* its queued reads: cancelled */
    now = GtFindDriver();
    GT_CHECK(now != NULL && now != old && old != NULL && (old->Flags & DRVO_UNLOAD_INVOKED));
    if (now != NULL)
        ObDereferenceObject(now);
    if (old != NULL)
        ObDereferenceObject(old);
    GT_CHECK(GtStats().Contexts == 0 && GtStats().Servers == 0 && GtStats().Ties == 0 &&
             GtStats().Opens == 0);
    after = GtServerConnections();
    printf("# csnw: server connections %lu after, %lu at the start\n", (unsigned long)after,
           (unsigned long)servers);
    GT_CHECK(after == servers + 1);     /* the silenced one: abandoned, never destroyed */
    printf("# csnw: after: X: '%s', Y: '%s', P: '%s', W: '%s', L: '%s'\n", GtTargets('X'),
           GtTargets('Y'), GtTargets('P'), GtTargets('W'), GtTargets('L'));
    GT_CHECK(GtTargets('X')[0] == '\0' && GtTargets('Y')[0] == '\0' && GtTargets('P')[0] == '\0');
    GT_CHECK(strcmp(GtTargets('W'), "\\Device\\Null") == 0);
    GT_CHECK(strcmp(GtTargets('L'), "\\Device\\Null") == 0);
    GT_CHECK(GtOrphans("W") == 0);
    GT_CHECK(GtRun("nwtest session X: " GT_LOGIN) == 0);
    GT_CHECK(GtRun("net use X: " GT_SYS " SECRET /USER:SUPERVISOR") == 0);
    GtResetCsrss();
}

static VOID GtStopThenStart(VOID)
{
    PDRIVER_OBJECT driver;

    if (GtNoRedirector())
        return;
    GT_CHECK(GtRun("csnw stop") == 0);
    driver = GtFindDriver();
    GT_CHECK(driver == NULL);
    if (driver != NULL)
        ObDereferenceObject(driver);
    GT_CHECK(GtRun("csnw stop") == 2);
    GT_CHECK(GtRun("csnw start") == 0);
    GT_CHECK(GtRun("csnw start") == 2);
    GT_CHECK(GtRun("csnw pause") == 1);
    GT_CHECK(GtRun("nwtest session X: " GT_LOGIN) == 0);
    GtResetCsrss();
}

static const GT_CASE GtCsnwCases[] = {
    { "restart_clears_every_letter", GtRestartClearsEveryLetter },
    { "stop_then_start", GtStopThenStart },
};

const GT_SUITE GtCsnwSuite = GT_SUITE_ENTRY("csnw", "Client Services for NetWare's stop and start",
                                            GtCsnwCases);
