/*
 * test_lowres.c - low-resource simulation, as Driver Verifier does it: the
 * guest suite `lowres`, booted with ncpserv beside QEMU (tests/test_lowres.py).
 *
 * Each case is one operation on NWRDR or on CSRSS's drive table, made from
 * the System process with native calls: connect (FSCTL_NWR_CREATE_
 * CONNECTION), open (IRP_MJ_CREATE through NWRDR), read, write, close,
 * disconnect (FSCTL_NWR_DELETE_CONNECTION), and DefineDosDevice's define
 * and remove through LPC to CSRSS. A case first runs its operation with the
 * simulation counting (mm.h, ExArmPoolFailure(0)): N allocations, in every
 * thread the operation reaches (the caller's, NWRDR's worker, CSRSS's
 * server thread). Then, for k = 1..N, it sets the operation's state up,
 * fails allocation k, runs it, and checks:
 *   - the operation answers STATUS_INSUFFICIENT_RESOURCES, or succeeds
 *     where the failed allocation was one it could do without (close and
 *     disconnect never fail: their work must get done, see ARCHITECTURE.md);
 *   - the same operation, unfailed, then works (the state recovered);
 *   - once the state is taken down again, the leak audit is clean (pool
 *     tags, IRPs, handles), NWRDR holds no tie or open, and ncpserv holds
 *     the connections it held before the case.
 * No bugcheck, by construction: one would end the run.
 *
 * failpool=K fails only allocation K of each operation (a replay of one
 * point of the sweep). Every failed allocation is printed with its tag and
 * its allocator's caller, and each case ends with a summary line; the
 * suite's last line counts the sites (tag and caller) failed.
 */
#include <stdio.h>
#include <string.h>
#include "csrmsg.h"
#include "ex/ex.h"
#include "ex/zw.h"
#include "io/io.h"
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"

#define GT_TARGET   NWR_DEVICE_NAME "\\;K:\\NWSERVER\\SYS"
#define GT_SAMPLE   GT_TARGET "\\PUBLIC\\SAMPLE.DAT"
#define GT_SCRATCH  GT_TARGET "\\LOWRES.TMP"
#define GT_IO_SIZE  600         /* more than one NCP piece at a 512-byte buffer */
#define GT_MAX_SITES 256

typedef struct _GT_LOWRES_OP {
    PCSTR Name;
    VOID (*Before)(VOID);           /* the state the operation needs, unfailed */
    NTSTATUS (*Run)(VOID);          /* the operation, with one allocation failed */
    VOID (*After)(NTSTATUS Status); /* back to where Before started, unfailed */
    BOOLEAN NeverFails;             /* close and disconnect: success, always */
} GT_LOWRES_OP;

static HANDLE GtRdr, GtFile, GtPort;
static UCHAR GtReference[GT_IO_SIZE], GtBuffer[GT_IO_SIZE];
static ULONG_PTR GtSites[GT_MAX_SITES][2];     /* allocator's caller, and its caller */
static ULONG GtSiteCount, GtInjected;

/* ------------------------------------------------------------ the calls */

static NTSTATUS GtFsctl(ULONG Code, PVOID In, ULONG InLength, PVOID Out, ULONG OutLength)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtFsControlFile(GtRdr, NULL, NULL, NULL, &iosb, Code, In, InLength, Out,
                                      OutLength);

    return NT_SUCCESS(status) ? iosb.Status : status;
}

static NTSTATUS GtOpen(PCSTR Name, ULONG Disposition, PHANDLE Handle)
{
    STRING name = { (USHORT)strlen(Name), (USHORT)strlen(Name), (PCHAR)Name };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    return NtCreateFile(Handle, FILE_ALL_ACCESS, &oa, &iosb, Disposition, 0);
}

static NTSTATUS GtConnect(VOID)
{
    NWR_CONNECT_REQUEST r;

    memset(&r, 0, sizeof(r));
    strcpy(r.Target, GT_TARGET);
    strcpy(r.UserName, "SUPERVISOR");
    strcpy(r.Password, "SECRET");
    return GtFsctl(FSCTL_NWR_CREATE_CONNECTION, &r, sizeof(r), NULL, 0);
}

static NTSTATUS GtDisconnect(VOID)
{
    NWR_DISCONNECT_REQUEST d = { "K:", 0 };
    CHAR text[NWR_MAX_TARGET];

    return GtFsctl(FSCTL_NWR_DELETE_CONNECTION, &d, sizeof(d), text, sizeof(text));
}

