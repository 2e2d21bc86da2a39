/*
 * gtnet.c - what the suites that run over NWRDR on the wire share: the
 * skip when there is no card (and so no redirector), the count of
 * ncpserv's connections as the server itself reports it, a fresh CSRSS
 * with no drive letter left, NWRDR holding nothing, and the native calls
 * the kernel-mode cases open and control the redirector with.
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "tests/guest/gtest.h"
#include "drivers/nwrdr/nwrdrp.h"

/* TRUE (and a SKIP said) when NWRDR is not running: it starts only with a
   network card. */
BOOLEAN GtNoRedirector(VOID)
{
    return GtSkipWithoutDevice(NWR_DEVICE_NAME, "NWRDR is not running (a network card starts it)");
}

/* How many connections the server has, seen from a connection of our own. */
ULONG GtServerConnections(VOID)
{
    SAP_ENTRY server;
    PNCP_CONNECTION c;
    NCP_SERVER_INFO info;
    ULONG n = ~0u;

    if (!NT_SUCCESS(NcpFindServer(NULL, &server)) ||
        !NT_SUCCESS(NcpConnect(&server.Address, 0, &c)))
        return n;
    if (NT_SUCCESS(NcpGetServerInfo(c, &info)))
        n = info.ConnectionsInUse - 1;
    NcpDisconnect(c);
    return n;
}

/* A fresh CSRSS, and no drive letter left: what a case that ended a
   process with a drive connected (its link stays, as on NT) leaves for
   the next. CSRSS's pool of server threads grows with the load; a fresh
   one is what boot started. */
VOID GtResetCsrss(VOID)
{
    GT_CHECK(ExStopCsrss() == STATUS_SUCCESS);
    ExRemoveDriveLetters();
    GT_CHECK(ExStartCsrss() == STATUS_SUCCESS);
}

/* NWRDR holds nothing: what every case of the nwrdr suite leaves. */
VOID GtNwrCheckIdle(PCSTR When)
{
    NWR_STATISTICS s;

    NwrQueryStatistics(&s);
    printf("# nwrdr %s: contexts %lu, servers %lu (ended %lu), ties %lu, opens %lu, "
           "reads %lu, writes %lu, cancelled %lu, SAP %lu (cached %lu)\n", When,
           (unsigned long)s.Contexts, (unsigned long)s.Servers, (unsigned long)s.ServersEnded,
           (unsigned long)s.Ties, (unsigned long)s.Opens, (unsigned long)s.Reads,
           (unsigned long)s.Writes, (unsigned long)s.Cancelled, (unsigned long)s.SapQueries,
           (unsigned long)s.SapCacheHits);
    GT_CHECK(s.Contexts == 0 && s.Servers == 0 && s.Ties == 0 && s.Opens == 0);
}

/* One FSCTL on a handle to the redirector; the status. */
NTSTATUS GtNwrFsctl(HANDLE Rdr, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                    ULONG OutLength)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtFsControlFile(Rdr, NULL, NULL, NULL, &iosb, Code, In, InLength, Out,
                                      OutLength);

    return NT_SUCCESS(status) ? iosb.Status : status;
}

/* NtCreateFile of Name with every access; *Information (when asked) is
   what the open did. Without FILE_SYNCHRONOUS_IO: a read or write with an
   event returns at once, one without waits for its end. */
NTSTATUS GtNwrOpen(PCSTR Name, ULONG Disposition, ULONG Options, PHANDLE Handle,
                   ULONG_PTR *Information)
{
    STRING name = { (USHORT)strlen(Name), (USHORT)strlen(Name), (PCHAR)Name };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    status = NtCreateFile(Handle, FILE_ALL_ACCESS, &oa, &iosb, Disposition, Options);
    if (Information != NULL)
        *Information = iosb.Information;
    return status;
}

/* Ties Target (\Device\NwRdr\;X:\SERVER\VOLUME) in the caller's context,
   logged in as SUPERVISOR. */
NTSTATUS GtNwrConnect(HANDLE Rdr, PCSTR Target)
{
    NWR_CONNECT_REQUEST r;

    memset(&r, 0, sizeof(r));
    strcpy(r.Target, Target);
    strcpy(r.UserName, "SUPERVISOR");
    strcpy(r.Password, "SECRET");
    return GtNwrFsctl(Rdr, FSCTL_NWR_CREATE_CONNECTION, &r, sizeof(r), NULL, 0);
}
