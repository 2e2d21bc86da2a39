/*
 * ncpclient.h - the NCP client NWRDR is built on: connections to a
 * NetWare server over an IPX socket of their own, one request on the wire
 * per connection, any number of connections (and threads) at once.
 *
 * ncpclient.c: connections and the exchange.
 *   NcpOpenSocket        a dynamic IPX socket (each connection has its own)
 *   NcpFindServer        SAP Get Nearest Server (or a named one, general query)
 *   NcpFindRoute         RIP: the route to a network (IPX keeps the next hop)
 *   NcpConnect           0x1111 from a fresh dynamic IPX socket; Epoch is
 *                        carried to ncpserv (0: none) so that frames of an
 *                        earlier schedule cannot open a connection
 *   NcpShutdown          0x5555 (unless dead already); the connection is dead
 *                        from then on but still allocated
 *   NcpAbandon           dead at once, nothing sent (a server that went silent)
 *   NcpDisconnect        NcpShutdown, the socket closed, the connection freed
 *   NcpTransact          one request: sequence number and task filled in,
 *                        retransmitted with the same sequence after
 *                        NCP_RETRY_MS of kernel time (NCP_MAX_TRIES in
 *                        all), 0x9999 answered by waiting again; the reply
 *                        decoded into Reply (its data points into the
 *                        connection's buffer: valid until the next call)
 *   NcpMapCompletion     the one table: completion code -> NTSTATUS
 *   NcpResetServer       ncpserv's control reset (a new epoch), with the
 *                        harness's key
 * ncpcalls.c: one function per NCP call NWRDR needs (below).
 *
 * A connection's IPX socket is a kernel handle (OBJ_KERNEL_HANDLE, every
 * call in its Zw form): the client works for itself, in whichever
 * process's context it is called, and no process's exit closes it. Calls on one connection are serialized
 * by its mutex (NCP allows one outstanding request per connection); calls
 * on different connections proceed at once. Every call is bounded: a
 * silent server ends in STATUS_IO_TIMEOUT after NCP_MAX_TRIES *
 * NCP_RETRY_MS (plus at most NCP_MAX_BUSY waits of NCP_RETRY_MS). A reply
 * whose connection status says the connection is gone makes it dead:
 * every later call is STATUS_CONNECTION_DISCONNECTED.
 */
#ifndef NCPCLIENT_H
#define NCPCLIENT_H

#include "ntdef.h"
#include "drivers/ipx/ipx.h"
#include "drivers/nwrdr/ncpwire.h"

#define NCP_RETRY_MS        250
#define NCP_MAX_TRIES       6
#define NCP_MAX_BUSY        32
#define NCP_MAX_IO          1024    /* what the client negotiates */

typedef struct _NCP_CONNECTION NCP_CONNECTION, *PNCP_CONNECTION;

typedef struct _NCP_CLIENT_STATISTICS {
    ULONG Requests, Retransmissions, BusyReplies, StrayReplies;
} NCP_CLIENT_STATISTICS, *PNCP_CLIENT_STATISTICS;

NTSTATUS NcpMapCompletion(UCHAR CompletionCode);
NTSTATUS NcpOpenSocket(PHANDLE Socket);
NTSTATUS NcpFindServer(PCSTR Name, PSAP_ENTRY Server);
NTSTATUS NcpFindRoute(ULONG Network, PRIP_ENTRY Route);
NTSTATUS NcpConnect(const IPX_ADDRESS *Server, ULONG Epoch, PNCP_CONNECTION *Connection);
NTSTATUS NcpShutdown(PNCP_CONNECTION Connection);
VOID NcpAbandon(PNCP_CONNECTION Connection);
NTSTATUS NcpDisconnect(PNCP_CONNECTION Connection);
NTSTATUS NcpTransact(PNCP_CONNECTION Connection, PNCP_REQUEST Request, PNCP_REPLY Reply);
NTSTATUS NcpResetServer(const IPX_ADDRESS *Server, ULONG Epoch,
                        const UCHAR Key[NCP_CONTROL_KEY_LENGTH]);
USHORT NcpConnectionNumber(PNCP_CONNECTION Connection);
UCHAR NcpConnectionStatus(PNCP_CONNECTION Connection);
VOID NcpSetTask(PNCP_CONNECTION Connection, UCHAR Task);
VOID NcpQueryStatistics(PNCP_CONNECTION Connection, PNCP_CLIENT_STATISTICS Statistics);

/* ncpcalls.c. Names are NetWare's (upper-case 8.3, '\' or '/' between
   directories); file handles are NCP's 6 bytes. */
NTSTATUS NcpNegotiateBuffer(PNCP_CONNECTION c, USHORT Proposed, PUSHORT Accepted);
NTSTATUS NcpGetServerInfo(PNCP_CONNECTION c, PNCP_SERVER_INFO Info);
NTSTATUS NcpLogin(PNCP_CONNECTION c, PCSTR User, PCSTR Password);
NTSTATUS NcpGetVolumeNumber(PNCP_CONNECTION c, PCSTR Volume, PUCHAR Number);
NTSTATUS NcpAllocDirHandle(PNCP_CONNECTION c, BOOLEAN Permanent, UCHAR Source, PCSTR Path,
                           PUCHAR Handle);
NTSTATUS NcpDeallocDirHandle(PNCP_CONNECTION c, UCHAR Handle);
NTSTATUS NcpOpenFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, UCHAR Access,
                     PNCP_FILE_INFO Info);
NTSTATUS NcpCreateFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_INFO Info);
NTSTATUS NcpReadFile(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Offset, PVOID Buffer,
                     USHORT Count, PUSHORT Read);
NTSTATUS NcpWriteFile(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Offset, const VOID *Data,
                      USHORT Count);
NTSTATUS NcpCloseFile(PNCP_CONNECTION c, const UCHAR Handle[6]);
NTSTATUS NcpEraseFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name);
/* A directory scan: Init once, then Next until STATUS_NO_MORE_FILES. */
typedef struct _NCP_SEARCH {
    UCHAR Volume;
    USHORT DirectoryId, Sequence;
} NCP_SEARCH, *PNCP_SEARCH;
NTSTATUS NcpSearchInit(PNCP_CONNECTION c, UCHAR Dir, PCSTR Path, PNCP_SEARCH Search);
NTSTATUS NcpSearchNext(PNCP_CONNECTION c, PNCP_SEARCH Search, UCHAR Attributes, PCSTR Pattern,
                       PNCP_SEARCH_ENTRY Entry);
NTSTATUS NcpEndOfJob(PNCP_CONNECTION c);
NTSTATUS NcpLogout(PNCP_CONNECTION c);

#endif
