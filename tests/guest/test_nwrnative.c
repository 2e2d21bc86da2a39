/*
 * test_nwrnative.c - cases of the guest suite `nwrdr` (test_nwrdr.c lists
 * them) that use NWRDR as kernel-mode code does, through the native calls,
 * each from a process of its own (system threads only): its NWRDR context
 * is its own, and ends with it, as a program's does.
 *
 *   dead_connection  the server ends the connection under an open file
 *                    (Clear Connection Number, FCONSOLE's): the next read
 *                    fails with STATUS_CONNECTION_DISCONNECTED as soon as
 *                    the answer's status says so, every later one before
 *                    the wire. The letter, deleted (forced: the file is
 *                    open) and connected again, is a new connection beside
 *                    the dead one, its server found in the SAP cache, and
 *                    reads the file whole; the dead open fails still.
 *   forced_delete    K: deleted by the FSCTL with Force while a file is
 *                    open: the open's reads fail with
 *                    STATUS_CONNECTION_DISCONNECTED, the server keeps the
 *                    NCP connection until the open's close ends it. Then
 *                    the same through WNetCancelConnection2A(X:, 0, TRUE)
 *                    in a process (tests/user/nwtest.c's force).
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"

#define GT_K        NWR_DEVICE_NAME "\\;K:\\NWSERVER\\SYS"
#define GT_SAMPLE   GT_K "\\PUBLIC\\SAMPLE.DAT"
#define GT_PIECE    512

static NWR_STATISTICS GtStats(VOID)
{
    NWR_STATISTICS s;

    NwrQueryStatistics(&s);
    return s;
}

/* Runs Routine in a process made for it (system threads only) and waits
   for the process's end: NWRDR has ended its context by then. */
static VOID GtInProcess(PCSTR Name, PKSTART_ROUTINE Routine)
{
    static const LUID system = { 0x3E7, 0 };
    PEPROCESS p;
    PETHREAD t;
    NTSTATUS status = PsCreateProcess(Name, "SYSTEM", system, &p);

    GT_CHECK(status == STATUS_SUCCESS);
    if (!NT_SUCCESS(status))
        return;
    status = PsCreateSystemThread(p, Name, Routine, NULL, &t);
    GT_CHECK(status == STATUS_SUCCESS);
    if (NT_SUCCESS(status)) {
        KeWaitForSingleObject(&p->Pcb.Header, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(t);
    }
    ObDereferenceObject(p);
}

/* \Device\NwRdr opened, and K: tied to NWSERVER\SYS in this process. */
static BOOLEAN GtConnectK(PHANDLE Rdr)
{
    NTSTATUS status = GtNwrOpen(NWR_DEVICE_NAME, FILE_OPEN, 0, Rdr, NULL);

    if (NT_SUCCESS(status))
        status = GtNwrConnect(*Rdr, GT_K);
    GT_CHECK(status == STATUS_SUCCESS);
    return NT_SUCCESS(status);
}

static NTSTATUS GtDeleteK(HANDLE Rdr, BOOLEAN Force)
{
    NWR_DISCONNECT_REQUEST d = { "K:", Force };
    CHAR target[NWR_MAX_TARGET];

    return GtNwrFsctl(Rdr, FSCTL_NWR_DELETE_CONNECTION, &d, sizeof(d), target, sizeof(target));
}

/* The server's number of this process's connection for K: (0: no K:). */
static USHORT GtConnectionOfK(HANDLE Rdr)
{
    UCHAR listing[sizeof(NWR_CONNECTION_LIST) + sizeof(NWR_CONNECTION_INFO)];
    PNWR_CONNECTION_LIST list = (PNWR_CONNECTION_LIST)listing;

    if (GtNwrFsctl(Rdr, FSCTL_NWR_ENUM_CONNECTIONS, NULL, 0, list, sizeof(listing)) !=
        STATUS_SUCCESS || list->Count != 1)
        return 0;
    return list->Entries[0].ConnectionNumber;
}

/* A read that waits for its end (no event): its final status. */
static NTSTATUS GtRead(HANDLE File, PVOID Buffer, ULONG Length, LONG64 Offset, PULONG Done)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtReadFile(File, NULL, NULL, NULL, &iosb, Buffer, Length, &Offset, NULL);

    *Done = (ULONG)iosb.Information;
    return status;
}

/* The whole of File, from its start, in reads of an odd size: its size and
   FNV-1a, as the harness hashes the host's copy. */