static NTSTATUS GtTransfer(BOOLEAN Write)
{
    IO_STATUS_BLOCK iosb = { 0 };
    LONG64 zero = 0;
    NTSTATUS status = Write ? NtWriteFile(GtFile, NULL, NULL, NULL, &iosb, GtReference,
                                          GT_IO_SIZE, &zero, NULL)
                            : NtReadFile(GtFile, NULL, NULL, NULL, &iosb, GtBuffer, GT_IO_SIZE,
                                         &zero, NULL);

    if (NT_SUCCESS(status) && iosb.Information != GT_IO_SIZE)
        status = STATUS_UNSUCCESSFUL;
    return status;
}

/* DefineDosDevice(Flags, "K:", GT_TARGET), as kernel32 sends it. */
static NTSTATUS GtDefine(ULONG Flags)
{
    CSR_API_MSG msg;
    NTSTATUS status;

    memset(&msg, 0, sizeof(msg));
    msg.h.DataLength = CSR_API_MSG_DATA_LENGTH;
    msg.ApiNumber = BasepDefineDosDeviceApi;
    msg.u.DefineDosDevice.Flags = Flags | DDD_RAW_TARGET_PATH | DDD_NO_BROADCAST_SYSTEM;
    strcpy(msg.u.DefineDosDevice.DeviceName, "K:");
    strcpy(msg.u.DefineDosDevice.TargetPath, GT_TARGET);
    status = ZwRequestWaitReplyPort(GtPort, &msg.h, &msg.h);
    return NT_SUCCESS(status) ? msg.ReturnValue : status;
}

#define GT_REMOVE (DDD_REMOVE_DEFINITION | DDD_EXACT_MATCH_ON_REMOVE)

/* ------------------------------------------------------- the operations */

static VOID GtConnected(VOID)
{
    GT_CHECK(GtConnect() == STATUS_SUCCESS);
}

static VOID GtOpened(VOID)
{
    GtConnected();
    GT_CHECK(GtOpen(GT_SAMPLE, FILE_OPEN, &GtFile) == STATUS_SUCCESS);
}

static VOID GtScratchOpened(VOID)
{
    GtConnected();
    GT_CHECK(GtOpen(GT_SCRATCH, FILE_OPEN_IF, &GtFile) == STATUS_SUCCESS);
}

static VOID GtDefined(VOID)
{
    GtConnected();
    GT_CHECK(GtDefine(0) == STATUS_SUCCESS);
}

/* Undone without files open: a delete that says STATUS_FILES_OPEN is an
   open NWRDR still counts (a lost close). */
static VOID GtDisconnected(NTSTATUS Status)
{
    GT_CHECK(GtDisconnect() == STATUS_SUCCESS);
}

static VOID GtClosed(NTSTATUS Status)
{
    GT_CHECK(NtClose(GtFile) == STATUS_SUCCESS);
    GtDisconnected(Status);
}

static NTSTATUS GtRunConnect(VOID)
{
    return GtConnect();
}

static VOID GtAfterConnect(NTSTATUS Status)
{
    if (NT_SUCCESS(Status))
        GtDisconnected(Status);
}

static NTSTATUS GtRunOpen(VOID)
{
    return GtOpen(GT_SAMPLE, FILE_OPEN, &GtFile);
}

static VOID GtAfterOpen(NTSTATUS Status)
{
    if (NT_SUCCESS(Status))
        GT_CHECK(NtClose(GtFile) == STATUS_SUCCESS);
    GtDisconnected(Status);
}

static NTSTATUS GtRunRead(VOID)
{
    NTSTATUS status;

    memset(GtBuffer, 0, sizeof(GtBuffer));
    status = GtTransfer(FALSE);
    if (NT_SUCCESS(status) && memcmp(GtBuffer, GtReference, GT_IO_SIZE) != 0)
        status = STATUS_UNSUCCESSFUL;
    return status;
}

static NTSTATUS GtRunWrite(VOID)
{
    return GtTransfer(TRUE);
}

static NTSTATUS GtRunClose(VOID)
{
    return NtClose(GtFile);
}

static NTSTATUS GtRunDisconnect(VOID)
{
    return GtDisconnect();
}

static VOID GtAfterDisconnect(NTSTATUS Status)
{
    if (!NT_SUCCESS(Status))
        GtDisconnected(Status);
}

