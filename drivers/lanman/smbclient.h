/*
 * smbclient.h - the SMB client the LanMan redirector is built on: SMB
 * direct hosting over IPX (docs/SMBSERV.md), connections to an NT server
 * over an IPX socket of their own, one request on the wire per
 * connection, any number of connections (and threads) at once. The model
 * is the NCP client's (ncpclient.h); the messages are smbwire.h's.
 *
 * smbclient.c: names, connections and the exchange.
 *   SmbFindServer        NMPI: a "who has NAME<20>?" broadcast to socket
 *                        0x0551; the answer's source is the server, whose
 *                        SMB socket is 0x0550. STATUS_BAD_NETWORK_PATH when
 *                        nobody holds the name
 *   SmbConnect           a fresh dynamic IPX socket and NEGOTIATE, offering
 *                        the core dialect and LANMAN1.0; the Key and Sid the
 *                        server gives go into every later request.
 *                        STATUS_BAD_NETWORK_PATH when the server is silent,
 *                        STATUS_NOT_SUPPORTED when it accepts neither dialect
 *   SmbTransact          one request: Key, Sid, SequenceNumber, Uid, Pid and
 *                        Mid filled in (Tid is the caller's), retransmitted
 *                        with the same sequence number after SMB_RETRY_MS of
 *                        kernel time (SMB_MAX_TRIES in all; the server
 *                        answers a retransmission from its cache); the reply
 *                        decoded into Reply (its data points into the
 *                        connection's buffer: valid until the next call) and
 *                        its error class and code as SmbErrorToStatus says
 *   SmbAbandon           dead at once (a server that went silent)
 *   SmbDisconnect        the socket closed, the connection freed; nothing is
 *                        sent (direct hosting has no circuit to take down:
 *                        LOGOFF_ANDX and TREE_DISCONNECT are the caller's)
 *   (smbserv's control reset is ncpserv's message: NcpResetServer, sent
 *   from a dynamic socket, since tshark reads 0x0552 as SMB)
 *   SmbQueryServer, SmbQueryStatistics
 * smbcalls.c: one function per SMB command the redirector needs (below).
 *
 * A connection's IPX socket is a kernel handle (OBJ_KERNEL_HANDLE, every
 * call in its Zw form): the client works for itself, in whichever
 * process's context it is called, and no process's exit closes it. Calls on
 * one connection are serialized by its mutex (direct hosting allows one
 * outstanding request per connection: the sequence number says which);
 * calls on different connections proceed at once. Every call is bounded:
 * a silent server ends a request in STATUS_IO_TIMEOUT after SMB_MAX_TRIES *
 * SMB_RETRY_MS, and the connection is dead from then on (whether the server
 * ran the request is unknown, so no sequence number can follow it): every
 * later call is STATUS_CONNECTION_DISCONNECTED.
 */
#ifndef SMBCLIENT_H
#define SMBCLIENT_H

#include "ntdef.h"
#include "drivers/ipx/ipx.h"
#include "drivers/lanman/smbwire.h"
#include "drivers/nwrdr/ncpwire.h"

#define SMB_RETRY_MS        250
#define SMB_MAX_TRIES       6
#define SMB_NAME_WAIT_MS    1000
#define SMB_MAX_IO          1024    /* READ's and WRITE's bytes per request */
#define SMB_SEARCH_BATCH    8       /* SEARCH's entries per request */

typedef struct _SMB_CONNECTION SMB_CONNECTION, *PSMB_CONNECTION;

/* What NEGOTIATE agreed. */
typedef struct _SMB_SERVER_INFO {
    CHAR Dialect[SMB_DIALECT_LENGTH + 1];
    USHORT SecurityMode;            /* SMB_SECURITY_*; 0 under the core dialect */
    USHORT MaxBufferSize;
    ULONG SessionKey;
} SMB_SERVER_INFO, *PSMB_SERVER_INFO;

typedef struct _SMB_CLIENT_STATISTICS {
    ULONG Requests, Retransmissions, StrayReplies;
} SMB_CLIENT_STATISTICS, *PSMB_CLIENT_STATISTICS;

NTSTATUS SmbFindServer(PCSTR Name, PIPX_ADDRESS Server);
NTSTATUS SmbConnect(const IPX_ADDRESS *Server, PSMB_CONNECTION *Connection);
NTSTATUS SmbTransact(PSMB_CONNECTION Connection, PSMB_REQUEST Request, PSMB_REPLY Reply);
VOID SmbAbandon(PSMB_CONNECTION Connection);
VOID SmbDisconnect(PSMB_CONNECTION Connection);
VOID SmbQueryServer(PSMB_CONNECTION Connection, PSMB_SERVER_INFO Info);
VOID SmbQueryStatistics(PSMB_CONNECTION Connection, PSMB_CLIENT_STATISTICS Statistics);