static NTSTATUS GtHashFile(HANDLE File, PULONG Size, PULONG Hash)
{
    static UCHAR buffer[777];
    NTSTATUS status;
    ULONG done;

    *Size = 0;
    *Hash = 2166136261u;
    while ((status = GtRead(File, buffer, sizeof(buffer), *Size, &done)) == STATUS_SUCCESS) {
        for (ULONG i = 0; i < done; i++)
            *Hash = (*Hash ^ buffer[i]) * 16777619u;
        *Size += done;
    }
    return status == STATUS_END_OF_FILE ? STATUS_SUCCESS : status;
}

/* --------------------------------------------------------- dead_connection */

/* What an administrator does with FCONSOLE: the server ends connection
   Number, asked from a SUPERVISOR connection of our own. */
static NTSTATUS GtClearConnection(USHORT Number)
{
    SAP_ENTRY server;
    PNCP_CONNECTION c;
    NTSTATUS status = NcpFindServer(NULL, &server);

    if (NT_SUCCESS(status))
        status = NcpConnect(&server.Address, 0, &c);
    if (!NT_SUCCESS(status))
        return status;
    status = NcpLogin(c, "SUPERVISOR", "SECRET");
    if (NT_SUCCESS(status))
        status = NcpClearConnection(c, Number);
    NcpDisconnect(c);
    return status;
}

/* The open's next read meets the server's answer (no such connection);
   every one after it fails before NWRDR posts it. */
static VOID GtReadsOnTheDead(HANDLE Open)
{
    static UCHAR buffer[GT_PIECE];
    IO_STATUS_BLOCK iosb;
    LONG64 start = KeQueryKernelTime(), zero = 0;
    ULONG done, ms, reads;
    HANDLE event;
    NTSTATUS status = GtRead(Open, buffer, sizeof(buffer), 0, &done);

    ms = (ULONG)((KeQueryKernelTime() - start) / KTIME_PER_MS);
    printf("# nwrdr: the read after the server ended the connection: 0x%08lx in %lu ms\n",
           (unsigned long)status, (unsigned long)ms);
    /* the answer's status, not the client's time-out (which would be
       STATUS_UNEXPECTED_NETWORK_ERROR after NCP_MAX_TRIES tries) */
    GT_CHECK(status == STATUS_CONNECTION_DISCONNECTED && ms < NCP_MAX_TRIES * NCP_RETRY_MS);
    reads = GtStats().Reads;
    GT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    GT_CHECK(NtReadFile(Open, event, NULL, NULL, &iosb, buffer, sizeof(buffer), &zero, NULL) ==
             STATUS_CONNECTION_DISCONNECTED);
    GT_CHECK(GtStats().Reads == reads);
    NtClose(event);
}

/* K: deleted and connected again while the dead open holds the old
   connection: a second server connection in this context, the server
   found through the SAP cache (asked within its minute). */
static VOID GtReconnect(HANDLE Rdr)
{
    NWR_STATISTICS before;

    GT_CHECK(GtDeleteK(Rdr, FALSE) == STATUS_FILES_OPEN);
    GT_CHECK(GtDeleteK(Rdr, TRUE) == STATUS_SUCCESS);
    before = GtStats();
    GT_CHECK(GtNwrConnect(Rdr, GT_K) == STATUS_SUCCESS);
    GT_CHECK(GtStats().Servers == before.Servers + 1);
    GT_CHECK(GtStats().SapQueries == before.SapQueries &&
             GtStats().SapCacheHits == before.SapCacheHits + 1);
}

/* The server ends K:'s connection under Old; K: made again beside it;
   then Old closed. */
static VOID GtDeadConnectionOf(HANDLE Rdr, HANDLE Old)
{
    static UCHAR buffer[GT_PIECE];
    ULONG done = 0, size = 0, hash = 0;
    USHORT number = GtConnectionOfK(Rdr);
    HANDLE fresh;

    GT_CHECK(number != 0 && GtClearConnection(number) == STATUS_SUCCESS);
    GtReadsOnTheDead(Old);
    GtReconnect(Rdr);
    if (GtNwrOpen(GT_SAMPLE, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &fresh, NULL) == STATUS_SUCCESS) {
        GT_CHECK(GtHashFile(fresh, &size, &hash) == STATUS_SUCCESS);
        NtClose(fresh);
    }
    printf("# nwrdr: connection %u ended by the server; K: again: SAMPLE.DAT %lu bytes "
           "fnv1a %08lx\n", number, (unsigned long)size, (unsigned long)hash);
    GT_CHECK(GtRead(Old, buffer, sizeof(buffer), 0, &done) == STATUS_CONNECTION_DISCONNECTED);
    NtClose(Old);
}