static NTSTATUS GtRunDefine(VOID)
{
    return GtDefine(0);
}

static VOID GtAfterDefine(NTSTATUS Status)
{
    if (NT_SUCCESS(Status))
        GT_CHECK(GtDefine(GT_REMOVE) == STATUS_SUCCESS);
    GtDisconnected(Status);
}

static NTSTATUS GtRunRemove(VOID)
{
    return GtDefine(GT_REMOVE);
}

static VOID GtAfterRemove(NTSTATUS Status)
{
    if (!NT_SUCCESS(Status))
        GT_CHECK(GtDefine(GT_REMOVE) == STATUS_SUCCESS);
    GtDisconnected(Status);
}

static VOID GtNothing(VOID)
{
}

/* ------------------------------------------------------------ the sweep */

static VOID GtNoteSite(const POOL_FAILURE *f)
{
    ULONG i;

    GtInjected++;
    for (i = 0; i < GtSiteCount; i++) {
        if (GtSites[i][0] == f->Caller && GtSites[i][1] == f->CallersCaller)
            return;
    }
    if (GtSiteCount < GT_MAX_SITES) {
        GtSites[GtSiteCount][0] = f->Caller;
        GtSites[GtSiteCount++][1] = f->CallersCaller;
    }
}

/* One point of the sweep: allocation Nth of the operation fails (0: none).
   The operation's status; *Failure says what the pool did. */
static NTSTATUS GtRunFailing(const GT_LOWRES_OP *Op, ULONG Nth, PPOOL_FAILURE Failure)
{
    NTSTATUS status;

    Op->Before();
    ExArmPoolFailure(Nth);
    status = Op->Run();
    ExDisarmPoolFailure(Failure);
    return status;
}

/* The checks of one point; TRUE when all held. */
static BOOLEAN GtSweepPoint(const GT_LOWRES_OP *Op, ULONG Nth, PULONG Absorbed)
{
    static GT_AUDIT before;
    POOL_FAILURE f;
    NTSTATUS status, again;
    NWR_STATISTICS s;
    BOOLEAN ok;

    GtTakeAudit(&before);
    status = GtRunFailing(Op, Nth, &f);
    if (f.Failed)
        GtNoteSite(&f);
    ok = f.Failed && (status == STATUS_SUCCESS ||
                      (status == STATUS_INSUFFICIENT_RESOURCES && !Op->NeverFails));
    if (status == STATUS_SUCCESS && f.Failed)
        (*Absorbed)++;
    printf("# %s %lu: 0x%08lx; ", Op->Name, (unsigned long)Nth, (unsigned long)status);
    if (f.Failed)
        GtPrintPoolFailure(Nth, &f);
    else
        printf("only %lu allocations\n", (unsigned long)f.Counted);
    Op->After(status);
    /* the same, unfailed: it works again, and leaves nothing behind */
    Op->Before();
    again = Op->Run();
    Op->After(again);
    if (again != STATUS_SUCCESS)
        printf("    # %s %lu: then unfailed 0x%08lx\n", Op->Name, (unsigned long)Nth,
               (unsigned long)again);
    NwrQueryStatistics(&s);
    if (s.Ties != 0 || s.Opens != 0 || s.Servers != 0)
        printf("    # %s %lu: NWRDR holds ties %lu, opens %lu, servers %lu\n", Op->Name,
               (unsigned long)Nth, (unsigned long)s.Ties, (unsigned long)s.Opens,
               (unsigned long)s.Servers);
    ok = ok && again == STATUS_SUCCESS && s.Ties == 0 && s.Opens == 0 && s.Servers == 0;
    if (!GtAuditClean(&before)) {
        printf("    # %s %lu: the leak audit above\n", Op->Name, (unsigned long)Nth);
        ok = FALSE;
    }
    return ok;
}

