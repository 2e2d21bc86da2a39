/*
 * nwrdr.h - what NWRDR (the NetWare redirector, drivers/nwrdr) shares with
 * its callers: its device name, its file-system control codes and their
 * structures. The network provider (user/lib), CSRSS's drive audit and
 * the tests use these; nothing of user/ includes a driver header.
 *
 * Targets are whole redirector paths, NUL-terminated:
 * "\Device\NwRdr\;X:\SERVER\VOLUME". NWRDR keeps a user context per
 * process: a connection belongs to the process that made it, and another
 * process that uses it - opens under its ";X:" target, deletes it, asks
 * for its remote name - gets STATUS_ACCESS_DENIED. The process is the one
 * the request is made for: a server thread impersonating an LPC client
 * (CSRSS) counts as that client. Each FSCTL is sent on a handle to
 * \Device\NwRdr itself (METHOD_BUFFERED).
 *
 *   FSCTL_NWR_CREATE_CONNECTION  in: NWR_CONNECT_REQUEST. Finds SERVER
 *       (SAP), connects, logs in as UserName (empty: the caller's user
 *       name) and ties X: to VOLUME, in the caller's context.
 *       STATUS_OBJECT_NAME_COLLISION when the caller already has X:;
 *       STATUS_OBJECT_PATH_SYNTAX_BAD for a target that is not
 *       "\Device\NwRdr\;X:\SERVER\VOLUME"; STATUS_BAD_NETWORK_PATH when
 *       no server answers to SERVER; STATUS_BAD_NETWORK_NAME for an
 *       unknown VOLUME; STATUS_WRONG_PASSWORD, STATUS_NO_SUCH_USER,
 *       STATUS_ACCOUNT_LOCKED_OUT, STATUS_LOGON_FAILURE from the login.
 *   FSCTL_NWR_DELETE_CONNECTION  in: NWR_DISCONNECT_REQUEST; out: the
 *       deleted connection's target. STATUS_FILES_OPEN when files are
 *       open on it and Force is 0; STATUS_OBJECT_NAME_NOT_FOUND when no
 *       process has X:; STATUS_ACCESS_DENIED when only another has.
 *   FSCTL_NWR_GET_CONNECTION     in: "X:"; out: "\\SERVER\VOLUME" (for
 *       WNetGetConnection). As delete for a letter not the caller's.
 *   FSCTL_NWR_ENUM_CONNECTIONS   out: NWR_CONNECTION_LIST, the caller's
 *       connections (for `net use`); as many entries as fit, Count all.
 *   FSCTL_NWR_LOOKUP_CONNECTION  in: target; out: ULONG, the process whose
 *       live connection serves it. STATUS_OBJECT_NAME_NOT_FOUND when none.
 *       Any process may ask (CSRSS's drive audit does).
 *   FSCTL_NWR_QUERY_STATISTICS   out: NWR_STATISTICS.
 *   FSCTL_NWR_STOP, FSCTL_NWR_START  (the SYSTEM logon session only, else
 *       STATUS_ACCESS_DENIED): stop ends every context - queued reads and
 *       writes complete with STATUS_CANCELLED, every NCP connection is
 *       ended - and refuses new work with STATUS_REDIRECTOR_NOT_STARTED
 *       until start (Client Services for NetWare's stop and start).
 *
 * Opening "\Device\NwRdr\;X:\SERVER\VOLUME[\PATH]" succeeds only while the
 * caller's context has X: tied to SERVER\VOLUME: STATUS_ACCESS_DENIED when
 * only another process's context has, STATUS_BAD_NETWORK_NAME when none.
 */
#ifndef NWRDR_H
#define NWRDR_H

#include "ntio.h"

#define NWR_DEVICE_NAME     "\\Device\\NwRdr"
#define NWR_MAX_TARGET      128
#define NWR_MAX_USER        48
#define NWR_MAX_PASSWORD    128

#define NWR_FILE_DEVICE     0x14    /* FILE_DEVICE_NETWORK_FILE_SYSTEM */

#define NWR_FSCTL(f)    CTL_CODE(NWR_FILE_DEVICE, (f), METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_NWR_CREATE_CONNECTION     NWR_FSCTL(0x201)
#define FSCTL_NWR_DELETE_CONNECTION     NWR_FSCTL(0x202)
#define FSCTL_NWR_LOOKUP_CONNECTION     NWR_FSCTL(0x203)
#define FSCTL_NWR_GET_CONNECTION        NWR_FSCTL(0x204)
#define FSCTL_NWR_ENUM_CONNECTIONS      NWR_FSCTL(0x205)
#define FSCTL_NWR_QUERY_STATISTICS      NWR_FSCTL(0x206)
#define FSCTL_NWR_STOP                  NWR_FSCTL(0x207)
#define FSCTL_NWR_START                 NWR_FSCTL(0x208)

typedef struct _NWR_CONNECT_REQUEST {
    CHAR Target[NWR_MAX_TARGET];
    CHAR UserName[NWR_MAX_USER];        /* "": the caller's user name */
    CHAR Password[NWR_MAX_PASSWORD];
} NWR_CONNECT_REQUEST, *PNWR_CONNECT_REQUEST;

typedef struct _NWR_DISCONNECT_REQUEST {
    CHAR LocalName[4];                  /* "X:" */
    ULONG Force;                        /* delete even with files open */
} NWR_DISCONNECT_REQUEST, *PNWR_DISCONNECT_REQUEST;

typedef struct _NWR_CONNECTION_INFO {
    CHAR LocalName[4];                  /* "X:" */
    CHAR RemoteName[NWR_MAX_TARGET];    /* "\\SERVER\VOLUME" */
    CHAR UserName[NWR_MAX_USER];
    ULONG OpenFiles;
    USHORT ConnectionNumber;            /* the server's for this context */
    UCHAR Task;
    USHORT BufferSize;                  /* negotiated: the largest NCP read */
} NWR_CONNECTION_INFO, *PNWR_CONNECTION_INFO;

typedef struct _NWR_CONNECTION_LIST {
    ULONG Count;                        /* the caller's connections, all of them */
    NWR_CONNECTION_INFO Entries[];
} NWR_CONNECTION_LIST, *PNWR_CONNECTION_LIST;

typedef struct _NWR_STATISTICS {
    ULONG Contexts, Servers, Ties, Opens;   /* now */
    ULONG FilesOpen;                        /* now: the opens that are files */
    ULONG ContextsEnded, ServersEnded;      /* since load */
    ULONG Reads, Writes, Cancelled;
    ULONG SapQueries, SapCacheHits;
    ULONG64 BytesRead, BytesWritten;
} NWR_STATISTICS, *PNWR_STATISTICS;

#endif