/*
 * smbcalls.c. Names are DOS's 8.3, relative to the tree ("\\MAILDATA\\X.GLB");
 * Tid is a tree's, from SmbTreeConnect. Times are seconds since 1970.
 * Statuses come from SmbErrorToStatus's table (docs/SMBSERV.md lists it):
 *   SmbSessionSetup      plain text, as the server's security mode without
 *                        SMB_SECURITY_ENCRYPT asks (STATUS_NOT_SUPPORTED
 *                        when it asks for the challenge/response instead);
 *                        STATUS_WRONG_PASSWORD for a wrong password and an
 *                        unknown account alike; *Guest when the server
 *                        logged the session on as its guest. The Uid it gives
 *                        goes into every later request, until SmbLogoff
 *   SmbTreeConnect       "\\\\SERVER\\SHARE": STATUS_BAD_NETWORK_NAME for a
 *                        share the server does not have
 *   SmbOpen              OPEN_ANDX with an open function (SMB_OPEN_*);
 *                        SmbCreate is CREATE (an existing file emptied),
 *                        SmbCreateNew CREATE_NEW (STATUS_OBJECT_NAME_COLLISION
 *                        when the name exists)
 *   SmbRead              at most SMB_MAX_IO bytes; *Read 0 at the end
 *   SmbWrite             at most SMB_MAX_IO bytes, all of them or an error;
 *                        SmbSetFileSize is a WRITE of 0 bytes, the end of
 *                        file at Size
 *   SmbSearchNext        one entry at a time, SMB_SEARCH_BATCH fetched per
 *                        SEARCH and the last one's resume key sent for the
 *                        next; STATUS_NO_MORE_FILES at the end
 */
typedef struct _SMB_FILE_INFO {
    USHORT Fid;                     /* opens only */
    USHORT Attributes;              /* SMB_ATTR_* */
    ULONG LastWriteTime;
    ULONG Size;
    USHORT Action;                  /* OPEN_ANDX: SMB_ACTION_* */
} SMB_FILE_INFO, *PSMB_FILE_INFO;

typedef struct _SMB_DISK_INFO {
    USHORT TotalUnits, BlocksPerUnit, BlockSize, FreeUnits;
} SMB_DISK_INFO, *PSMB_DISK_INFO;

/* A directory search: SmbSearchInit, then SmbSearchNext until
   STATUS_NO_MORE_FILES. The server keeps nothing for it beyond the reply. */
typedef struct _SMB_SEARCH {
    USHORT Tid, Attributes;
    CHAR Pattern[SMB_MAX_PATH + 1];
    BOOLEAN Started, Ended;
    SMB_RESUME_KEY ResumeKey;       /* the last entry's, once Started */
    ULONG Count, Next;              /* entries held, the next to give */
    UCHAR Entries[SMB_SEARCH_BATCH][SMB_DIRECTORY_ENTRY_LENGTH];
} SMB_SEARCH, *PSMB_SEARCH;

NTSTATUS SmbSessionSetup(PSMB_CONNECTION c, PCSTR Account, PCSTR Password, PBOOLEAN Guest);
NTSTATUS SmbLogoff(PSMB_CONNECTION c);
NTSTATUS SmbTreeConnect(PSMB_CONNECTION c, PCSTR Path, PUSHORT Tid);
NTSTATUS SmbTreeDisconnect(PSMB_CONNECTION c, USHORT Tid);
NTSTATUS SmbOpen(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Access,
                 USHORT OpenFunction, PSMB_FILE_INFO Info);
NTSTATUS SmbCreate(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes,
                   PUSHORT Fid);
NTSTATUS SmbCreateNew(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes,
                      PUSHORT Fid);
NTSTATUS SmbRead(PSMB_CONNECTION c, USHORT Tid, USHORT Fid, ULONG Offset, PVOID Buffer,
                 USHORT Count, PUSHORT Read);
NTSTATUS SmbWrite(PSMB_CONNECTION c, USHORT Tid, USHORT Fid, ULONG Offset, const VOID *Data,
                  USHORT Count);
NTSTATUS SmbSetFileSize(PSMB_CONNECTION c, USHORT Tid, USHORT Fid, ULONG Size);
NTSTATUS SmbFlush(PSMB_CONNECTION c, USHORT Tid, USHORT Fid);
NTSTATUS SmbClose(PSMB_CONNECTION c, USHORT Tid, USHORT Fid);
NTSTATUS SmbQueryInformation(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, PSMB_FILE_INFO Info);
NTSTATUS SmbSetInformation(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes,
                           ULONG LastWriteTime);
NTSTATUS SmbQueryDisk(PSMB_CONNECTION c, USHORT Tid, PSMB_DISK_INFO Info);
NTSTATUS SmbCheckDirectory(PSMB_CONNECTION c, USHORT Tid, PCSTR Path);
NTSTATUS SmbCreateDirectory(PSMB_CONNECTION c, USHORT Tid, PCSTR Path);
NTSTATUS SmbDeleteDirectory(PSMB_CONNECTION c, USHORT Tid, PCSTR Path);
NTSTATUS SmbDelete(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, USHORT Attributes);
NTSTATUS SmbRename(PSMB_CONNECTION c, USHORT Tid, PCSTR Name, PCSTR NewName);
NTSTATUS SmbSearchInit(PSMB_SEARCH Search, USHORT Tid, PCSTR Pattern, USHORT Attributes);
NTSTATUS SmbSearchNext(PSMB_CONNECTION c, PSMB_SEARCH Search, PSMB_DIRECTORY_ENTRY Entry);

#endif