/* This process's K:, with SAMPLE.DAT open on it and its first piece read
   when Work runs; Work closes that open. */
static VOID GtWithOpenSample(VOID (*Work)(HANDLE Rdr, HANDLE Open))
{
    static UCHAR buffer[GT_PIECE];
    ULONG done = 0;
    HANDLE rdr, open;
    NTSTATUS status;

    if (!GtConnectK(&rdr))
        return;
    status = GtNwrOpen(GT_SAMPLE, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &open, NULL);
    GT_CHECK(status == STATUS_SUCCESS);
    if (NT_SUCCESS(status)) {
        GT_CHECK(GtRead(open, buffer, sizeof(buffer), 0, &done) == STATUS_SUCCESS &&
                 done == GT_PIECE);
        Work(rdr, open);
    }
    GtDeleteK(rdr, FALSE);
    NtClose(rdr);
}

static VOID GtDeadConnectionIn(PVOID Context)
{
    GtWithOpenSample(GtDeadConnectionOf);
}

VOID GtNwrDeadConnection(VOID)
{
    ULONG before, ended;

    if (GtNoRedirector())
        return;
    before = GtServerConnections();
    ended = GtStats().ServersEnded;
    GtInProcess("deadconn", GtDeadConnectionIn);
    GT_CHECK(GtServerConnections() == before && GtStats().ServersEnded == ended + 2);
    GtNwrCheckIdle("after the dead connection");
}

/* ----------------------------------------------------------- forced_delete */

/* K: deleted by force under Open, then Open closed. */
static VOID GtForcedDeleteOf(HANDLE Rdr, HANDLE Open)
{
    static UCHAR buffer[GT_PIECE];
    CHAR remote[NWR_MAX_TARGET];
    FILE_FS_SIZE_INFORMATION size;
    IO_STATUS_BLOCK iosb;
    ULONG done = 0, held = GtServerConnections(), ended = GtStats().ServersEnded;
    USHORT number = GtConnectionOfK(Rdr);

    GT_CHECK(GtDeleteK(Rdr, FALSE) == STATUS_FILES_OPEN);
    GT_CHECK(GtDeleteK(Rdr, TRUE) == STATUS_SUCCESS);
    GT_CHECK(GtNwrFsctl(Rdr, FSCTL_NWR_GET_CONNECTION, "K:", 3, remote, sizeof(remote)) ==
             STATUS_OBJECT_NAME_NOT_FOUND && GtConnectionOfK(Rdr) == 0);
    GT_CHECK(GtRead(Open, buffer, sizeof(buffer), 0, &done) == STATUS_CONNECTION_DISCONNECTED);
    GT_CHECK(NtQueryVolumeInformationFile(Open, &iosb, &size, sizeof(size),
                                          FileFsSizeInformation) ==
             STATUS_CONNECTION_DISCONNECTED);
    /* the open holds the NCP connection, on the server too, until its close */
    GT_CHECK(GtServerConnections() == held && GtStats().Servers == 1);
    NtClose(Open);
    GT_CHECK(GtServerConnections() == held - 1 && GtStats().Servers == 0 &&
             GtStats().ServersEnded == ended + 1);
    printf("# nwrdr: K: deleted with a file open; connection %u ended at the file's close\n",
           number);
}

static VOID GtForcedDeleteIn(PVOID Context)
{
    GtWithOpenSample(GtForcedDeleteOf);
}

VOID GtNwrForcedDelete(VOID)
{
    ULONG before, ended;

    if (GtNoRedirector())
        return;
    GtInProcess("forcer", GtForcedDeleteIn);
    GtNwrCheckIdle("after the forced delete");
    before = GtServerConnections();
    ended = GtStats().ServersEnded;
    GT_CHECK(GtWaitProcess(GtStartProcess("nwtest force X: \\\\NWSERVER\\SYS SUPERVISOR SECRET")) ==
             0);
    GT_CHECK(GtServerConnections() == before && GtStats().ServersEnded == ended + 1);
    GtNwrCheckIdle("after WNet's forced cancel");
}
