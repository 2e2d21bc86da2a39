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
UCHAR NcpConnectionTask(PNCP_CONNECTION Connection);
UCHAR NcpConnectionStatus(PNCP_CONNECTION Connection);
VOID NcpSetTask(PNCP_CONNECTION Connection, UCHAR Task);
VOID NcpQueryStatistics(PNCP_CONNECTION Connection, PNCP_CLIENT_STATISTICS Statistics);

/*
 * ncpcalls.c. Names are NetWare's (upper-case 8.3, '\\' or '/' between
 * directories; Name may carry a path relative to Dir or start with a
 * volume, "SYS:PUBLIC\\X.TXT"); file handles are NCP's 6 bytes. Statuses
 * come from NcpMapCompletion's table, with these refinements:
 *   NcpLogin             the keyed login of NetWare 3.x clients (0x17/0x35,
 *                        0x17/0x17, 0x17/0x18; the password hashed with
 *                        nwcrypt, never sent): STATUS_NO_SUCH_USER (0xFC),
 *                        STATUS_WRONG_PASSWORD (0xDE, or 0xFF from servers
 *                        that answer so), STATUS_ACCOUNT_LOCKED_OUT (0xC5,
 *                        intruder detection); STATUS_NOT_SUPPORTED when the
 *                        server has no keyed login (0xFB), where the caller
 *                        may try NcpLoginUnencrypted
 *   NcpLoginUnencrypted  0x17/0x14: STATUS_LOGON_FAILURE when the server
 *                        refuses unencrypted passwords (0xD6, NetWare 3.x's
 *                        default), else as NcpLogin
 *   NcpCreateNewFile     STATUS_OBJECT_NAME_COLLISION when the name exists
 *   NcpCreateDirectory   the same; NcpDeleteDirectory: STATUS_DIRECTORY_NOT_EMPTY,
 *                        STATUS_SHARING_VIOLATION (in use by another
 *                        connection), STATUS_OBJECT_PATH_NOT_FOUND
 *   NcpRenameFile        STATUS_OBJECT_NAME_COLLISION (the new name exists),
 *                        STATUS_NOT_SAME_DEVICE (another volume),
 *                        STATUS_NO_SUCH_FILE, STATUS_SHARING_VIOLATION (open
 *                        on another connection)
 *   NcpSearchNext        STATUS_NO_MORE_FILES at the end
 *   NcpClearConnection   0x17/0xD2, FCONSOLE's: STATUS_ACCESS_DENIED for
 *                        a caller who is no console operator (0xC6),
 *                        STATUS_INVALID_PARAMETER for a number not in use
 *                        (0xFD); the tests end a connection with it
 * The create dispositions map onto NcpOpenFile (0x4C: open), NcpCreateNewFile
 * (0x4D: create), NcpCreateFile (0x43: overwrite-if and supersede; an
 * existing file is emptied); open-if is 0x4C, then 0x4D on
 * STATUS_NO_SUCH_FILE; overwrite is 0x4C, then NcpSetFileSize(0).
 * NcpSetFileSize is a zero-length write at the new size, which NetWare
 * takes as the end of file (shorter or longer). A file's information by
 * name is NcpScanFileInfo (0x17/0x0F, one exchange, no search state on the
 * server); a directory's, NcpSearchInit/NcpSearchNext with its exact name
 * and NCP_ATTR_DIRECTORY.
 */
NTSTATUS NcpNegotiateBuffer(PNCP_CONNECTION c, USHORT Proposed, PUSHORT Accepted);
NTSTATUS NcpGetServerInfo(PNCP_CONNECTION c, PNCP_SERVER_INFO Info);
NTSTATUS NcpGetBinderyObjectId(PNCP_CONNECTION c, USHORT ObjectType, PCSTR Name,
                               PULONG ObjectId);
NTSTATUS NcpGetLoginKey(PNCP_CONNECTION c, UCHAR Key[NCP_LOGIN_KEY_LENGTH]);
NTSTATUS NcpLogin(PNCP_CONNECTION c, PCSTR User, PCSTR Password);
NTSTATUS NcpLoginUnencrypted(PNCP_CONNECTION c, PCSTR User, PCSTR Password);
NTSTATUS NcpLogout(PNCP_CONNECTION c);
NTSTATUS NcpClearConnection(PNCP_CONNECTION c, USHORT Number);
NTSTATUS NcpGetVolumeNumber(PNCP_CONNECTION c, PCSTR Volume, PUCHAR Number);
NTSTATUS NcpGetVolumeInfo(PNCP_CONNECTION c, UCHAR Volume, PNCP_VOLUME_INFO Info);
NTSTATUS NcpAllocDirHandle(PNCP_CONNECTION c, BOOLEAN Permanent, UCHAR Source, PCSTR Path,
                           PUCHAR Handle);
NTSTATUS NcpDeallocDirHandle(PNCP_CONNECTION c, UCHAR Handle);
NTSTATUS NcpOpenFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, UCHAR Access,
                     PNCP_FILE_INFO Info);
NTSTATUS NcpCreateFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_INFO Info);
NTSTATUS NcpCreateNewFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_INFO Info);
NTSTATUS NcpReadFile(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Offset, PVOID Buffer,
                     USHORT Count, PUSHORT Read);
NTSTATUS NcpWriteFile(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Offset, const VOID *Data,
                      USHORT Count);
NTSTATUS NcpGetFileSize(PNCP_CONNECTION c, const UCHAR Handle[6], PULONG Size);
NTSTATUS NcpSetFileSize(PNCP_CONNECTION c, const UCHAR Handle[6], ULONG Size);
NTSTATUS NcpCommitFile(PNCP_CONNECTION c, const UCHAR Handle[6]);
NTSTATUS NcpCloseFile(PNCP_CONNECTION c, const UCHAR Handle[6]);
NTSTATUS NcpEraseFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name);
NTSTATUS NcpRenameFile(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, UCHAR NewDir,
                       PCSTR NewName);
NTSTATUS NcpCreateDirectory(PNCP_CONNECTION c, UCHAR Dir, PCSTR Path);
NTSTATUS NcpDeleteDirectory(PNCP_CONNECTION c, UCHAR Dir, PCSTR Path);
NTSTATUS NcpScanFileInfo(PNCP_CONNECTION c, UCHAR Dir, PCSTR Name, PNCP_FILE_ENTRY Entry);
/* A directory scan: Init once, then Next until STATUS_NO_MORE_FILES. */
typedef struct _NCP_SEARCH {
    UCHAR Volume;
    USHORT DirectoryId, Sequence;
} NCP_SEARCH, *PNCP_SEARCH;
NTSTATUS NcpSearchInit(PNCP_CONNECTION c, UCHAR Dir, PCSTR Path, PNCP_SEARCH Search);
NTSTATUS NcpSearchNext(PNCP_CONNECTION c, PNCP_SEARCH Search, UCHAR Attributes, PCSTR Pattern,
                       PNCP_SEARCH_ENTRY Entry);
NTSTATUS NcpEndOfJob(PNCP_CONNECTION c);

#endif