static VOID GtSweep(const GT_LOWRES_OP *Op)
{
    ULONG first = 1, last, absorbed = 0, bad = 0, connections, sites = GtSiteCount;
    ULONG64 start = KeQueryRealTime();
    POOL_FAILURE f;

    if (GtNoRedirector())
        return;
    connections = GtServerConnections();
    GT_CHECK(GtRunFailing(Op, 0, &f) == STATUS_SUCCESS);
    Op->After(STATUS_SUCCESS);
    last = f.Counted;
    if (KeBootArgs.FailPool != 0)
        first = last = KeBootArgs.FailPool;
    for (ULONG k = first; k <= last; k++)
        bad += !GtSweepPoint(Op, k, &absorbed);
    printf("# lowres %s: %lu allocations, each failed in turn: %lu answered "
           "STATUS_INSUFFICIENT_RESOURCES, %lu absorbed (success), %lu wrong; %lu new sites; "
           "%lu ms\n", Op->Name, (unsigned long)f.Counted,
           (unsigned long)(last - first + 1 - absorbed - bad), (unsigned long)absorbed,
           (unsigned long)bad, (unsigned long)(GtSiteCount - sites),
           (unsigned long)(KeQueryRealTime() - start));
    GT_CHECK(f.Counted > 0);
    GT_CHECK(bad == 0);
    GT_CHECK(GtServerConnections() == connections);
}

#define GT_OP(name, before, run, after, never)                                      \
    static const GT_LOWRES_OP GtOp_##name = { #name, before, run, after, never };   \
    static VOID GtCase_##name(VOID) { GtSweep(&GtOp_##name); }

GT_OP(connect, GtNothing, GtRunConnect, GtAfterConnect, FALSE)
GT_OP(open, GtConnected, GtRunOpen, GtAfterOpen, FALSE)
GT_OP(read, GtOpened, GtRunRead, GtClosed, FALSE)
GT_OP(write, GtScratchOpened, GtRunWrite, GtClosed, FALSE)
GT_OP(close, GtOpened, GtRunClose, GtDisconnected, TRUE)
GT_OP(disconnect, GtConnected, GtRunDisconnect, GtAfterDisconnect, FALSE)
GT_OP(define, GtConnected, GtRunDefine, GtAfterDefine, FALSE)
GT_OP(remove, GtDefined, GtRunRemove, GtAfterRemove, FALSE)

/* The first case: a handle to the redirector, a port to CSRSS, the
   server's answer to SAP in NWRDR's cache, the System process's NWRDR
   context made, and the bytes a read must give (all before any sweep, so
   that a sweep's allocations are its operation's own). */
static VOID GtSetUp(VOID)
{
    STRING port = { sizeof(CSR_API_PORT_NAME) - 1, sizeof(CSR_API_PORT_NAME) - 1,
                    (PCHAR)CSR_API_PORT_NAME };

    if (GtNoRedirector())
        return;
    GT_CHECK(GtOpen(NWR_DEVICE_NAME, FILE_OPEN, &GtRdr) == STATUS_SUCCESS);
    GT_CHECK(ZwConnectPort(&GtPort, &port, NULL, NULL) == STATUS_SUCCESS);
    GtOpened();
    GT_CHECK(GtTransfer(FALSE) == STATUS_SUCCESS);
    memcpy(GtReference, GtBuffer, sizeof(GtReference));
    GtClosed(STATUS_SUCCESS);
}

/* The last: NWRDR stopped and started (the System process's context
   goes), the handles closed, and a fresh CSRSS, as boot started it (its
   pool of server threads grew to serve the sweep); the sites failed. */
static VOID GtTearDown(VOID)
{
    if (GtNoRedirector())
        return;
    GT_CHECK(GtFsctl(FSCTL_NWR_STOP, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    GT_CHECK(GtFsctl(FSCTL_NWR_START, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    GT_CHECK(NtClose(GtRdr) == STATUS_SUCCESS);
    GT_CHECK(NtClose(GtPort) == STATUS_SUCCESS);
    GT_CHECK(ExStopCsrss() == STATUS_SUCCESS);
    GT_CHECK(ExStartCsrss() == STATUS_SUCCESS);
    printf("# lowres: %lu allocations failed, at %lu sites (allocator and caller)\n",
           (unsigned long)GtInjected, (unsigned long)GtSiteCount);
}

static const GT_CASE GtLowResCases[] = {
    { "set_up", GtSetUp },
    { "connect", GtCase_connect },
    { "open", GtCase_open },
    { "read", GtCase_read },
    { "write", GtCase_write },
    { "close", GtCase_close },
    { "disconnect", GtCase_disconnect },
    { "define_dos_device", GtCase_define },
    { "remove_dos_device", GtCase_remove },
    { "tear_down", GtTearDown },
};

const GT_SUITE GtLowResSuite = GT_SUITE_ENTRY("lowres",
                                              "low-resource simulation: every allocation of "
                                              "NWRDR's and the drive table's calls failed in turn",
                                              GtLowResCases);
