/*
 * gtnet.c - what the suites that run over NWRDR on the wire share: the
 * skip when there is no card (and so no redirector), the count of
 * ncpserv's connections as the server itself reports it, and a fresh
 * CSRSS with no drive letter left.
 */
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
